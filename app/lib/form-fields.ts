/**
 * The fields every form shares, one way each (zod/mini, so the browser bundle stays small):
 * whole numbers, ids (in a form and in an address), money in soles, calendar dates. Messages
 * are i18n keys under "errors.*"; a domain's schema may refine them with its own rules.
 */
import { pipe, string, transform, trim } from "zod/mini";

const required = { error: "errors.required" };

/**
 * A whole number typed in a form field, within bounds. A field may give its own message for
 * any number it refuses (`invalid`) and for being left empty (`missing`).
 */
export const wholeNumber = (
  min: number,
  max: number,
  { invalid, missing = required.error }: { invalid?: string; missing?: string } = {},
) =>
  pipe(
    string({ error: missing }).check(trim()),
    transform((raw, ctx) => {
      const value = Number(raw);
      if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value)) {
        ctx.issues.push({ code: "custom", message: invalid ?? "errors.wholeNumber", input: raw });
      } else if (value < min) {
        ctx.issues.push({
          code: "custom",
          message: invalid ?? "errors.numberTooSmall",
          input: raw,
          params: { min },
        });
      } else if (value > max) {
        ctx.issues.push({
          code: "custom",
          message: invalid ?? "errors.numberTooLarge",
          input: raw,
          params: { max },
        });
      }
      return value;
    }),
  );

/** A database id carried by a form. */
export const idField = wholeNumber(1, Number.MAX_SAFE_INTEGER);

/**
 * An id in an address (/coordinacion/ferias/:id, /coordinacion/recojo/:id…): a positive whole
 * number, or a thrown 404 for anything else, before anything is read.
 */
export function idParam(raw: string | undefined): number {
  const id = Number(raw);
  if (!raw || !/^\d{1,15}$/.test(raw) || !Number.isSafeInteger(id) || id < 1)
    throw new Response("Not found", { status: 404 });
  return id;
}

/** Soles as people type them ("3.50", "3,5", "S/ 12") into integer céntimos, S/ 0.01 to S/ 10,000. */
export const moneyField = pipe(
  string(required).check(trim()),
  transform((raw, ctx) => {
    const match = /^(?:S\/\s*)?(\d{1,6})(?:[.,](\d{1,2}))?$/i.exec(raw);
    if (!match) {
      ctx.issues.push({ code: "custom", message: "errors.priceFormat", input: raw });
      return 0;
    }
    const cents = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
    if (cents <= 0)
      ctx.issues.push({ code: "custom", message: "errors.pricePositive", input: raw });
    else if (cents > 1_000_000)
      ctx.issues.push({ code: "custom", message: "errors.priceTooHigh", input: raw });
    return cents;
  }),
);

/** Soles as a money input shows them: 350 céntimos → "3.50". */
export function centsToInput(cents: number): string {
  return (cents / 100).toFixed(2);
}

/**
 * The years a date in any of our forms may fall in (Date.UTC reads years below 100 as 19xx, so
 * four digits); each domain's rules judge the rest (too old, in the past, in the future).
 */
export const FIRST_YEAR = 1000;
export const LAST_YEAR = 2100;

/** A real calendar date written YYYY-MM-DD (what <input type="date"> sends), within the years. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return (
    y >= FIRST_YEAR &&
    y <= LAST_YEAR &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === m - 1 &&
    date.getUTCDate() === d
  );
}
