/** Every user-facing string exists in Spanish, Quechua and English, and none hides in components. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { catalogFiles, catalogs as merged } from "../../app/locales/catalogs";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === "string"
        ? [[prefix + key, value]]
        : Object.entries(flatten(value, `${prefix}${key}.`)),
    ),
  );
}

const catalogs = {
  es: flatten(merged.es as Tree),
  qu: flatten(merged.qu as Tree),
  en: flatten(merged.en as Tree),
};

describe("translations", () => {
  it.each(["es", "qu", "en"] as const)("%s files never share a top-level key", (lng) => {
    const keys = catalogFiles[lng].flatMap((file) => Object.keys(file));
    expect(keys.length).toBe(new Set(keys).size);
  });

  it.each(["qu", "en"] as const)("%s has exactly the Spanish keys", (lng) => {
    expect(Object.keys(catalogs[lng]).sort()).toEqual(Object.keys(catalogs.es).sort());
  });

  it.each(["es", "qu", "en"] as const)(
    "%s has no empty strings and keeps every placeholder",
    (lng) => {
      for (const [key, value] of Object.entries(catalogs[lng])) {
        expect(value.trim(), key).not.toBe("");
        const placeholders = (s: string) => (s.match(/{{\w+}}/g) ?? []).sort();
        expect(placeholders(value), key).toEqual(placeholders(catalogs.es[key]));
      }
    },
  );

  it("lists Quechua's Spanish loanwords for review", () => {
    const review = fs.readFileSync("app/locales/qu/REVIEW.md", "utf8");
    for (const loan of ["cuenta", "celular", "correo", "provincia", "coordinación"]) {
      expect(review.toLowerCase()).toContain(loan);
    }
  });

  it("every key used in code exists", () => {
    const files = walk("app").filter((f) => /\.(tsx?|json)$/.test(f) && !f.includes("locales"));
    const used = new Set<string>();
    for (const file of files) {
      const source = fs.readFileSync(file, "utf8");
      for (const match of source.matchAll(/\bt\(\s*"([\w.]+)"/g)) used.add(match[1]);
      for (const match of source.matchAll(/"(errors\.\w+)"/g)) used.add(match[1]);
    }
    const missing = [...used].filter(
      (key) => !(key in catalogs.es) && !(`${key}_other` in catalogs.es),
    );
    expect(missing).toEqual([]);
  });

  it("components carry no literal Spanish text", () => {
    const offenders: string[] = [];
    for (const file of walk("app").filter((f) => f.endsWith(".tsx"))) {
      const code = fs
        .readFileSync(file, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "");
      // Words written straight between JSX tags (the brand name aside).
      for (const match of code.matchAll(
        /(?<![=-])>([^<>{};=()]*[A-Za-zÁÉÍÓÚáéíóúñÑ¿¡][^<>{};=()]*)</g,
      )) {
        const text = match[1].trim();
        if (text && text !== "Qhatu") offenders.push(`${file}: ${text}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}
