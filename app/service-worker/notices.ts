/**
 * The worker's own words, in the page's language. The strings live with the app's other
 * translations (app/locales/<lang>/offline.json) and are bundled into sw.js, so the offline
 * banner and page read the same as the rest of the app with no network at all.
 */
import en from "../locales/en/offline.json";
import es from "../locales/es/offline.json";
import qu from "../locales/qu/offline.json";

export type Lang = "es" | "qu" | "en";
// "app" holds the installed app's names (the manifest route), not the worker's words.
type Key = Exclude<keyof typeof es.offline, "app">;

const strings: Record<Lang, Record<Key, string>> = {
  es: es.offline,
  qu: qu.offline,
  en: en.offline,
};

/** A language the app speaks, from an `<html lang>` or a browser's language tag. */
export function langOf(tag: string | null | undefined): Lang | null {
  const base = (tag ?? "").toLowerCase().split("-")[0];
  return base === "es" || base === "qu" || base === "en" ? base : null;
}

/** The string for `key`, with `{{name}}` filled in (values are HTML-escaped). */
export function say(lang: Lang, key: Key, values: Record<string, string> = {}): string {
  return escapeHtml(strings[lang][key]).replace(/\{\{(\w+)\}\}/g, (_, name: string) =>
    escapeHtml(values[name] ?? ""),
  );
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}
