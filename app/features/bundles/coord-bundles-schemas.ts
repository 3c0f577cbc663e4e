/**
 * The forms of the coordinator's family-basket pages (/coordinacion/canastas), in zod/mini like
 * app/lib/form-fields.ts. Messages are i18n keys: the shared "errors.*" where one fits, else
 * "coordBundles.errors.*".
 */
import { enum as oneOf, object, optional, pipe, transform } from "zod/mini";
import { moneyField, optionalDescription, requiredLine, wholeNumber } from "../../lib/form-fields";

/** Most units of one product a basket can hold. */
export const MAX_UNITS_PER_BUNDLE = 999;
/** The highest cap a coordinator can type (far above any market day's stock). */
export const MAX_BASKET_CAP = 100_000;

/** A whole number typed in a field, with the field's own message when it is not one in range. */
const wholeIn = (min: number, max: number, message: string, missing?: string) =>
  wholeNumber(min, max, { invalid: message, missing });

const nameField = requiredLine(2, 80, {
  tooShort: "coordBundles.errors.nameTooShort",
  tooLong: "coordBundles.errors.nameTooLong",
});

/** An id a form carries in a hidden field or a select. */
const idOf = (message: string) => wholeIn(1, Number.MAX_SAFE_INTEGER, message, message);

/** Units of one product in each basket: 1 to 999. */
const perBundleField = wholeIn(1, MAX_UNITS_PER_BUNDLE, "coordBundles.errors.quantity");

export const NewBundleSchema = object({
  intent: oneOf(["create"], { error: "errors.formInvalid" }),
  marketDayId: idOf("errors.formInvalid"),
  name: nameField,
  price: moneyField,
});

export const BundleDetailsSchema = object({
  intent: oneOf(["save"], { error: "errors.formInvalid" }),
  name: nameField,
  description: pipe(
    optionalDescription,
    transform((value) => value ?? ""),
  ),
  price: moneyField,
  // Empty: no cap, as many baskets as the contents allow.
  maxCount: pipe(
    optional(wholeIn(0, MAX_BASKET_CAP, "coordBundles.errors.maxCount")),
    transform((value) => value ?? null),
  ),
  // Empty: no limit per family (the cap still bounds them all).
  perCustomerLimit: pipe(
    optional(wholeIn(1, MAX_UNITS_PER_BUNDLE, "coordBundles.errors.perCustomerLimit")),
    transform((value) => value ?? null),
  ),
});

export const AddContentSchema = object({
  intent: oneOf(["addContent"], { error: "errors.formInvalid" }),
  offerId: idOf("coordBundles.errors.chooseOffer"),
  quantity: perBundleField,
});

export const ContentQuantitySchema = object({
  intent: oneOf(["setQuantity"], { error: "errors.formInvalid" }),
  offerId: idOf("errors.formInvalid"),
  quantity: perBundleField,
});

export const RemoveContentSchema = object({
  intent: oneOf(["removeContent"], { error: "errors.formInvalid" }),
  offerId: idOf("errors.formInvalid"),
});

export const BUNDLE_STATUS_INTENTS = ["publish", "pause", "resume"] as const;
export type BundleStatusIntent = (typeof BUNDLE_STATUS_INTENTS)[number];

export const BundleStatusSchema = object({
  intent: oneOf(BUNDLE_STATUS_INTENTS, { error: "errors.formInvalid" }),
});

export const DeleteBundleSchema = object({
  intent: oneOf(["delete"], { error: "errors.formInvalid" }),
});
