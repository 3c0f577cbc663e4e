/** "Chacra Ñawpa Qhapaq" → "chacra-nawpa-qhapaq": accents and ñ folded, for URLs. */
export function slugify(text: string): string {
  return (
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "productor"
  );
}
