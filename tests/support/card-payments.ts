/**
 * What the card payment tests share (card-payments, card-refunds and card-sessions .test.ts): a
 * local HTTP server standing in for the Stripe API (the real stripe client, pointed at it), the
 * keys, a market day with papa and queso, shoppers and their checkout by card, and reads back.
 */
import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { db } from "../../app/infra/db.server";
import { limaDateOf } from "../../app/lib/time";
import { applyStripeEvent } from "../../app/features/payments/webhook-events.server";
import * as checkout from "../../app/routes/canasta_.confirmar";
import * as orderPage from "../../app/routes/pedidos.$codigo";
import { cartItems, offers, orders, payments, pickupSlots, type Order } from "../../db/schema";
import { createUser, openMarketDayScenario } from "../factories";
import { formRequest, getRequest, loggedInCookie, run } from "../helpers";
import { seenPricesOf } from "./checkout-page";
import { configureStripe, FRESH, startFakeStripe } from "./fake-stripe";

/** The fake Stripe API of the test file, started by setUpCardPayments(). */
export let fake: Awaited<ReturnType<typeof startFakeStripe>>;
export const SECRET_KEY = "sk_test_qhatu_fake";

/** The fake's keys and address set (`true`), or no Stripe settings at all (`false`). */
export function configure(keys: boolean) {
  configureStripe(
    keys
      ? { secretKey: SECRET_KEY, webhookSecret: "whsec_test_qhatu", apiUrl: fake.url }
      : undefined,
  );
}

/** The scene of these tests, built before them by setUpCardPayments(). */
export let s: ReturnType<typeof cardScene>;

/** Papa amarilla (S/ 3.50) and queso andino (S/ 15.00) with plenty of stock and places. */
function cardScene() {
  const { market, day, slots, producers, offers } = openMarketDayScenario({
    market: { name: "Mercado con tarjeta" },
    date: limaDateOf(new Date(Date.now() + 3 * 86_400_000)),
    cutoffAt: new Date(Date.now() + 2 * 86_400_000),
    slotCapacity: 50,
    pickupEnd: "08:00",
    offers: {
      papa: { name: "Papa amarilla", quantity: 100, priceCents: 350 },
      queso: { name: "Queso andino", quantity: 100, priceCents: 1500 },
    },
  });
  return { market, day, slots, ...offers, producer: producers.producer.producer };
}

/** Another market's day four days ahead, taking orders, with one offer of 5 at S/ 9.00. */
export function otherMarketDay(name: string) {
  const { market, day, slots, offers } = openMarketDayScenario({
    market: { name },
    date: limaDateOf(new Date(Date.now() + 4 * 86_400_000)),
    cutoffAt: new Date(Date.now() + 3 * 86_400_000),
    offers: { offer: { quantity: 5, priceCents: 900 } },
  });
  return { other: market, day, slots, offer: offers.offer };
}

/**
 * For the test file that calls it: the fake Stripe API started and the keys set before its
 * tests, then the scene; the requests seen and the fake's behaviour reset before each test.
 */
export function setUpCardPayments() {
  beforeAll(async () => {
    fake = await startFakeStripe();
    configure(true);
    s = cardScene();
  });
  afterAll(async () => {
    configure(false);
    await fake.close();
  });
  beforeEach(() => {
    fake.seen.length = 0;
    Object.assign(fake.behaviour, FRESH);
  });
}

export async function shopper(lines: [number, number][]) {
  const user = createUser({ email: `card-${Date.now()}-${Math.random()}@example.pe` });
  for (const [offerId, quantity] of lines)
    db().insert(cartItems).values({ userId: user.id, offerId, quantity }).run();
  return { user, cookie: await loggedInCookie(user.id) };
}

// Posts the page's form: with the prices it shows, as a browser would.
export const confirmWithCard = async (cookie: string, idempotencyKey = crypto.randomUUID()) =>
  run(
    checkout.action,
    formRequest(
      "/canasta/confirmar",
      {
        intent: "confirm",
        slotId: String(s.slots[0].id),
        paymentMethod: "card",
        idempotencyKey,
        seenPrices: await seenPricesOf(cookie),
      },
      { cookie },
    ),
  );

export const latestOrderOf = (userId: number) =>
  db().select().from(orders).where(eq(orders.consumerId, userId)).all().at(-1)!;
export const orderNow = (id: number) => db().select().from(orders).where(eq(orders.id, id)).get()!;
export const paymentOf = (orderId: number) =>
  db().select().from(payments).where(eq(payments.orderId, orderId)).get();
export const reserved = (offerId: number) =>
  db().select().from(offers).where(eq(offers.id, offerId)).get()!.reserved;
export const booked = (slotId: number) =>
  db().select().from(pickupSlots).where(eq(pickupSlots.id, slotId)).get()!.booked;
export const sessionRequests = () => fake.seen.filter((r) => r.path === "/v1/checkout/sessions");
export const refundRequests = () => fake.seen.filter((r) => r.path === "/v1/refunds");

/** Stripe's "completed, paid" event for an order, applied as the verified webhook would. */
export function paidByStripe(order: Pick<Order, "id" | "totalCents">) {
  return applyStripeEvent({
    id: `evt_paid_${order.id}`,
    object: "event",
    type: "checkout.session.completed",
    data: {
      object: {
        id: `cs_paid_${order.id}`,
        object: "checkout.session",
        metadata: { order_id: String(order.id) },
        client_reference_id: String(order.id),
        payment_status: "paid",
        payment_intent: `pi_test_${order.id}`,
        amount_total: order.totalCents,
        currency: "pen",
      },
    },
  } as unknown as Stripe.Event);
}

/** A card order paid through Stripe, then cancelled by its person (so its refund is due). */
export async function paidThenCancelledWithCookie() {
  const { user, cookie } = await shopper([[s.papa.id, 1]]);
  await confirmWithCard(cookie);
  const order = latestOrderOf(user.id);
  paidByStripe(order);
  await run(
    orderPage.action,
    formRequest(`/pedidos/${order.pickupCode}`, { intent: "cancel" }, { cookie }),
    { params: { codigo: order.pickupCode } },
  );
  expect(orderNow(order.id)).toMatchObject({ status: "cancelled", paymentStatus: "paid" });
  fake.seen.length = 0;
  return { order, cookie };
}
export const paidThenCancelled = async () => (await paidThenCancelledWithCookie()).order;

export async function orderPageData(code: string, cookie: string, query = "") {
  const response = await run(orderPage.loader, getRequest(`/pedidos/${code}${query}`, { cookie }), {
    params: { codigo: code },
  });
  return response.json();
}
