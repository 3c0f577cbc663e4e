/**
 * Money the coordinators give back by hand and record here: refunds Stripe refused for good
 * (payment-jobs.server.ts), and Yape/Plin payments of orders that were cancelled after their
 * proof was verified.
 */
import { and, eq, inArray } from "drizzle-orm";
import { marketDays, orders, paymentProofs, payments, users } from "../../../db/schema";
import { db } from "../../infra/db.server";
import { recordAudit } from "../../infra/audit.server";
import { DROPPED_ORDER_STATUSES } from "../ordering/order-status";

/**
 * Money of a market's dropped orders the coordinators must give back by hand, until marked
 * given back: card payments Stripe refused to refund for good, and verified Yape/Plin payments
 * (there is no provider to refund them: the treasurer sends the money back from the wallet).
 */
export function refundsLeftToCoordinators(marketId: number) {
  const who = {
    orderId: orders.id,
    pickupCode: orders.pickupCode,
    name: users.name,
    phone: users.phone,
    email: users.email,
    date: marketDays.date,
  };
  const dropped = and(
    eq(orders.marketId, marketId),
    eq(orders.paymentStatus, "paid"),
    inArray(orders.status, DROPPED_ORDER_STATUSES),
  );
  const card = db()
    .select({ ...who, amountCents: payments.amountCents })
    .from(orders)
    .innerJoin(payments, eq(payments.orderId, orders.id))
    .innerJoin(users, eq(users.id, orders.consumerId))
    .innerJoin(marketDays, eq(marketDays.id, orders.marketDayId))
    .where(and(dropped, eq(orders.paymentMethod, "card"), eq(payments.status, "failed")))
    .all()
    .map((row) => ({ ...row, method: "card" as const }));
  const wallet = db()
    .select({ ...who, amountCents: paymentProofs.amountCents })
    .from(orders)
    .innerJoin(
      paymentProofs,
      and(eq(paymentProofs.orderId, orders.id), eq(paymentProofs.status, "verified")),
    )
    .innerJoin(users, eq(users.id, orders.consumerId))
    .innerJoin(marketDays, eq(marketDays.id, orders.marketDayId))
    .where(and(dropped, eq(orders.paymentMethod, "yape_plin")))
    .all()
    .map((row) => ({ ...row, method: "yape_plin" as const }));
  return [...card, ...wallet].sort(
    (a, b) => a.date.localeCompare(b.date) || a.pickupCode.localeCompare(b.pickupCode),
  );
}

/**
 * A coordinator records that they gave the money of a dropped order back by hand (Stripe
 * dashboard, cash, or the Yape/Plin app): the payment becomes refunded and the audit log says
 * who and when. Scoped to their market; a second tap finds nothing left to record.
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
      if (due.method === "card") {
        tx.update(payments)
          .set({ status: "refunded", refundedCents: due.amountCents, updatedAt: now })
          .where(and(eq(payments.orderId, orderId), eq(payments.status, "failed")))
          .run();
      }
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
        data: { amountCents: due.amountCents, method: due.method },
      });
      return true;
    },
    { behavior: "immediate" },
  );
}
