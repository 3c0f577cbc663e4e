/**
 * Form schemas shared by the server (authoritative) and the browser (instant feedback),
 * written with zod/mini so the browser bundle stays small. Messages are i18n keys under
 * "errors.*"; components translate them.
 */
import {
  array,
  catch as fallback,
  enum as oneOf,
  literal,
  maxLength,
  minLength,
  object,
  optional,
  pipe,
  refine,
  string,
  superRefine,
  transform,
  trim,
} from "zod/mini";
import { LOCALES, UNITS } from "../../db/schema-enums";
import { isCommonPassword } from "../features/access/common-passwords";
import { CUSCO_PROVINCES } from "./cusco";
import { idField, moneyField, wholeNumber } from "./form-fields";
import { normalizePeruvianMobile } from "./phone";
import {
  MAX_SEEN_PRICES_LENGTH,
  NO_SEEN_PRICES,
  parseSeenPrices,
} from "../features/ordering/seen-prices";

const required = { error: "errors.required" };

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

/** One line of free text with a length limit, trimmed; absent when empty. */
const optionalText = (max: number) =>
  optional(string().check(trim(), maxLength(max, { error: "errors.textTooLong" }), visibleLine));

export const LoginSchema = object({
  contact: contactField,
  password: string(required).check(maxLength(128, { error: "errors.passwordTooLong" })),
  redirectTo: redirectToField,
});

export const SignupSchema = object({
  name: string(required).check(
    trim(),
    minLength(2, { error: "errors.nameTooShort" }),
    maxLength(80, { error: "errors.nameTooLong" }),
    visibleLine,
  ),
  contact: contactField,
  password: newPasswordField,
  locale: oneOf(LOCALES, { error: "errors.chooseOption" }),
  role: oneOf(["consumer", "producer"], { error: "errors.chooseOption" }),
  farmName: optionalText(80),
  community: optionalText(80),
  province: optional(oneOf(CUSCO_PROVINCES, { error: "errors.provinceInvalid" })),
  redirectTo: redirectToField,
}).check(
  superRefine((value, ctx) => {
    if (value.role !== "producer") return;
    for (const field of ["farmName", "province"] as const) {
      if (!value[field]) {
        ctx.issues.push({
          code: "custom",
          path: [field],
          message: "errors.required",
          input: value,
        });
      }
    }
  }),
);

export const LanguageSchema = object({
  locale: oneOf(LOCALES),
  redirectTo: redirectToField,
});

/** Most of one thing a person can put in a basket line. */
export const MAX_LINE_QUANTITY = 999;

export const CartLineSchema = object({
  intent: oneOf(["add", "set"], required),
  offerId: idField,
  quantity: wholeNumber(0, MAX_LINE_QUANTITY),
  redirectTo: redirectToField,
});

/** What a basket form can do to a family basket ("canasta familiar") beside single offers. */
export const BUNDLE_LINE_INTENTS = ["addBundle", "setBundle"] as const;

export const BundleLineSchema = object({
  intent: literal(BUNDLE_LINE_INTENTS, required),
  bundleId: idField,
  quantity: wholeNumber(0, MAX_LINE_QUANTITY),
  redirectTo: redirectToField,
});

export const PAYMENT_METHOD_CHOICES = ["cash", "card"] as const;

export const CheckoutSchema = object({
  intent: oneOf(["confirm", "adjust"], required),
  slotId: optional(idField),
  paymentMethod: optional(oneOf(PAYMENT_METHOD_CHOICES, required)),
  idempotencyKey: string(required).check(minLength(16), maxLength(64)),
  /**
   * The prices the page showed (app/features/ordering/seen-prices.ts). Absent, every line counts as not
   * seen (a 409 listing them, never a silent charge); garbled, the form is refused (400).
   */
  seenPrices: optional(
    pipe(
      string().check(maxLength(MAX_SEEN_PRICES_LENGTH)),
      transform((raw, ctx) => {
        const prices = parseSeenPrices(raw);
        if (!prices)
          ctx.issues.push({ code: "custom", message: "errors.checkoutInvalid", input: raw });
        return prices ?? NO_SEEN_PRICES;
      }),
    ),
  ),
}).check(
  superRefine((value, ctx) => {
    if (value.intent === "confirm" && value.slotId === undefined) {
      ctx.issues.push({
        code: "custom",
        path: ["slotId"],
        message: "errors.chooseSlot",
        input: value,
      });
    }
  }),
);

export const OrderChangeSchema = object({
  intent: oneOf(["cancel", "change"], required),
  slotId: optional(idField),
  items: optional(
    array(object({ offerId: idField, quantity: wholeNumber(0, MAX_LINE_QUANTITY) })).check(
      maxLength(100),
    ),
  ),
});

/** Units offered: whole, 0 to 100,000. */
export const MAX_OFFER_QUANTITY = 100_000;

const offerFields = {
  price: moneyField,
  quantity: wholeNumber(0, MAX_OFFER_QUANTITY),
  perCustomerLimit: optional(wholeNumber(1, MAX_OFFER_QUANTITY)),
};

export const CreateOfferSchema = object({
  intent: oneOf(["create"]),
  productId: idField,
  ...offerFields,
});
export const UpdateOfferSchema = object({
  intent: oneOf(["update"]),
  offerId: idField,
  ...offerFields,
});
export const OfferStatusSchema = object({ intent: oneOf(["pause", "resume"]), offerId: idField });

export const ProductSchema = object({
  intent: oneOf(["save"]),
  productId: optional(idField),
  name: string(required).check(
    trim(),
    minLength(2, { error: "errors.productNameTooShort" }),
    maxLength(80, { error: "errors.textTooLong" }),
    visibleLine,
  ),
  categoryId: idField,
  unit: oneOf(UNITS, { error: "errors.chooseOption" }),
  description: optional(
    string().check(trim(), maxLength(500, { error: "errors.descriptionTooLong" }), visibleText),
  ),
});
export const ArchiveProductSchema = object({
  intent: oneOf(["archive", "restore"]),
  productId: idField,
});
