/**
 * The cart page's forms: a line of a single offer, or of a family basket.
 * Shared by the server (authoritative) and the browser (instant feedback); zod/mini keeps the
 * browser bundle small. Messages are i18n keys; components translate them.
 */
import { enum as oneOf, literal, object } from "zod/mini";
import { idField, redirectToField, required, wholeNumber } from "../../lib/form-fields";

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
