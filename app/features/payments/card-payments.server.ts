/**
 * Card payments through Stripe Checkout. Every card payment ends as exactly one confirmed order,
 * or no charge and released stock (DESIGN invariant 7):
 *
 * - reserveBasket makes a card order a hold (pending_payment); after that transaction commits,
 *   startCardCheckout creates the Checkout Session (network, never inside a transaction) with an
 *   idempotency key derived from the order, so a retry returns the same session; a session on
 *   record is reused, and a late retry after a failed first attempt gets a later expiry.
 * - Only a verified webhook confirms a payment. applyStripeEvent records the event id and applies
 *   its effect in one transaction: a replay finds its id and does nothing, and each effect checks
 *   the order's current state, so any order of arrival ends consistent.
 * - A hold nobody paid expires (Stripe's "expired" event, or the sweeper when none came). A
 *   payment that arrives for a hold already given back takes the stock and slot again if they
 *   are still there, or is refunded.
 * - Refunds are made by a background job, outside transactions, for every cancelled or expired
 *   order whose payment is still "paid" (consumer cancellations, cancelled market days, late
 *   payments), with an idempotency key per order. One Stripe refuses for good is left to the
 *   coordinators (payment "failed"). Sessions of holds that ended unpaid are closed at Stripe
 *   by another job, so they cannot be paid any more.
 * - Only a payment of the order's own total in soles confirms it.
 */
import { and, eq, inArray, isNotNull, lt, lte, sql } from "drizzle-orm";
import Stripe from "stripe";
import {
  marketDays,
  orderBundles,
  orderItems,
  orders,
  paymentEvents,
  payments,
  pickupSlots,
  users,
  type Order,
} from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import { stripe } from "../../infra/stripe.server";
import { recordAudit } from "../../infra/audit.server";
import { queueNotification } from "../notifications/notifications.server";
import { UNDO_WINDOW_MS } from "../desk/desk-transaction.server";
import { DROPPED_ORDER_STATUSES, inGroup } from "../ordering/order-status";
import { CARD_HOLD_MS } from "../ordering/reserve.server";
import { orderConfirmedMessage, orderEndedMessage } from "../ordering/order-messages.server";
import { releaseOrder } from "../ordering/order-changes.server";
import { retakeExpiredOrder } from "../ordering/availability.server";

/**
 * A Checkout Session expires this long after it is asked for. Stripe refuses less than 30
 * minutes from when it creates the session, so the two minutes over leave room for a retry
 * with the same parameters (the same idempotency key demands them) a little later. The hold
 * (ordering/reserve.server.ts CARD_HOLD_MS) lasts a few minutes more.
 */
export const CHECKOUT_SESSION_MS = 32 * 60 * 1000;
/** Stripe's own minimum (30 minutes ahead), plus a minute for the request and clock drift. */
const SESSION_MIN_AHEAD_MS = 31 * 60 * 1000;
/** How long a hold outlives its session, so a payment made at the last second still finds it. */
export const HOLD_AFTER_SESSION_MS = CARD_HOLD_MS - CHECKOUT_SESSION_MS;

export const checkoutIdempotencyKey = (orderId: number) => `checkout-order-${orderId}`;
export const refundIdempotencyKey = (orderId: number) => `refund-order-${orderId}`;

export type StartCheckoutResult =
  { ok: true; url: string } | { ok: false; error: "unavailable" | "notPending" | "failed" };

/**
 * Sends a consumer to the Checkout Session of their own card hold, and records it in
 * `payments`. Never inside a transaction.
 *
 * - A session already on record is reused (its address asked of Stripe), never made twice.
 * - Otherwise one is created with the order's idempotency key. Its expiry is the order's
 *   creation + 32 minutes while that is still far enough ahead for Stripe; on a later retry
 *   (the first attempt failed, so nothing was recorded) it is now + 32 minutes and the hold is
 *   lengthened to match. Stripe keeps no result for a request it refused, so the new
 *   parameters are accepted; but if the first attempt did create a session whose answer was
 *   lost, Stripe refuses the changed parameters under the same key, and asking again with the
 *   original ones gives that session back: one session per order either way.
 */
export async function startCardCheckout({
  consumerId,
  orderId,
  origin,
  now = new Date(),
}: {
  consumerId: number;
  orderId: number;
  /** The site's own origin, for the return addresses. */
  origin: string;
  now?: Date;
}): Promise<StartCheckoutResult> {
  const client = stripe();
  if (!client) return { ok: false, error: "unavailable" };
  const order = db()
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.consumerId, consumerId)))
    .get();
  if (!order || order.paymentMethod !== "card" || order.status !== "pending_payment") {
    return { ok: false, error: "notPending" };
  }
  const recorded = db().select().from(payments).where(eq(payments.orderId, order.id)).get();
  try {
    if (recorded?.providerSessionId) {
      const session = await client.checkout.sessions.retrieve(recorded.providerSessionId);
      if (!session.url || session.status !== "open") return { ok: false, error: "failed" };
      return { ok: true, url: session.url };
    }
    const items = db()
      .select()
      .from(orderItems)
      .where(eq(orderItems.orderId, order.id))
      .orderBy(orderItems.id)
      .all();
    const baskets = db()
      .select()
      .from(orderBundles)
      .where(eq(orderBundles.orderId, order.id))
      .orderBy(orderBundles.id)
      .all();
    const original = checkoutSessionParams(order, items, origin, baskets);
    const expiresAt = sessionExpiry(order, now);
    const create = (params: Stripe.Checkout.SessionCreateParams) =>
      client.checkout.sessions.create(params, {
        idempotencyKey: checkoutIdempotencyKey(order.id),
      });
    let session: Stripe.Checkout.Session;
    if (expiresAt === original.expires_at) {
      session = await create(original);
    } else {
      try {
        session = await create({ ...original, expires_at: expiresAt });
      } catch (error) {
        // A session was made under this key with the first parameters: Stripe gives it back.
        if (!(error instanceof Stripe.errors.StripeIdempotencyError)) throw error;
        session = await create(original);
      }
    }
    recordSession(order, session, now);
    if (!session.url) return { ok: false, error: "failed" };
    return { ok: true, url: session.url };
  } catch (error) {
    // Timeouts and network errors were already retried by the client with the same key.
    console.error(`Stripe Checkout Session for order ${order.id} failed: ${String(error)}`);
    return { ok: false, error: "failed" };
  }
}

