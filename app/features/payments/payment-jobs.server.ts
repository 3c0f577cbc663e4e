/**
 * The card payments' background jobs (run by app/infra/background.server.ts), outside
 * transactions because they call Stripe: the sweeper ending holds no webhook ended; refunds,
 * with an idempotency key per order, of every cancelled or expired order whose payment is still
 * "paid" (consumer cancellations, cancelled market days, late payments), one Stripe refuses for
 * good being left to the coordinators (payment "failed", refunds-by-hand.server.ts); closing at
 * Stripe the sessions of holds that ended unpaid, so they cannot be paid any more; and giving
 * back what the desk did not hand over.
 */
import { and, eq, inArray, isNotNull, lte, sql } from "drizzle-orm";
import Stripe from "stripe";
import { orders, payments } from "../../../db/schema";
import { db } from "../../infra/db.server";
import { stripe } from "../../infra/stripe.server";
import { UNDO_WINDOW_MS } from "../desk/desk-transaction.server";
import { DROPPED_ORDER_STATUSES } from "../ordering/order-status";
import { expireHold } from "./webhook-events.server";

const refundIdempotencyKey = (orderId: number) => `refund-order-${orderId}`;

/** A card order Stripe has the money for, its payments row still "paid": where refunds start. */
const paidByCard = and(
  eq(orders.paymentMethod, "card"),
  eq(orders.paymentStatus, "paid"),
  eq(payments.status, "paid"),
);

/** The sweeper: expires every hold past its deadline, one transaction each. */
export function expireUnpaidHolds(now = new Date()): number {
  const due = db()
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.status, "pending_payment"), lte(orders.holdExpiresAt, now)))
    .all();
  let expired = 0;
  for (const { id } of due) {
    if (db().transaction((tx) => expireHold(tx, id, now), { behavior: "immediate" })) expired++;
  }
  return expired;
}

/**
 * Whether Stripe refused a request for good: the same request will never succeed (a bad or
 * spent payment intent, a refused card). Rate limits (429), idempotency clashes (409), key
 * problems (401/403, fixed by configuration), 5xx and network errors are tried again.
 */
function refusedForGood(error: unknown): boolean {
  if (!(error instanceof Stripe.errors.StripeError)) return false;
  return error.statusCode === 400 || error.statusCode === 402 || error.statusCode === 404;
}

/**
 * Refunds every card payment whose order no longer stands (cancelled by its person or with its
 * market day, or paid after its hold was given back). One request per order, with an
 * idempotency key per order, so a crash between Stripe's answer and our write refunds once.
 * A charge Stripe says is already refunded counts as refunded. A refund Stripe refuses for
 * good marks the payment "failed" (logged once, never tried again): the order page then says
 * the coordinators will handle it.
 */
export async function refundCancelledPayments(now = new Date()): Promise<number> {
  const client = stripe();
  if (!client) return 0;
  const due = db()
    .select({
      orderId: orders.id,
      intentId: payments.providerPaymentIntentId,
      amountCents: payments.amountCents,
    })
    .from(orders)
    .innerJoin(payments, eq(payments.orderId, orders.id))
    .where(and(paidByCard, inArray(orders.status, DROPPED_ORDER_STATUSES)))
    .all();
  let refunded = 0;
  for (const { orderId, intentId, amountCents } of due) {
    if (!intentId) {
      refundFailed(orderId, "no payment intent on record", now);
      continue;
    }
    try {
      await client.refunds.create(
        { payment_intent: intentId, metadata: { order_id: String(orderId) } },
        { idempotencyKey: refundIdempotencyKey(orderId) },
      );
    } catch (error) {
      const already =
        error instanceof Stripe.errors.StripeError && error.code === "charge_already_refunded";
      if (!already) {
        if (refusedForGood(error)) refundFailed(orderId, String(error), now);
        else
          console.error(`refund of order ${orderId} failed, tried again later: ${String(error)}`);
        continue;
      }
    }
    db().transaction(
      (tx) => {
        tx.update(payments)
          .set({ status: "refunded", refundedCents: amountCents, updatedAt: now })
          .where(eq(payments.orderId, orderId))
          .run();
        tx.update(orders)
          .set({ paymentStatus: "refunded", updatedAt: now })
          .where(and(eq(orders.id, orderId), eq(orders.paymentStatus, "paid")))
          .run();
      },
      { behavior: "immediate" },
    );
    refunded++;
  }
  return refunded;
}

