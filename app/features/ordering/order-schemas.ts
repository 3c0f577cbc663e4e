/**
 * Checkout and changing an order.
 * Shared by the server (authoritative) and the browser (instant feedback); zod/mini keeps the
 * browser bundle small. Messages are i18n keys; components translate them.
 */
import {
  array,
  enum as oneOf,
  maxLength,
  object,
  optional,
  pipe,
  string,
  superRefine,
  transform,
} from "zod/mini";
import { idField, required, requestKeyField, wholeNumber } from "../../lib/form-fields";
import { MAX_LINE_QUANTITY } from "../cart/cart-schemas";
import { MAX_SEEN_PRICES_LENGTH, NO_SEEN_PRICES, parseSeenPrices } from "./seen-prices";

export const PAYMENT_METHOD_CHOICES = ["cash", "card", "yape_plin"] as const;

export const CheckoutSchema = object({
  intent: oneOf(["confirm", "adjust"], required),
  slotId: optional(idField),
  paymentMethod: optional(oneOf(PAYMENT_METHOD_CHOICES, required)),
  idempotencyKey: requestKeyField,
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
