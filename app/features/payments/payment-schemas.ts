/**
 * The order page's forms, with card payments: its own intents added to the change/cancel form;
 * and the dashboard's "refunded by hand" button.
 */
import { enum as oneOf, literal, object } from "zod/mini";
import { idField } from "../../lib/form-fields";

/** Which form of the order page was sent: "pay" (card, again), "proof" (Yape/Plin) or one of OrderChangeSchema's. */
export const OrderIntentSchema = object({
  intent: oneOf(["pay", "proof", "cancel", "change"], { error: "errors.checkoutInvalid" }),
});

/** "Ya lo devolví" on the dashboard: a refused card refund was given back by hand. */
export const RefundedByHandSchema = object({
  intent: literal("refundedByHand"),
  orderId: idField,
});
