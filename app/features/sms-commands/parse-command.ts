/**
 * The language producers write to Qhatu by SMS or WhatsApp (issue 17 §2): one command word,
 * in Spanish, Quechua or English, then what it is about. Forgiving on purpose: accents, case,
 * apostrophes and extra spaces are ignored, a command word with a small typo is still read
 * ("OFERTAA", "PEDIDO"), numbers take a comma or a point ("2,50" = "2.50"), and units, "S/"
 * or "soles" around the numbers are skipped. Pure: the runner (run-command.server.ts) finds
 * the product and applies the command through the producer models.
 */

/** The commands; `DESCONOCIDO` is anything else. */
export const COMMANDS = [
  "MISMO",
  "OFERTA",
  "LISTA",
  "PEDIDOS",
  "LLEVAR",
  "PAUSA",
  "SIGUE",
  "AYUDA",
] as const;
export type CommandName = (typeof COMMANDS)[number];

/**
 * The words of each command, already folded (lowercase, no accents: "mañakuy" is written
 * "manakuy"). The first Spanish and Quechua words are the ones the help text teaches; the
 * Quechua ones are listed for review in app/locales/qu/REVIEW.md.
 */
export const COMMAND_WORDS: Record<CommandName, { es: string[]; qu: string[]; en: string[] }> = {
  MISMO: { es: ["mismo", "repetir"], qu: ["kikin"], en: ["same"] },
  OFERTA: { es: ["oferta", "ofrecer", "ofrezco"], qu: ["qhatuy"], en: ["offer"] },
  LISTA: { es: ["lista", "productos"], qu: ["rurusqa"], en: ["list", "products"] },
  PEDIDOS: { es: ["pedidos", "reservas"], qu: ["manakuy"], en: ["orders"] },
  LLEVAR: { es: ["llevar"], qu: ["apay"], en: ["bring"] },
  PAUSA: { es: ["pausa", "pausar"], qu: ["sayachiy"], en: ["pause"] },
  SIGUE: { es: ["sigue", "seguir", "reanudar", "activar"], qu: ["kutichiy"], en: ["resume"] },
  AYUDA: { es: ["ayuda", "menu", "info"], qu: ["yanapay"], en: ["help"] },
};

export type ParsedCommand =
  | { command: "MISMO" | "PEDIDOS" | "LLEVAR" | "AYUDA" | "DESCONOCIDO" }
  | { command: "LISTA"; page: number }
  | {
      command: "OFERTA";
      product: string;
      quantity: number;
      /** null when not written: an offer already made keeps its price. */
      priceCents: number | null;
    }
  | { command: "OFERTA"; error: "format" | "quantity" | "price" }
  | { command: "PAUSA" | "SIGUE"; product: string }
  | { command: "PAUSA" | "SIGUE"; error: "format" };

