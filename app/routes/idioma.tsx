import { redirect } from "@remix-run/node";
import type { ActionFunctionArgs } from "@remix-run/node";
import { readFormData } from "../lib/forms.server";
import { getTranslator, languageCookie } from "../infra/i18n.server";
import { LanguageSchema } from "../features/access/login-schemas";
import { setUserLocale } from "../features/access/users.server";
import { getUser } from "../infra/session.server";

export function loader() {
  return redirect("/");
}

/** Keeps the chosen language in a cookie and, for a logged-in person, on their account. */
export async function action({ request }: ActionFunctionArgs) {
  const parsed = LanguageSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) {
    const { t } = await getTranslator(request);
    return new Response(t("errors.languageInvalid"), { status: 400 });
  }
  const { locale, redirectTo } = parsed.data;
  const found = await getUser(request);
  if (found) setUserLocale({ userId: found.user.id, locale });
  return redirect(redirectTo ?? "/", {
    headers: { "Set-Cookie": await languageCookie.serialize(locale) },
  });
}
