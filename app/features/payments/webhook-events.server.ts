/**
 * The card payments' webhook events (app/routes/webhooks.stripe.ts verifies the signature).
 * applyStripeEvent records the event id and applies its effect in one transaction: a replay
 * finds its id and does nothing, and each effect checks the order's current state, so any
 * order of arrival ends consistent. Only a payment of the order's own total in soles confirms
 * it. A hold nobody paid expires; a payment that arrives for a hold already given back takes
 * the stock and slot again if they are still there (the reservation's own checks), or is left
 * for the refund job (payment-jobs.server.ts).
 */
import { and, eq } from "drizzle-orm";
import type Stripe from "stripe";
import {
  marketDays,
  orders,
  paymentEvents,
  payments,
  pickupSlots,
  type Order,
} from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import { queueNotification } from "../notifications/notifications.server";
import { orderConfirmedMessage, orderEndedMessage } from "../ordering/order-messages.server";
import { releaseOrder } from "../ordering/order-changes.server";
import { retakeExpiredOrder } from "../ordering/availability.server";
import { lapseWaitingProofs } from "../wallet/proof-lapse.server";

export type EventOutcome =
  | "duplicate"
  | "ignored"
  | "unchanged"
  | "confirmed"
  | "retaken"
  | "refundNeeded"
  | "expired"
  | "mismatch";

const CHECKOUT_EVENTS = new Set([
  "checkout.session.completed",
  "checkout.session.async_payment_succeeded",
  "checkout.session.expired",
  "checkout.session.async_payment_failed",
]);

/**
 * Applies one verified Stripe event, once: its id is recorded in the same transaction as its
 * effect, so a replay (Stripe retries, or an attacker resending a signed body) does nothing.
 */
export function applyStripeEvent(event: Stripe.Event, now = new Date()): EventOutcome {
  return db().transaction(
    (tx): EventOutcome => {
      const session = CHECKOUT_EVENTS.has(event.type)
        ? (event.data.object as Stripe.Checkout.Session)
        : null;
      const order = session ? orderOfSession(tx, session) : undefined;
      const recorded = tx
        .insert(paymentEvents)
        .values({ id: event.id, type: event.type, orderId: order?.id ?? null, receivedAt: now })
        .onConflictDoNothing({ target: paymentEvents.id })
        .run();
      if (recorded.changes === 0) return "duplicate";
      let outcome: EventOutcome = "ignored";
      if (session && order && order.paymentMethod === "card") {
        switch (event.type) {
          case "checkout.session.completed":
            // Delayed methods complete the session unpaid; their async event follows.
            outcome =
              session.payment_status === "paid" ? paid(tx, order, session, now) : "unchanged";
            break;
          case "checkout.session.async_payment_succeeded":
            outcome = paid(tx, order, session, now);
            break;
          default:
            // The session is over at Stripe: its payments row needs no expiring.
            outcome = expireHold(tx, order.id, now, { sessionOver: true })
              ? "expired"
              : "unchanged";
        }
      }
      tx.update(paymentEvents)
        .set({ processedAt: now })
        .where(eq(paymentEvents.id, event.id))
        .run();
      return outcome;
    },
    { behavior: "immediate" },
  );
}

/** The order a session is for: its metadata, else its client reference, else its id on record. */
function orderOfSession(tx: Tx, session: Stripe.Checkout.Session): Order | undefined {
  const ref = Number(session.metadata?.order_id ?? session.client_reference_id);
  if (Number.isSafeInteger(ref) && ref > 0) {
    const order = tx.select().from(orders).where(eq(orders.id, ref)).get();
    if (order) return order;
  }
  const payment = tx
    .select({ orderId: payments.orderId })
    .from(payments)
    .where(eq(payments.providerSessionId, session.id))
    .get();
  return payment && tx.select().from(orders).where(eq(orders.id, payment.orderId)).get();
}