/** When a session asked for at `now` expires (seconds): see startCardCheckout. */
function sessionExpiry(order: Order, now: Date): number {
  const first = order.createdAt.getTime() + CHECKOUT_SESSION_MS;
  const at =
    first - now.getTime() >= SESSION_MIN_AHEAD_MS ? first : now.getTime() + CHECKOUT_SESSION_MS;
  return Math.floor(at / 1000);
}

/** Everything Stripe is first told about an order: the same every time for the same order. */
export function checkoutSessionParams(
  order: Order,
  items: (typeof orderItems.$inferSelect)[],
  origin: string,
  baskets: (typeof orderBundles.$inferSelect)[] = [],
): Stripe.Checkout.SessionCreateParams {
  const orderRef = String(order.id);
  // Items bought alone, then each family basket as one line at its price (its contents'
  // shares are the market's business, not the card's); together they make the order's total.
  const priced = [
    ...items.filter((item) => item.orderBundleId === null),
    ...baskets.map((b) => ({ productName: b.name, ...b })),
  ];
  return {
    mode: "payment",
    currency: "pen",
    line_items: priced.map((line) => ({
      quantity: line.quantity,
      price_data: {
        currency: "pen",
        unit_amount: line.unitPriceCents,
        product_data: { name: line.productName },
      },
    })),
    metadata: { order_id: orderRef, pickup_code: order.pickupCode },
    payment_intent_data: { metadata: { order_id: orderRef } },
    client_reference_id: orderRef,
    success_url: `${origin}/pedidos/${order.pickupCode}?pago=ok`,
    cancel_url: `${origin}/pedidos/${order.pickupCode}?pago=cancelado`,
    expires_at: Math.floor((order.createdAt.getTime() + CHECKOUT_SESSION_MS) / 1000),
  };
}

/**
 * One payments row per card order: created with the session, never moved backwards. In the
 * same transaction, a hold that would end before its session does (a session made on a late
 * retry) is lengthened to the session's end plus the usual margin.
 */
function recordSession(order: Order, session: Stripe.Checkout.Session, now: Date) {
  db().transaction(
    (tx) => {
      const existing = tx.select().from(payments).where(eq(payments.orderId, order.id)).get();
      if (existing) {
        tx.update(payments)
          .set({ providerSessionId: session.id, updatedAt: now })
          .where(eq(payments.id, existing.id))
          .run();
      } else {
        tx.insert(payments)
          .values({
            orderId: order.id,
            providerSessionId: session.id,
            amountCents: order.totalCents,
            currency: "pen",
            status: "pending",
          })
          .run();
      }
      if (session.expires_at) {
        const holdUntil = new Date(session.expires_at * 1000 + HOLD_AFTER_SESSION_MS);
        tx.update(orders)
          .set({ holdExpiresAt: holdUntil, updatedAt: now })
          .where(
            and(
              eq(orders.id, order.id),
              eq(orders.status, "pending_payment"),
              lt(orders.holdExpiresAt, holdUntil),
            ),
          )
          .run();
      }
    },
    { behavior: "immediate" },
  );
}

// ---------------------------------------------------------------------------------------------
// Webhook events

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
 * Ends an unpaid hold: its stock and slot go back, the order expires and its person is told,
 * all in the caller's transaction. Does nothing unless the order is still pending payment
 * (a paid, cancelled or already expired order stays as it is). Returns whether it expired.
 * Unless Stripe said the session is over, its payments row stays "pending" for
 * expireAbandonedSessions, which closes the session at Stripe.
 */
function expireHold(
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
  queueNotification(tx, orderEndedMessage(tx, order, "expired"));
  return true;
}

// ---------------------------------------------------------------------------------------------
// Background jobs

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
    .where(
      and(
        eq(orders.paymentMethod, "card"),
        eq(orders.paymentStatus, "paid"),
        inArray(orders.status, DROPPED_ORDER_STATUSES),
        eq(payments.status, "paid"),
      ),
    )
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
        eq(orders.paymentMethod, "card"),
        eq(orders.paymentStatus, "paid"),
        eq(orders.status, "partially_picked_up"),
        eq(payments.status, "paid"),
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

/** What the order page says about a card payment. */
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
