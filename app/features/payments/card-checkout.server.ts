/**
 * Card payments through Stripe Checkout: every card payment ends as exactly one confirmed
 * order, or no charge and released stock (docs/invariants.md 7; the whole flow in
 * docs/payments.md). This file starts a payment. The webhook's events are
 * webhook-events.server.ts, the background jobs (expiring holds, refunds, closing sessions,
 * shortfalls) payment-jobs.server.ts, what the order page shows payment-states.server.ts, and
 * refunds left to the coordinators refunds-by-hand.server.ts.
 *
 * reserveOrder makes a card order a hold (pending_payment); after that transaction commits,
 * startCardCheckout creates the Checkout Session (network, never inside a transaction) with an
 * idempotency key derived from the order, so a retry returns the same session; a session on
 * record is reused, and a late retry after a failed first attempt gets a later expiry.
 */
import { and, eq, lt } from "drizzle-orm";
import Stripe from "stripe";
import { orderBundles, orderItems, orders, payments, type Order } from "../../../db/schema";
import { db } from "../../infra/db.server";
import { stripe } from "../../infra/stripe.server";
import { CARD_HOLD_MS } from "../ordering/reserve.server";
import { orderBundlesOf } from "../ordering/order-reads.server";

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
const HOLD_AFTER_SESSION_MS = CARD_HOLD_MS - CHECKOUT_SESSION_MS;

const checkoutIdempotencyKey = (orderId: number) => `checkout-order-${orderId}`;

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
    const original = checkoutSessionParams(order, items, origin, orderBundlesOf(order.id));
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
function checkoutSessionParams(
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
