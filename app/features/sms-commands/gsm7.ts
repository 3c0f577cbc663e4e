/**
 * Text messages in the GSM 03.38 7-bit alphabet: 160 characters fit one SMS, while a single
 * character outside it (á, í, ó, ú, "–", an emoji…) turns the whole message into UCS-2, where
 * only 70 fit. Answers and digests are written in plain forms, and `toGsm7` makes anything
 * interpolated into them (product names, dates) plain as well.
 */

/** The basic set: one septet each. */
const BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/** The extension table: an escape septet plus one, so two each. */
const EXTENDED = "^{}\\[~]|€\f";

const basic = new Set(BASIC);
const extended = new Set(EXTENDED);

/** One SMS: 160 septets. */
export const SMS_LIMIT = 160;

export function isGsm7(text: string): boolean {
  for (const char of text) if (!basic.has(char) && !extended.has(char)) return false;
  return true;
}

/** Septets the text takes in GSM-7 (extension characters count twice). */
export function gsm7Length(text: string): number {
  let length = 0;
  for (const char of text) length += extended.has(char) ? 2 : 1;
  return length;
}

// Characters a Spanish or Quechua text carries that have a plain GSM-7 form.
const PLAIN: Record<string, string> = {
  "\u00a0": " ",
  "\u202f": " ",
  "\u2009": " ",
  "\u2013": "-",
  "\u2014": "-",
  "\u2018": "'",
  "\u2019": "'",
  "\u02bc": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u00ab": '"',
  "\u00bb": '"',
  "\u2026": "...",
  "\u2192": "->",
  "\u00b7": "-",
  "\t": " ",
};

/**
 * The same text in GSM-7: á → a, Í → I, ü and ñ kept (they are in the set), typographic
 * dashes and quotes made plain, anything else without a plain form dropped.
 */
export function toGsm7(text: string): string {
  let out = "";
  for (const char of text) {
    if (basic.has(char) || extended.has(char)) out += char;
    else if (PLAIN[char] !== undefined) out += PLAIN[char];
    else {
      // Accented letters: the letter without its accent, when that is in the set.
      const bare = char.normalize("NFD").replace(/\p{M}/gu, "");
      if (bare && isGsm7(bare)) out += bare;
      else if (/\s/u.test(char)) out += " ";
    }
  }
  return out;
}

/** The text cut to fit one SMS (ending "..." when cut), counted in septets. */
export function fitSms(text: string, limit = SMS_LIMIT): string {
  if (gsm7Length(text) <= limit) return text;
  let out = "";
  let length = 0;
  for (const char of text) {
    const size = extended.has(char) ? 2 : 1;
    if (length + size > limit - 3) break;
    out += char;
    length += size;
  }
  return `${out.trimEnd()}...`;
}

/**
 * A list inside a message, as many items as fit: `compose(shown, more)` writes the message
 * with the items shown and how many were left out (0 when all fit; `moreText(n)` words
 * "+N más"). Returns the longest message of at most `limit` septets, else the one with a
 * single item (cut by fitSms).
 */
export function fitList(
  items: string[],
  compose: (shown: string, more: string) => string,
  moreText: (count: number) => string,
  separator = ", ",
  limit = SMS_LIMIT,
): string {
  if (items.length === 0) return fitSms(toGsm7(compose("", "")), limit);
  for (let shown = items.length; shown >= 1; shown--) {
    const left = items.length - shown;
    const text = toGsm7(compose(items.slice(0, shown).join(separator), left ? moreText(left) : ""));
    if (gsm7Length(text) <= limit) return text;
  }
  const one = items.length - 1;
  return fitSms(toGsm7(compose(items[0], one ? moreText(one) : "")), limit);
}
