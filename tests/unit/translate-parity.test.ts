/**
 * The browser's small translator (app/infra/translate.tsx) says exactly what i18next says on
 * the server (every language loaded, Spanish the fallback), for every key of every language: plain, with counts (0, 1, 2, 5, 21) and with
 * every {{value}} the text names filled in or left out. A difference would make a hydrated
 * page flicker to other words, or show a raw key.
 */
import { createInstance } from "i18next";
import { describe, expect, it } from "vitest";
import { i18nConfig, supportedLanguages } from "../../app/infra/i18n";
import { makeTranslate } from "../../app/infra/translate";
import { resources } from "../../app/infra/i18n.server";
import { catalogs } from "../../app/locales/catalogs";

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [[prefix + key, value]] : leaves(value, `${prefix}${key}.`),
  );
}

const PLURAL = /_(zero|one|two|few|many|other)$/;

describe.each(supportedLanguages)("in %s", (lng) => {
  it("the browser's words are i18next's words, key by key", async () => {
    const server = createInstance();
    await server.init({
      ...i18nConfig,
      lng,
      // As the server has them: every language, Spanish the fallback.
      resources,
      initImmediate: false,
    });
    const browser = makeTranslate(lng, catalogs[lng] as Record<string, unknown>);
    const entries = leaves(catalogs[lng] as Tree);
    expect(entries.length).toBeGreaterThan(500);
    const keys = new Set(entries.map(([key]) => key.replace(PLURAL, "")));
    let compared = 0;
    for (const key of keys) {
      const texts = entries.filter(([k]) => k.replace(PLURAL, "") === key).map(([, v]) => v);
      const names = [
        ...new Set(
          texts.flatMap((t) => [...t.matchAll(/{{-?\s*([^{},]+?)\s*}}/g)].map((m) => m[1])),
        ),
      ];
      const filled = Object.fromEntries(names.map((name, i) => [name, `«${name}${i}»`]));
      const variants: Record<string, unknown>[] = [
        {},
        filled,
        ...[0, 1, 2, 5, 21].map((count) => ({ ...filled, count })),
        { ...filled, [names[0] ?? "unused"]: undefined },
      ];
      for (const options of variants) {
        expect(browser(key, options), `${lng} ${key} ${JSON.stringify(options)}`).toBe(
          server.t(key, options),
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(3000);
  });

  it("a missing key comes back as the key, as i18next does", () => {
    const browser = makeTranslate(lng, catalogs[lng] as Record<string, unknown>);
    expect(browser("no.such.key")).toBe("no.such.key");
  });
});
