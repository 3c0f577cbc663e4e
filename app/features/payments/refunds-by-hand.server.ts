/**
 * Refunds Stripe refused for good (payment-jobs.server.ts): the coordinators give the money back
 * by hand and record it here.
 */
import { and, eq, inArray } from "drizzle-orm";
import { marketDays, orders, payments, users } from "../../../db/schema";
import { db } from "../../infra/db.server";
import { recordAudit } from "../../infra/audit.server";
import { DROPPED_ORDER_STATUSES } from "../ordering/order-status";

/**
 * Card payments of a market that Stripe refused to refund for good: the coordinators must give
 * the money back by hand (the dashboard lists them until the order is marked refunded).
 */
export function refundsLeftToCoordinators(marketId: number) {
  return db()
    .select({
      orderId: orders.id,
      pickupCode: orders.pickupCode,
      name: users.name,
      phone: users.phone,
      email: users.email,
      amountCents: payments.amountCents,
      date: marketDays.date,
    })
    .from(orders)
    .innerJoin(payments, eq(payments.orderId, orders.id))
    .innerJoin(users, eq(users.id, orders.consumerId))
    .innerJoin(marketDays, eq(marketDays.id, orders.marketDayId))
    .where(
      and(
        eq(orders.marketId, marketId),
        eq(orders.paymentMethod, "card"),
        eq(orders.paymentStatus, "paid"),
        inArray(orders.status, DROPPED_ORDER_STATUSES),
        eq(payments.status, "failed"),
      ),
    )
    .orderBy(marketDays.date, orders.pickupCode)
    .all();
}

/**
 * A coordinator records that they gave a refused refund back by hand (Stripe dashboard or
 * cash): the payment becomes refunded and the audit log says who and when. Scoped to their
 * market; a second tap finds nothing left to record.
 */
export function markRefundedByHand({
  marketId,
  orderId,
  actorUserId,
  now = new Date(),
}: {
  marketId: number;
  orderId: number;
  actorUserId: number;
  now?: Date;
}): boolean {
  return db().transaction(
    (tx) => {
      const due = refundsLeftToCoordinators(marketId).find((r) => r.orderId === orderId);
      if (!due) return false;
      tx.update(payments)
        .set({ status: "refunded", refundedCents: due.amountCents, updatedAt: now })
        .where(and(eq(payments.orderId, orderId), eq(payments.status, "failed")))
        .run();
      tx.update(orders)
        .set({ paymentStatus: "refunded", updatedAt: now })
        .where(and(eq(orders.id, orderId), eq(orders.paymentStatus, "paid")))
        .run();
      recordAudit(tx, {
        marketId,
        actorUserId,
        action: "payment.refunded_by_hand",
        entityType: "order",
        entityId: orderId,
        data: { amountCents: due.amountCents },
      });
      return true;
    },
    { behavior: "immediate" },
  );
}
