/**
 * The interface's words in React components, on the server and in the browser alike:
 * `useTranslation()` gives `t` and the page's language.
 *
 * On the server `t` is i18next's (entry.server.tsx). The browser gets `makeTranslate` instead:
 * the few i18next features our catalogues use (nested keys, `{{value}}`, plurals by
 * Intl.PluralRules), about 1 KB instead of i18next and react-i18next's 15 KB on every hydrated
 * page. tests/unit/translate-parity.test.ts checks that both give the same text for every key
 * of every language, so hydration always agrees.
 */
import { createContext, useContext, type ReactNode } from "react";

export type Translate = (key: string, options?: Record<string, unknown>) => string;
export type Translation = {
  t: Translate;
  language: string;
  /** The language's whole catalogue (root.tsx inlines the browser's share of it). */
  resources: Record<string, unknown>;
};

const TranslationContext = createContext<Translation | null>(null);

export function TranslationProvider({
  value,
  children,
}: {
  value: Translation;
  children: ReactNode;
}) {
  return <TranslationContext.Provider value={value}>{children}</TranslationContext.Provider>;
}

/** Shaped like react-i18next's hook, which the components were written against. */
export function useTranslation() {
  const translation = useContext(TranslationContext);
  if (!translation) throw new Error("useTranslation outside TranslationProvider");
  return {
    t: translation.t,
    i18n: { language: translation.language, resources: translation.resources },
  };
}

function lookup(resources: Record<string, unknown>, key: string): unknown {
  let node: unknown = resources;
  for (const part of key.split(".")) {
    if (!node || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * i18next's lookup for one language, as configured here: with a `count`, `key_zero` (count 0
 * only), then `key_<plural form>`, then `key`; `{{name}}` (and `{{- name}}`) replaced by the
 * option, left as it is when the option is not given; a missing key comes back as the key.
 */
export function makeTranslate(language: string, resources: Record<string, unknown>): Translate {
  const plurals = new Intl.PluralRules(language);
  return (key, options = {}) => {
    const count = options.count;
    const candidates = [key];
    if (typeof count === "number") {
      candidates.unshift(`${key}_${plurals.select(count)}`);
      if (count === 0) candidates.unshift(`${key}_zero`);
    }
    let text: string | undefined;
    for (const candidate of candidates) {
      const found = lookup(resources, candidate);
      if (typeof found === "string") {
        text = found;
        break;
      }
    }
    if (text === undefined) return key;
    return text.replace(/{{-?\s*([^{}]+?)\s*}}/g, (whole, name: string) =>
      Object.prototype.hasOwnProperty.call(options, name)
        ? options[name] === undefined || options[name] === null
          ? ""
          : String(options[name])
        : whole,
    );
  };
}
