import { foldText } from "./text";

/** "Chacra Ñawpa Qhapaq" → "chacra-nawpa-qhapaq": accents and ñ folded, for URLs. */
export function slugify(text: string): string {
  return (
    foldText(text)
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "productor"
  );
}
