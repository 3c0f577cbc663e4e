/** What the order page says about a card payment. */
import { eq } from "drizzle-orm";
import { payments, type Order } from "../../../db/schema";
import { db } from "../../infra/db.server";
import { DROPPED_ORDER_STATUSES, inGroup } from "../ordering/order-status";

export type CardPaymentState =
  "pending" | "paid" | "refunding" | "refundFailed" | "refunded" | "failed" | "none";

export function cardPaymentState(
  order: Pick<Order, "paymentMethod" | "paymentStatus" | "status">,
  /** The payments row's status, when there is one. */
  paymentRow?: (typeof payments.$inferSelect)["status"] | null,
): CardPaymentState {
  if (order.paymentMethod !== "card") return "none";
  switch (order.paymentStatus) {
    case "paid":
      if (!inGroup(DROPPED_ORDER_STATUSES, order.status)) return "paid";
      return paymentRow === "failed" ? "refundFailed" : "refunding";
    case "refunded":
      return "refunded";
    case "pending":
      // Only a hold waits for a payment; an order that ended is no longer waiting.
      return order.status === "pending_payment" ? "pending" : "none";
    case "failed":
      return "failed";
    default:
      return "none";
  }
}

/** The card payment state of one order, reading its payments row. */
export function cardPaymentStateOf(
  order: Pick<Order, "id" | "paymentMethod" | "paymentStatus" | "status">,
): CardPaymentState {
  const row =
    order.paymentMethod === "card"
      ? db()
          .select({ status: payments.status })
          .from(payments)
          .where(eq(payments.orderId, order.id))
          .get()
      : undefined;
  return cardPaymentState(order, row?.status);
}