/** A refund that cannot be made automatically: recorded once, left to the coordinators. */
function refundFailed(orderId: number, reason: string, now: Date) {
  console.error(
    `refund of order ${orderId} refused for good, coordinators must refund it: ${reason}`,
  );
  db()
    .update(payments)
    .set({ status: "failed", updatedAt: now })
    .where(and(eq(payments.orderId, orderId), eq(payments.status, "paid")))
    .run();
}

/**
 * Closes at Stripe every Checkout Session whose order ended unpaid (cancelled by its person or
 * with its market day, or expired by the sweeper), so the Stripe tab cannot be paid any more
 * (a payment there would only be refunded, Stripe keeping its fee). Runs outside
 * transactions; each payments row still "pending" for such an order becomes "failed" once
 * its session is closed, or was already closed at Stripe (expired or completed: a payment
 * made meanwhile arrives by webhook and is refunded). Anything else is tried again next run.
 */
export async function expireAbandonedSessions(now = new Date()): Promise<number> {
  const client = stripe();
  if (!client) return 0;
  const due = db()
    .select({ orderId: payments.orderId, sessionId: payments.providerSessionId })
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(
      and(
        eq(payments.status, "pending"),
        isNotNull(payments.providerSessionId),
        inArray(orders.status, DROPPED_ORDER_STATUSES),
      ),
    )
    .all();
  let closed = 0;
  for (const { orderId, sessionId } of due) {
    try {
      await client.checkout.sessions.expire(sessionId!);
    } catch (error) {
      // Stripe answers 400 for a session that is no longer open, 404 for one it does not know.
      if (!refusedForGood(error)) {
        console.error(
          `closing Stripe session of order ${orderId} failed, tried again later: ${String(error)}`,
        );
        continue;
      }
    }
    // Only a row still pending: a payment recorded meanwhile by the webhook stays "paid".
    db()
      .update(payments)
      .set({ status: "failed", updatedAt: now })
      .where(and(eq(payments.orderId, orderId), eq(payments.status, "pending")))
      .run();
    closed++;
  }
  return closed;
}

/**
 * Card orders handed over short at the desk were paid in full online: the difference is given
 * back once the desk's undo window has passed (an undo before then puts the order back as it
 * was). One refund per order, with its own idempotency key, so it is never made twice.
 */
export async function refundShortfalls(now = new Date()): Promise<number> {
  const client = stripe();
  if (!client) return 0;
  const settled = new Date(now.getTime() - UNDO_WINDOW_MS);
  const due = db()
    .select({
      orderId: orders.id,
      intentId: payments.providerPaymentIntentId,
      shortCents: sql<number>`${payments.amountCents} - ${payments.refundedCents} - ${orders.totalCents}`,
    })
    .from(orders)
    .innerJoin(payments, eq(payments.orderId, orders.id))
    .where(
      and(
        paidByCard,
        eq(orders.status, "partially_picked_up"),
        lte(orders.pickedUpAt, settled),
        sql`${payments.amountCents} - ${payments.refundedCents} > ${orders.totalCents}`,
      ),
    )
    .all();
  let refunded = 0;
  for (const { orderId, intentId, shortCents } of due) {
    if (!intentId) continue;
    try {
      await client.refunds.create(
        { payment_intent: intentId, amount: shortCents, metadata: { order_id: String(orderId) } },
        { idempotencyKey: `${refundIdempotencyKey(orderId)}-shortfall` },
      );
    } catch (error) {
      console.error(
        `shortfall refund of order ${orderId} failed, tried again later: ${String(error)}`,
      );
      continue;
    }
    db()
      .update(payments)
      .set({ refundedCents: sql`${payments.refundedCents} + ${shortCents}`, updatedAt: now })
      .where(eq(payments.orderId, orderId))
      .run();
    refunded++;
  }
  return refunded;
}
