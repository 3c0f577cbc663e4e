/** The pickup desk's form: one schema for its four actions (zod/mini, see schemas.ts). */
import {
  array,
  enum as oneOf,
  maxLength,
  object,
  optional,
  pipe,
  string,
  transform,
  trim,
} from "zod/mini";
import { idField, requestKeyField, wholeNumber } from "../../lib/form-fields";
import { MAX_LINE_QUANTITY } from "../cart/cart-schemas";
import { cashCentsOf } from "./cash";

/** Cash handed over, as typed ("50", "20.50", "S/ 100"), in céntimos: S/ 0 to S/ 10,000. */
export const cashField = pipe(
  string().check(trim()),
  transform((raw, ctx) => {
    const cents = cashCentsOf(raw) ?? -1;
    if (cents < 0 || cents > 1_000_000) {
      ctx.issues.push({ code: "custom", message: "coordDesk.errors.cashFormat", input: raw });
    }
    return cents;
  }),
);

export const DESK_INTENTS = ["pickup", "noShow", "undo"] as const;

export const DeskActionSchema = object({
  intent: oneOf(DESK_INTENTS, { error: "errors.required" }),
  /** Rendered into the form once: a retried tap sends the same key and changes nothing twice. */
  requestKey: requestKeyField,
  /** Units handed over per order item; an item left out is handed over whole. */
  items: optional(
    array(object({ id: idField, delivered: wholeNumber(0, MAX_LINE_QUANTITY) })).check(
      maxLength(100),
    ),
  ),
  cashReceived: optional(cashField),
});
