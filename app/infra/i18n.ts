/** i18next settings shared by the server and the browser. */
export const supportedLanguages = ["es", "qu", "en"] as const;
export type UiLanguage = (typeof supportedLanguages)[number];
export const fallbackLanguage: UiLanguage = "es";

export const i18nConfig = {
  supportedLngs: [...supportedLanguages],
  fallbackLng: fallbackLanguage,
  defaultNS: "translation",
  ns: ["translation"],
  // React escapes output already.
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
} as const;

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === "string" && (supportedLanguages as readonly string[]).includes(value);
}
