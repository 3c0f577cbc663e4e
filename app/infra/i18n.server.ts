/**
 * Server-side i18n: which language a request wants (the person's choice in a cookie, else
 * Accept-Language) and a translator for it. Translations are bundled, so nothing is read from
 * disk per request.
 */
import { createCookie } from "@remix-run/node";
import i18next from "i18next";
import { RemixI18Next } from "remix-i18next/server";
import { catalogs } from "../locales/catalogs";
import { fallbackLanguage, i18nConfig, supportedLanguages, type UiLanguage } from "./i18n";

export const resources = {
  es: { translation: catalogs.es },
  qu: { translation: catalogs.qu },
  en: { translation: catalogs.en },
};

export const languageCookie = createCookie("qhatu_lng", {
  path: "/",
  sameSite: "lax",
  maxAge: 365 * 24 * 60 * 60,
});

const detector = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLanguages],
    fallbackLanguage,
    cookie: languageCookie,
    order: ["cookie", "header"],
  },
});

export async function getLocale(request: Request): Promise<UiLanguage> {
  return (await detector.getLocale(request)) as UiLanguage;
}

// One instance holding every language; getFixedT on it is cheap, unlike creating an
// instance per request.
const shared = i18next.createInstance();
void shared.init({ ...i18nConfig, resources, initImmediate: false });

/** A translator for the request's language, for loaders and actions (titles, messages). */
export async function getTranslator(request: Request) {
  const locale = await getLocale(request);
  return { locale, t: shared.getFixedT(locale) };
}
