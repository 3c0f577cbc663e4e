/** The order page's forms, with card payments: its own intents added to the change/cancel form. */
import { enum as oneOf, object } from "zod/mini";

/** Which form of the order page was sent: "pay" (card, again) or one of OrderChangeSchema's. */
export const OrderIntentSchema = object({
  intent: oneOf(["pay", "cancel", "change"], { error: "errors.checkoutInvalid" }),
});
