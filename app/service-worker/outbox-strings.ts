/**
 * The outbox's words in es/qu/en, from app/locales/<lang>/outbox.json (the same files the
 * server answers queued forms from), with i18next's `_one`/`_other` plurals and `{{name}}`
 * placeholders done by hand: the worker stays small without i18next.
 */
import en from "../locales/en/outbox.json";
import es from "../locales/es/outbox.json";
import qu from "../locales/qu/outbox.json";

export type OutboxLang = "es" | "qu" | "en";
type NoticeKey = keyof typeof es.outbox.notice;
type Stem<K> = K extends `${infer S}_one` | `${infer S}_other` ? S : K;

const notices: Record<OutboxLang, Record<string, string>> = {
  es: es.outbox.notice,
  qu: qu.outbox.notice,
  en: en.outbox.notice,
};

/** A notice string, its placeholders filled with `values` (escape the result, not the values). */
export function noticeText(
  lang: OutboxLang,
  key: Stem<NoticeKey>,
  values: Record<string, string | number> = {},
): string {
  const strings = notices[lang] ?? notices.es;
  const plural =
    typeof values.count === "number" ? (values.count === 1 ? `${key}_one` : `${key}_other`) : key;
  const template = strings[plural] ?? strings[key] ?? notices.es[plural] ?? key;
  return template.replace(/{{(\w+)}}/g, (_, name: string) => String(values[name] ?? ""));
}
