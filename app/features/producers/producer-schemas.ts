/**
 * A producer's products and offers (also kept by coordinators for assisted producers).
 * Shared by the server (authoritative) and the browser (instant feedback); zod/mini keeps the
 * browser bundle small. Messages are i18n keys; components translate them.
 */
import { enum as oneOf, maxLength, minLength, object, optional, string, trim } from "zod/mini";
import { UNITS } from "../../../db/schema-enums";
import { idField, moneyField, visibleLine, visibleText, wholeNumber } from "../../lib/form-fields";

const required = { error: "errors.required" };

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