/** Stripe has the money: confirm the hold, take the stock again, or leave it to be refunded. */
function paid(tx: Tx, order: Order, session: Stripe.Checkout.Session, now: Date): EventOutcome {
  if (order.paymentStatus === "paid" || order.paymentStatus === "refunded") return "unchanged";
  // Only the order's own total in soles confirms it. Our sessions are made from the order, so
  // anything else is not the payment we asked for: the order stays as it is (the event is
  // recorded by the caller) and the coordinators sort it out from the log.
  if (session.amount_total !== order.totalCents || session.currency !== "pen") {
    console.error(
      `Stripe session ${session.id} for order ${order.id} paid ${String(session.amount_total)} ${String(session.currency)}, expected ${order.totalCents} pen: order left as it is`,
    );
    return "mismatch";
  }
  const intentId =
    typeof session.payment_intent === "string"
      ? session.payment_intent
      : (session.payment_intent?.id ?? null);
  upsertPayment(tx, order, {
    status: "paid",
    providerSessionId: session.id,
    providerPaymentIntentId: intentId,
    amountCents: session.amount_total,
    now,
  });
  if (order.status === "pending_payment") {
    confirm(tx, order, now);
    return "confirmed";
  }
  // The hold ran out before the payment came (the sweeper or an "expired" event went first):
  // the order stands again if its stock and slot are still free and the market still takes
  // orders. A cancelled order stays cancelled: the person chose to cancel.
  if (order.status === "expired" && retakeExpiredOrder(tx, order, now)) {
    confirm(tx, order, now);
    return "retaken";
  }
  tx.update(orders)
    .set({ paymentStatus: "paid", updatedAt: now })
    .where(eq(orders.id, order.id))
    .run();
  // The person was told "nothing was charged" when the hold ended: now they are told the
  // late payment goes back to their card.
  queueNotification(
    tx,
    orderEndedMessage(tx, order, order.status === "expired" ? "expired" : "cancelled", true),
  );
  return "refundNeeded";
}

function confirm(tx: Tx, order: Order, now: Date) {
  tx.update(orders)
    .set({ status: "confirmed", paymentStatus: "paid", holdExpiresAt: null, updatedAt: now })
    .where(eq(orders.id, order.id))
    .run();
  const day = tx.select().from(marketDays).where(eq(marketDays.id, order.marketDayId)).get()!;
  const slot = tx.select().from(pickupSlots).where(eq(pickupSlots.id, order.slotId)).get()!;
  queueNotification(
    tx,
    orderConfirmedMessage(order, {
      date: day.date,
      place: day.place,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
    }),
  );
}

function upsertPayment(
  tx: Tx,
  order: Order,
  fields: {
    status: "paid" | "failed";
    providerSessionId?: string;
    providerPaymentIntentId?: string | null;
    amountCents?: number;
    now: Date;
  },
) {
  const existing = tx.select().from(payments).where(eq(payments.orderId, order.id)).get();
  const values = {
    status: fields.status,
    updatedAt: fields.now,
    ...(fields.providerSessionId ? { providerSessionId: fields.providerSessionId } : {}),
    ...(fields.providerPaymentIntentId
      ? { providerPaymentIntentId: fields.providerPaymentIntentId }
      : {}),
    ...(fields.amountCents !== undefined ? { amountCents: fields.amountCents } : {}),
  };
  if (existing) {
    tx.update(payments).set(values).where(eq(payments.id, existing.id)).run();
  } else {
    tx.insert(payments)
      .values({ orderId: order.id, amountCents: order.totalCents, currency: "pen", ...values })
      .run();
  }
}

/**
 * Ends an unpaid hold (a card's or a Yape/Plin proof's): its stock and slot go back, the order expires and its person is told,
 * all in the caller's transaction. Does nothing unless the order is still pending payment
 * (a paid, cancelled or already expired order stays as it is). Returns whether it expired.
 * Unless Stripe said the session is over, its payments row stays "pending" for
 * expireAbandonedSessions, which closes the session at Stripe.
 */
export function expireHold(
  tx: Tx,
  orderId: number,
  now: Date,
  { sessionOver = false }: { sessionOver?: boolean } = {},
): boolean {
  const order = tx
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.status, "pending_payment")))
    .get();
  if (!order) return false;
  releaseOrder(tx, order);
  // A Yape/Plin proof nobody decided on lapses: the treasurer checks whether the money came.
  lapseWaitingProofs(tx, [order.id], now);
  tx.update(orders)
    .set({ status: "expired", paymentStatus: "failed", updatedAt: now })
    .where(and(eq(orders.id, order.id), eq(orders.status, "pending_payment")))
    .run();
  if (sessionOver) {
    tx.update(payments)
      .set({ status: "failed", updatedAt: now })
      .where(and(eq(payments.orderId, order.id), eq(payments.status, "pending")))
      .run();
  }
  const wallet = order.paymentMethod === "yape_plin";
  queueNotification(tx, orderEndedMessage(tx, order, "expired", false, wallet));
  return true;
}
