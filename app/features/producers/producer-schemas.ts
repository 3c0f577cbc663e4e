/**
 * A producer's products and offers (also kept by coordinators for assisted producers).
 * Shared by the server (authoritative) and the browser (instant feedback); zod/mini keeps the
 * browser bundle small. Messages are i18n keys; components translate them.
 */
import { enum as oneOf, object, optional } from "zod/mini";
import { UNITS } from "../../../db/schema-enums";
import { idField, moneyField, optionalDescription, requiredLine } from "../../lib/form-fields";
import { wholeNumber } from "../../lib/form-fields";

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
  name: requiredLine(2, 80, {
    tooShort: "errors.productNameTooShort",
    tooLong: "errors.textTooLong",
  }),
  categoryId: idField,
  unit: oneOf(UNITS, { error: "errors.chooseOption" }),
  description: optionalDescription,
});
export const ArchiveProductSchema = object({
  intent: oneOf(["archive", "restore"]),
  productId: idField,
});
