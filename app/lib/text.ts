/** "Chuño Negro" → "chuno negro": lower case without accents, for search. */
export function foldText(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}