/** Lowercase, without accents (ñ → n), apostrophes or repeated spaces: how words are compared. */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/['’ʼ`´]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Edit distance with adjacent transpositions ("ofetra" is one step from "oferta"). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** Typos forgiven in a word of this length: none up to 3 letters, 1 up to 6, then 2. */
export function typosAllowed(length: number) {
  return length <= 3 ? 0 : length <= 6 ? 1 : 2;
}

const WORDS = COMMANDS.flatMap((command) =>
  Object.values(COMMAND_WORDS[command]).flatMap((words) =>
    words.map((word) => ({ word, command })),
  ),
);

/** The command a (folded) word is, exactly or with a forgiven typo; null when none or unclear. */
export function commandOfWord(word: string): CommandName | null {
  const exact = WORDS.find((w) => w.word === word);
  if (exact) return exact.command;
  let best: { distance: number; commands: Set<CommandName> } | null = null;
  for (const { word: candidate, command } of WORDS) {
    const distance = editDistance(word, candidate);
    if (distance > typosAllowed(candidate.length)) continue;
    if (!best || distance < best.distance) best = { distance, commands: new Set([command]) };
    else if (distance === best.distance) best.commands.add(command);
  }
  // Equally close to two commands: better to ask than to guess.
  return best && best.commands.size === 1 ? [...best.commands][0] : null;
}

// Written around the quantity and price, skipped: units, "S/", "soles", "a", "x", "de", "c/u".
const AROUND_NUMBERS = new Set(
  (
    "kg kgs k kilo kilos atado atados unidad unidades und un docena docenas arroba arrobas " +
    "saco sacos litro litros l lt bolsa bolsas frasco frascos porcion porciones " +
    "s/ s/. s soles sol a x de por c/u cu"
  ).split(" "),
);

const NUMBERISH = /^(?:s\/\.?)?\d/;

/** A whole quantity, with an optional unit stuck to it ("50", "50kg"); null if not whole. */
export function parseQuantity(token: string): number | null {
  const match = /^(\d{1,9})(?:[a-z/]*)$/.exec(token);
  return match ? Number(match[1]) : null;
}

/** Soles as typed ("2.50", "2,5", "S/2.50", "3") in céntimos; null if not a price. */
export function parsePriceCents(token: string): number | null {
  const match = /^(?:s\/\.?)?(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(token);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** `<product> <quantity> [price]`, the numbers last. */
function parseOffer(args: string[]): ParsedCommand {
  // The numbers and the words written around them, from the end.
  let start = args.length;
  while (start > 0 && (NUMBERISH.test(args[start - 1]) || AROUND_NUMBERS.has(args[start - 1])))
    start--;
  const numbers: number[] = [];
  for (let i = start; i < args.length; i++) if (NUMBERISH.test(args[i])) numbers.push(i);
  if (numbers.length === 0) return { command: "OFERTA", error: "format" };
  // More than two numbers: the first belong to the product's name ("Huevos 12").
  const kept = numbers.slice(-2);
  const productWords = args.slice(0, kept[0]);
  while (productWords.length > 0 && AROUND_NUMBERS.has(productWords[productWords.length - 1]))
    productWords.pop();
  if (productWords.length === 0) return { command: "OFERTA", error: "format" };
  const quantity = parseQuantity(args[kept[0]]);
  if (quantity === null) return { command: "OFERTA", error: "quantity" };
  let priceCents: number | null = null;
  if (kept.length === 2) {
    priceCents = parsePriceCents(args[kept[1]]);
    if (priceCents === null) return { command: "OFERTA", error: "price" };
  }
  return { command: "OFERTA", product: productWords.join(" "), quantity, priceCents };
}

/** Reads one message. Never throws: anything unreadable is `DESCONOCIDO`. */
export function parseCommand(text: string): ParsedCommand {
  const folded = fold(text.slice(0, 1000));
  if (/^[?¿]+$/.test(folded)) return { command: "AYUDA" };
  const [first = "", ...rest] = folded.split(" ");
  // "papa, 50, 2.50": commas and colons ending a word separate; inside a number they are decimals.
  const args = rest.map((arg) => arg.replace(/[,;:]+$/, "")).filter(Boolean);
  // "OFERTA:", "LISTA." or "*AYUDA*": the word without what surrounds it.
  const word = first.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
  // "lo mismo", "mis pedidos": the second word says it.
  const command =
    commandOfWord(word) ??
    (["lo", "mis", "el", "la"].includes(word) && args.length > 0
      ? commandOfWord(args.shift()!.replace(/[^a-z0-9]+$/g, ""))
      : null);
  switch (command) {
    case null:
      return { command: "DESCONOCIDO" };
    case "OFERTA":
      return parseOffer(args);
    case "PAUSA":
    case "SIGUE":
      return args.length > 0 ? { command, product: args.join(" ") } : { command, error: "format" };
    case "LISTA": {
      const page = Number(args[0]);
      return { command, page: Number.isSafeInteger(page) && page > 1 ? page : 1 };
    }
    default:
      return { command };
  }
}

/** A product as commands name it: by name or by its short code from LISTA ("P3"). */
export type ProductChoice = { id: number; name: string; code: string };

/**
 * Short codes that never change: P1, P2… in the order the producer added their products,
 * archived ones keeping their number (so a code read in LISTA last week still means the same
 * product). Returns the products not archived, with their codes.
 */
export function withCodes<T extends { id: number; name: string; archivedAt: Date | null }>(
  products: T[],
): (T & { code: string })[] {
  return [...products]
    .sort((a, b) => a.id - b.id)
    .map((p, i) => ({ ...p, code: `P${i + 1}` }))
    .filter((p) => p.archivedAt === null);
}

export type ProductMatch<T> =
  { found: T } | { found: null; candidates: T[] /** empty: nothing matched; else: ambiguous */ };

/**
 * The product a (folded) query means: its code, else the one name equal to it, else the one
 * name starting with it, else with a word starting with it, else containing it, else the one
 * name a typo away. Several at the first level that has any: ambiguous, listed.
 */
export function findProduct<T extends ProductChoice>(
  query: string,
  products: T[],
): ProductMatch<T> {
  // No product name is longer (80): a longer query matches nothing, and costs nothing to try.
  const q = fold(query).slice(0, 100);
  const code = /^p\s?0*(\d{1,6})$/.exec(q);
  if (code) {
    const byCode = products.find((p) => p.code === `P${Number(code[1])}`);
    if (byCode) return { found: byCode };
  }
  const named = products.map((p) => ({ p, name: fold(p.name) }));
  const levels: ((name: string) => boolean)[] = [
    (name) => name === q,
    (name) => name.startsWith(q),
    (name) => name.split(" ").some((w) => w.startsWith(q)),
    (name) => name.includes(q),
    (name) => q.length >= 4 && editDistance(name, q) <= typosAllowed(name.length),
  ];
  for (const level of levels) {
    const matches = named.filter(({ name }) => level(name)).map(({ p }) => p);
    if (matches.length === 1) return { found: matches[0] };
    if (matches.length > 1) return { found: null, candidates: matches };
  }
  return { found: null, candidates: [] };
}
