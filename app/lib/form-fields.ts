/**
 * The fields every form shares, one way each (zod/mini, so the browser bundle stays small):
 * whole numbers, ids (in a form and in an address), money in soles, calendar dates, one-line and
 * longer texts, phone-or-email contacts, new passwords and same-site redirect paths. Messages
 * are i18n keys under "errors.*"; a domain's schema may refine them with its own rules.
 */
import {
  catch as fallback,
  maxLength,
  minLength,
  optional,
  pipe,
  refine,
  string,
  transform,
  trim,
} from "zod/mini";
import { isCommonPassword } from "../features/access/common-passwords";
import { normalizePeruvianMobile } from "./phone";

/** The message of a field left empty. */
export const required = { error: "errors.required" };

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

/**
 * Characters a person cannot see but that change what they read: format characters such as
 * U+202E (right-to-left override, which shows an address reversed), zero-width spaces,
 * controls. Names, contacts and one-line texts refuse them all; texts of several lines keep
 * their line breaks and tabs.
 */
const HIDDEN_IN_LINE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
// eslint-disable-next-line no-control-regex -- control characters are what is refused
const HIDDEN_IN_TEXT = /[\p{Cf}\u2028\u2029\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
const invisible = { error: "errors.invisibleCharacters" };
export const visibleLine = refine<string>((text) => !HIDDEN_IN_LINE.test(text), invisible);
export const visibleText = refine<string>((text) => !HIDDEN_IN_TEXT.test(text), invisible);

/** Phone or email, as a person types it; becomes a tagged, normalized value. */
export const contactField = pipe(
  string(required).check(trim(), maxLength(254, { error: "errors.contactInvalid" }), visibleLine),
  transform((raw, ctx) => {
    if (raw.includes("@")) {
      const email = raw.toLowerCase();
      if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { kind: "email" as const, value: email };
    } else {
      const phone = normalizePeruvianMobile(raw);
      if (phone) return { kind: "phone" as const, value: phone };
    }
    ctx.issues.push({ code: "custom", message: "errors.contactInvalid", input: raw });
    return { kind: "email" as const, value: "" };
  }),
);

export const newPasswordField = string(required).check(
  minLength(8, { error: "errors.passwordTooShort" }),
  maxLength(128, { error: "errors.passwordTooLong" }),
  refine((p) => !isCommonPassword(p), { error: "errors.passwordCommon" }),
);

/**
 * Only same-site paths, so a crafted link cannot send people elsewhere after login: a single
 * leading slash, and no whitespace or control characters anywhere (browsers drop tabs and
 * newlines from URLs, which would turn "/<tab>/evil.example" into "//evil.example").
 */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
export const SAFE_PATH = /^\/(?![/\\])[^\s\u0000-\u001f\u007f\\]*$/;

/**
 * A same-site path as a Location header can carry it: percent-encoded (non-ASCII characters
 * in a header crash the response or arrive mangled), dot segments resolved, and checked again
 * after that, since "/.//evil.example" resolves to "//evil.example". Undefined if unsafe.
 */
export function localPath(path: string): string | undefined {
  if (path.length > 500 || !SAFE_PATH.test(path)) return undefined;
  const base = "http://qhatu.invalid";
  let url: URL;
  try {
    url = new URL(path, base);
  } catch {
    return undefined;
  }
  const resolved = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === base && SAFE_PATH.test(resolved) ? resolved : undefined;
}

export const redirectToField = fallback(
  optional(
    pipe(
      string(),
      transform((path) => localPath(path)),
    ),
  ),
  undefined,
);

/**
 * One line of text a form requires (a name, a place, a reference), trimmed, from `min` to `max`
 * characters, each bound with its own message. Hidden characters are refused unless
 * `visible: false` (fields that never refused them keep not doing so).
 */
export const requiredLine = (
  min: number,
  max: number,
  { tooShort, tooLong, visible = true }: { tooShort: string; tooLong: string; visible?: boolean },
) =>
  string(required).check(
    trim(),
    minLength(min, { error: tooShort }),
    maxLength(max, { error: tooLong }),
    ...(visible ? [visibleLine] : []),
  );

/** A description of several lines, up to 500 characters, trimmed; absent when empty. */
export const optionalDescription = optional(
  string().check(trim(), maxLength(500, { error: "errors.descriptionTooLong" }), visibleText),
);

/**
 * A key drawn when a form is shown and sent back with it: the same form sent twice (a double
 * tap, a retry on a weak connection) is done once.
 */
export const requestKeyField = string(required).check(minLength(16), maxLength(64));

/** One line of free text with a length limit, trimmed; absent when empty. */
export const optionalText = (max: number) =>
  optional(string().check(trim(), maxLength(max, { error: "errors.textTooLong" }), visibleLine));
