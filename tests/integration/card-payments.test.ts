/**
 * Card payments against a local HTTP server standing in for the Stripe API (the real stripe
 * client, pointed at it through host/port/protocol): what the app sends (amount, currency pen,
 * order id, idempotency keys, expires_at), retries after a timeout with the same key, refunds
 * with their own key, the hold sweeper, and card being neither offered nor accepted unconfigured.
 */
import { eq, like } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../../app/infra/db.server";
import { resetEnv } from "../../app/infra/env.server";
import { limaDateOf } from "../../app/lib/time";
import {
  applyStripeEvent,
  cardPaymentState,
  CHECKOUT_SESSION_MS,
  expireAbandonedSessions,
  expireUnpaidHolds,
  refundCancelledPayments,
  startCardCheckout,
} from "../../app/features/payments/card-payments.server";
import { cancelMarketDay } from "../../app/features/market-days/cancel-day.server";
import { CARD_HOLD_MS, reserveBasket, type Order } from "../../app/features/ordering/orders.server";
import { availablePaymentMethods } from "../../app/features/payments/payments.server";
import * as checkout from "../../app/routes/canasta_.confirmar";
import * as orderPage from "../../app/routes/pedidos.$codigo";
import { createStripeClient, setStripeClient } from "../../app/infra/stripe.server";
import {
  basketBundles,
  basketItems,
  notificationOutbox,
  offers,
  orders,
  payments,
  pickupSlots,
} from "../../db/schema";
import {
  createBundle,
  createCategory,
  createMarket,
  createMarketDay,
  createOffer,
  createProducer,
  createProduct,
  createUser,
} from "../factories";
import { formRequest, getRequest, loggedInCookie, run } from "../helpers";
import { seenPricesOf } from "../support/checkout-page";
import { FRESH, startFakeStripe, type Seen } from "../support/fake-stripe";

let fake: Awaited<ReturnType<typeof startFakeStripe>>;
const SECRET_KEY = "sk_test_qhatu_fake";

function configure(keys: boolean) {
  if (keys) {
    process.env.STRIPE_SECRET_KEY = SECRET_KEY;
    process.env.STRIPE_WEBHOOK_SECRET = "whsec_test_qhatu";
    process.env.STRIPE_API_URL = fake.url;
  } else {
    delete process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_WEBHOOK_SECRET;
    delete process.env.STRIPE_API_URL;
  }
  resetEnv();
  setStripeClient(undefined);
}

// ---------------------------------------------------------------------------------------------

const HOUR = 3600_000;
let s: ReturnType<typeof setup>;

function setup() {
  const market = createMarket({ name: "Mercado con tarjeta" });
  const category = createCategory({ marketId: market.id });
  const { producer } = createProducer({ marketId: market.id });
  const { day, slots } = createMarketDay({
    marketId: market.id,
    date: limaDateOf(new Date(Date.now() + 3 * 86_400_000)),
    ordersOpenAt: new Date(Date.now() - HOUR),
    cutoffAt: new Date(Date.now() + 2 * 86_400_000),
    slotCapacity: 50,
    pickupStart: "07:00",
    pickupEnd: "08:00",
  });
  const product = (name: string) =>
    createProduct({ producerId: producer.id, categoryId: category.id, name }).id;
  const papa = createOffer({
    marketDayId: day.id,
    producerId: producer.id,
    productId: product("Papa amarilla"),
    quantity: 100,
    priceCents: 350,
  });
  const queso = createOffer({
    marketDayId: day.id,
    producerId: producer.id,
    productId: product("Queso andino"),
    quantity: 100,
    priceCents: 1500,
  });
  return { market, day, slots, papa, queso, producer };
}

beforeAll(async () => {
  fake = await startFakeStripe();
  configure(true);
  s = setup();
});
afterAll(async () => {
  configure(false);
  await fake.close();
});
beforeEach(() => {
  fake.seen.length = 0;
  Object.assign(fake.behaviour, FRESH);
});

async function shopper(lines: [number, number][]) {
  const user = createUser({ email: `card-${Date.now()}-${Math.random()}@example.pe` });
  for (const [offerId, quantity] of lines)
    db().insert(basketItems).values({ userId: user.id, offerId, quantity }).run();
  return { user, cookie: await loggedInCookie(user.id) };
}

// Posts the page's form: with the prices it shows, as a browser would.
const confirmWithCard = async (cookie: string, idempotencyKey = crypto.randomUUID()) =>
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

const latestOrderOf = (userId: number) =>
  db().select().from(orders).where(eq(orders.consumerId, userId)).all().at(-1)!;
const orderNow = (id: number) => db().select().from(orders).where(eq(orders.id, id)).get()!;
const paymentOf = (orderId: number) =>
  db().select().from(payments).where(eq(payments.orderId, orderId)).get();
const reserved = (offerId: number) =>
  db().select().from(offers).where(eq(offers.id, offerId)).get()!.reserved;
const booked = (slotId: number) =>
  db().select().from(pickupSlots).where(eq(pickupSlots.id, slotId)).get()!.booked;
const sessionRequests = () => fake.seen.filter((r) => r.path === "/v1/checkout/sessions");
const refundRequests = () => fake.seen.filter((r) => r.path === "/v1/refunds");

/** Stripe's "completed, paid" event for an order, applied as the verified webhook would. */
function paidByStripe(order: Pick<Order, "id" | "totalCents">) {
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
async function paidThenCancelledWithCookie() {
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
const paidThenCancelled = async () => (await paidThenCancelledWithCookie()).order;

async function orderPageData(code: string, cookie: string, query = "") {
  const response = await run(orderPage.loader, getRequest(`/pedidos/${code}${query}`, { cookie }), {
    params: { codigo: code },
  });
  return response.json();
}

describe("checkout with card", () => {
  it("holds the basket, then asks Stripe for a Checkout Session with the order's amount in céntimos, pen, its id and a key, and sends the person there", async () => {
    const { user, cookie } = await shopper([
      [s.papa.id, 3],
      [s.queso.id, 1],
    ]);
    const before = Date.now();
    const response = await confirmWithCard(cookie);
    const order = latestOrderOf(user.id);
    expect(order).toMatchObject({
      status: "pending_payment",
      paymentMethod: "card",
      paymentStatus: "pending",
      totalCents: 3 * 350 + 1500,
    });
    expect(order.holdExpiresAt!.getTime() - order.createdAt.getTime()).toBe(CARD_HOLD_MS);

    expect(response.status).toBe(303);
    const [request] = sessionRequests();
    expect(sessionRequests()).toHaveLength(1);
    expect(response.headers.get("Location")).toMatch(/^http:\/\/pay\.example\.test\/c\/cs_test_/);
    expect(request.method).toBe("POST");
    expect(request.headers["idempotency-key"]).toBe(`checkout-order-${order.id}`);
    expect(request.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    const form = Object.fromEntries(request.form);
    expect(form).toMatchObject({
      mode: "payment",
      currency: "pen",
      client_reference_id: String(order.id),
      "metadata[order_id]": String(order.id),
      "line_items[0][quantity]": "3",
      "line_items[0][price_data][currency]": "pen",
      "line_items[0][price_data][unit_amount]": "350",
      "line_items[0][price_data][product_data][name]": "Papa amarilla",
      "line_items[1][quantity]": "1",
      "line_items[1][price_data][unit_amount]": "1500",
      success_url: `http://localhost:3000/pedidos/${order.pickupCode}?pago=ok`,
      cancel_url: `http://localhost:3000/pedidos/${order.pickupCode}?pago=cancelado`,
    });
    const lineTotal = [0, 1].reduce(
      (sum, i) =>
        sum +
        Number(form[`line_items[${i}][quantity]`]) *
          Number(form[`line_items[${i}][price_data][unit_amount]`]),
      0,
    );
    expect(lineTotal).toBe(order.totalCents);
    // 32 minutes after the order: at least Stripe's 30 from now, and before the hold ends.
    const expiresAt = Number(form.expires_at) * 1000;
    expect(expiresAt).toBe(
      Math.floor((order.createdAt.getTime() + CHECKOUT_SESSION_MS) / 1000) * 1000,
    );
    expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * 60_000);
    expect(expiresAt).toBeLessThan(order.holdExpiresAt!.getTime());

    expect(paymentOf(order.id)).toMatchObject({
      status: "pending",
      amountCents: order.totalCents,
      currency: "pen",
      providerSessionId: expect.stringMatching(/^cs_test_fake_/),
    });
    expect(reserved(s.papa.id)).toBeGreaterThanOrEqual(3);
  });

  it("a family basket goes to Stripe as one line at its price, beside the items bought alone", async () => {
    const bundle = createBundle({
      marketId: s.market.id,
      marketDayId: s.day.id,
      name: "Canasta familiar",
      priceCents: 2000,
      contents: [
        { offerId: s.papa.id, quantity: 2 },
        { offerId: s.queso.id, quantity: 1 },
      ],
    });
    const { user, cookie } = await shopper([[s.papa.id, 1]]);
    db().insert(basketBundles).values({ userId: user.id, bundleId: bundle.id, quantity: 2 }).run();
    const response = await confirmWithCard(cookie);
    expect(response.status).toBe(303);
    const order = latestOrderOf(user.id);
    expect(order.totalCents).toBe(350 + 2 * 2000);
    const form = Object.fromEntries(sessionRequests()[0].form);
    expect(form).toMatchObject({
      "line_items[0][quantity]": "1",
      "line_items[0][price_data][unit_amount]": "350",
      "line_items[0][price_data][product_data][name]": "Papa amarilla",
      "line_items[1][quantity]": "2",
      "line_items[1][price_data][unit_amount]": "2000",
      "line_items[1][price_data][product_data][name]": "Canasta familiar",
    });
    expect(form["line_items[2][quantity]"]).toBeUndefined();
  });

  it("the order page shows the payment as pending until the webhook confirms it, reloading itself after Stripe sends the person back", async () => {
    const { user, cookie } = await shopper([[s.papa.id, 1]]);
    await confirmWithCard(cookie);
    const order = latestOrderOf(user.id);
    const back = await orderPageData(order.pickupCode, cookie, "?pago=ok");
    expect(back).toMatchObject({
      payment: "pending",
      returned: "ok",
      refresh: true,
      order: { status: "pending_payment" },
    });
    const left = await orderPageData(order.pickupCode, cookie, "?pago=cancelado");
    expect(left).toMatchObject({ payment: "pending", returned: "cancelado", canPay: true });
    expect(left.refresh).toBe(false);

    paidByStripe(order);
    expect(await orderPageData(order.pickupCode, cookie, "?pago=ok")).toMatchObject({
      payment: "paid",
      refresh: false,
      editable: false,
      changeable: true,
      order: { status: "confirmed", paymentStatus: "paid" },
    });
  });

  it("a double tap makes one order and one session: the same key both times", async () => {
    const { user, cookie } = await shopper([[s.papa.id, 2]]);
    const key = crypto.randomUUID();
    const [first, second] = [
      await confirmWithCard(cookie, key),
      await confirmWithCard(cookie, key),
    ];
    expect(first.status).toBe(303);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    const mine = db().select().from(orders).where(eq(orders.consumerId, user.id)).all();
    expect(mine).toHaveLength(1);
    // The second tap finds the session on record and asks Stripe for it, not for another.
    expect(sessionRequests().map((r) => r.headers["idempotency-key"])).toEqual([
      `checkout-order-${mine[0].id}`,
    ]);
    expect(
      fake.seen.filter(
        (r) =>
          r.method === "GET" &&
          r.path === `/v1/checkout/sessions/${paymentOf(mine[0].id)!.providerSessionId}`,
      ),
    ).toHaveLength(1);
  });

  it("an answer that comes too late is retried with the same idempotency key, and the person still gets there", async () => {
    setStripeClient(
      createStripeClient({
        secretKey: SECRET_KEY,
        apiUrl: fake.url,
        timeoutMs: 300,
        maxNetworkRetries: 2,
      }),
    );
    try {
      fake.behaviour.lateMs = 1500;
      const { user, cookie } = await shopper([[s.queso.id, 1]]);
      const response = await confirmWithCard(cookie);
      const order = latestOrderOf(user.id);
      expect(response.status).toBe(303);
      expect(response.headers.get("Location")).toMatch(/^http:\/\/pay\.example\.test\//);
      const keys = sessionRequests().map((r) => r.headers["idempotency-key"]);
      expect(keys.length).toBeGreaterThanOrEqual(2);
      expect(new Set(keys)).toEqual(new Set([`checkout-order-${order.id}`]));
      // Identical parameters each time, as Stripe demands for a reused key.
      const bodies = sessionRequests().map((r) => r.form.toString());
      expect(new Set(bodies).size).toBe(1);
    } finally {
      setStripeClient(undefined);
    }
  });

  it("when Stripe cannot be reached the order stays held, the page says so, and paying again reuses the key", async () => {
    setStripeClient(
      createStripeClient({ secretKey: SECRET_KEY, apiUrl: fake.url, maxNetworkRetries: 1 }),
    );
    try {
      fake.behaviour.drop = 10;
      const { user, cookie } = await shopper([[s.papa.id, 1]]);
      const response = await confirmWithCard(cookie);
      const order = latestOrderOf(user.id);
      expect(response.status).toBe(303);
      expect(response.headers.get("Location")).toBe(`/pedidos/${order.pickupCode}`);
      expect(orderNow(order.id).status).toBe("pending_payment");
      expect(await orderPageData(order.pickupCode, cookie)).toMatchObject({
        payment: "pending",
        canPay: true,
      });

      // Still down: the order page answers with a message, not a 500.
      const down = await run(
        orderPage.action,
        formRequest(`/pedidos/${order.pickupCode}`, { intent: "pay" }, { cookie }),
        { params: { codigo: order.pickupCode } },
      );
      expect(down.status).toBe(502);
      expect(await down.json()).toEqual({ error: "pay.errors.startFailed" });

      fake.behaviour.drop = 0;
      const again = await run(
        orderPage.action,
        formRequest(`/pedidos/${order.pickupCode}`, { intent: "pay" }, { cookie }),
        { params: { codigo: order.pickupCode } },
      );
      expect(again.status).toBe(303);
      expect(again.headers.get("Location")).toMatch(/^http:\/\/pay\.example\.test\//);
      expect(new Set(sessionRequests().map((r) => r.headers["idempotency-key"]))).toEqual(
        new Set([`checkout-order-${order.id}`]),
      );
    } finally {
      setStripeClient(undefined);
    }
  });

  it("a paid order cannot be paid again", async () => {
    const { user, cookie } = await shopper([[s.papa.id, 1]]);
    await confirmWithCard(cookie);
    const order = latestOrderOf(user.id);
    paidByStripe(order);
    fake.seen.length = 0;
    const response = await run(
      orderPage.action,
      formRequest(`/pedidos/${order.pickupCode}`, { intent: "pay" }, { cookie }),
      { params: { codigo: order.pickupCode } },
    );
    expect(response.status).toBe(409);
    expect(sessionRequests()).toEqual([]);
  });
});

describe("refunds", () => {
  it("cancelling a paid order gives the stock back at once and refunds it through the API with its own key", async () => {
    const { user, cookie } = await shopper([[s.queso.id, 2]]);
    await confirmWithCard(cookie);
    const order = latestOrderOf(user.id);
    paidByStripe(order);
    const stockBefore = reserved(s.queso.id);
    const cancel = await run(
      orderPage.action,
      formRequest(`/pedidos/${order.pickupCode}`, { intent: "cancel" }, { cookie }),
      { params: { codigo: order.pickupCode } },
    );
    expect(cancel.status).toBe(302);
    expect(reserved(s.queso.id)).toBe(stockBefore - 2);
    expect(orderNow(order.id)).toMatchObject({ status: "cancelled", paymentStatus: "paid" });
    expect(await orderPageData(order.pickupCode, cookie)).toMatchObject({ payment: "refunding" });
    expect(
      db()
        .select()
        .from(notificationOutbox)
        .where(like(notificationOutbox.dedupeKey, `order-cancelled-refund:${order.id}:%`))
        .all().length,
    ).toBeGreaterThan(0);

    expect(await refundCancelledPayments()).toBe(1);
    const [refund] = refundRequests();
    expect(refundRequests()).toHaveLength(1);
    expect(refund.headers["idempotency-key"]).toBe(`refund-order-${order.id}`);
    expect(refund.form.get("payment_intent")).toBe(`pi_test_${order.id}`);
    expect(orderNow(order.id)).toMatchObject({ status: "cancelled", paymentStatus: "refunded" });
    expect(paymentOf(order.id)).toMatchObject({
      status: "refunded",
      refundedCents: order.totalCents,
    });
    expect(await orderPageData(order.pickupCode, cookie)).toMatchObject({ payment: "refunded" });

    // Nothing left to refund: no second request.
    expect(await refundCancelledPayments()).toBe(0);
    expect(refundRequests()).toHaveLength(1);
  });

  it("a passing failure at Stripe (5xx) leaves the refund due, and the next run makes it with the same key", async () => {
    const { user, cookie } = await shopper([[s.papa.id, 1]]);
    await confirmWithCard(cookie);
    const order = latestOrderOf(user.id);
    paidByStripe(order);
    await run(
      orderPage.action,
      formRequest(`/pedidos/${order.pickupCode}`, { intent: "cancel" }, { cookie }),
      { params: { codigo: order.pickupCode } },
    );
    // The client itself tries three times (maxNetworkRetries 2): all three refused.
    Object.assign(fake.behaviour, { refuseRefunds: 3, refundStatus: 500 });
    expect(await refundCancelledPayments()).toBe(0);
    expect(orderNow(order.id).paymentStatus).toBe("paid");
    expect(paymentOf(order.id)?.status).toBe("paid");
    expect(await orderPageData(order.pickupCode, cookie)).toMatchObject({ payment: "refunding" });
    expect(await refundCancelledPayments()).toBe(1);
    expect(orderNow(order.id).paymentStatus).toBe("refunded");
    expect(new Set(refundRequests().map((r) => r.headers["idempotency-key"]))).toEqual(
      new Set([`refund-order-${order.id}`]),
    );
    expect(refundRequests()).toHaveLength(4);
  });

  it("a charge Stripe says is already refunded counts as refunded", async () => {
    const order = await paidThenCancelled();
    Object.assign(fake.behaviour, {
      refuseRefunds: 1,
      refundStatus: 400,
      refundCode: "charge_already_refunded",
    });
    expect(await refundCancelledPayments()).toBe(1);
    expect(orderNow(order.id)).toMatchObject({ status: "cancelled", paymentStatus: "refunded" });
    expect(paymentOf(order.id)).toMatchObject({
      status: "refunded",
      refundedCents: order.totalCents,
    });
    expect(await refundCancelledPayments()).toBe(0);
    expect(refundRequests()).toHaveLength(1);
  });

  it("a refund Stripe refuses for good is recorded once, never tried again, and the page says the coordinators will refund it", async () => {
    const { order, cookie } = await paidThenCancelledWithCookie();
    Object.assign(fake.behaviour, {
      refuseRefunds: 1,
      refundStatus: 404,
      refundCode: "resource_missing",
    });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await refundCancelledPayments()).toBe(0);
      expect(await refundCancelledPayments()).toBe(0);
      expect(refundRequests()).toHaveLength(1);
      const mine = errors.mock.calls.filter((args) =>
        String(args[0]).includes(`order ${order.id} `),
      );
      expect(mine).toHaveLength(1);
    } finally {
      errors.mockRestore();
    }
    expect(paymentOf(order.id)?.status).toBe("failed");
    expect(orderNow(order.id)).toMatchObject({ status: "cancelled", paymentStatus: "paid" });
    expect(await orderPageData(order.pickupCode, cookie)).toMatchObject({
      payment: "refundFailed",
    });
  });

  it("a refund with no payment intent on record is left to the coordinators, not looped", async () => {
    const { order, cookie } = await paidThenCancelledWithCookie();
    db()
      .update(payments)
      .set({ providerPaymentIntentId: null })
      .where(eq(payments.orderId, order.id))
      .run();
    expect(await refundCancelledPayments()).toBe(0);
    expect(await refundCancelledPayments()).toBe(0);
    expect(refundRequests()).toEqual([]);
    expect(paymentOf(order.id)?.status).toBe("failed");
    expect(await orderPageData(order.pickupCode, cookie)).toMatchObject({
      payment: "refundFailed",
    });
  });

  it("a paid order on a market day the coordinators cancel is refunded too", async () => {
    const other = createMarket({ name: "Otro mercado" });
    const { producer } = createProducer({ marketId: other.id });
    const category = createCategory({ marketId: other.id });
    const { day, slots } = createMarketDay({
      marketId: other.id,
      date: limaDateOf(new Date(Date.now() + 4 * 86_400_000)),
      ordersOpenAt: new Date(Date.now() - HOUR),
      cutoffAt: new Date(Date.now() + 3 * 86_400_000),
    });
    const offer = createOffer({
      marketDayId: day.id,
      producerId: producer.id,
      productId: createProduct({ producerId: producer.id, categoryId: category.id }).id,
      quantity: 5,
      priceCents: 900,
    });
    const result = reserveBasket({
      consumerId: createUser().id,
      marketDayId: day.id,
      slotId: slots[0].id,
      lines: [{ offerId: offer.id, quantity: 2 }],
      paymentMethod: "card",
      idempotencyKey: crypto.randomUUID(),
    });
    if (!result.ok) throw new Error(JSON.stringify(result));
    paidByStripe(result.order);
    const coordinator = createUser();
    expect(
      cancelMarketDay({ marketId: other.id, actorUserId: coordinator.id, dayId: day.id }),
    ).toMatchObject({ ok: true, cardPaidOrders: 1 });
    expect(await refundCancelledPayments()).toBe(1);
    expect(refundRequests()[0].headers["idempotency-key"]).toBe(`refund-order-${result.order.id}`);
    expect(orderNow(result.order.id)).toMatchObject({
      status: "cancelled",
      paymentStatus: "refunded",
    });
    expect(reserved(offer.id)).toBe(0);
  });

  it("a person who cancels an unpaid hold and then pays anyway is refunded", async () => {
    const { user, cookie } = await shopper([[s.papa.id, 1]]);
    await confirmWithCard(cookie);
    const order = latestOrderOf(user.id);
    await run(
      orderPage.action,
      formRequest(`/pedidos/${order.pickupCode}`, { intent: "cancel" }, { cookie }),
      { params: { codigo: order.pickupCode } },
    );
    expect(orderNow(order.id)).toMatchObject({ status: "cancelled", paymentStatus: "unpaid" });
    expect(paidByStripe(order)).toBe("refundNeeded");
    expect(await refundCancelledPayments()).toBe(1);
    expect(orderNow(order.id)).toMatchObject({ status: "cancelled", paymentStatus: "refunded" });
  });
});

describe("the hold sweeper", () => {
  it("expires holds whose deadline passed, giving back stock and slot, and tells the person", async () => {
    const { user, cookie } = await shopper([[s.queso.id, 4]]);
    await confirmWithCard(cookie);
    const order = latestOrderOf(user.id);
    const deadline = order.holdExpiresAt!.getTime();
    // Older holds of this file's other tests may go now; this one is not due yet.
    expireUnpaidHolds(new Date(deadline - 1000));
    expect(orderNow(order.id).status).toBe("pending_payment");
    const stock = reserved(s.queso.id);
    const places = booked(s.slots[0].id);

    expect(expireUnpaidHolds(new Date(deadline + 1000))).toBe(1);
    expect(orderNow(order.id)).toMatchObject({ status: "expired", paymentStatus: "failed" });
    // Its session is closed at Stripe by the next job, which then marks the payment failed.
    expect(paymentOf(order.id)?.status).toBe("pending");
    expect(reserved(s.queso.id)).toBe(stock - 4);
    expect(booked(s.slots[0].id)).toBe(places - 1);
    expect(
      db()
        .select()
        .from(notificationOutbox)
        .where(like(notificationOutbox.dedupeKey, `order-expired:${order.id}:%`))
        .all().length,
    ).toBeGreaterThan(0);
    expect(await orderPageData(order.pickupCode, cookie)).toMatchObject({
      payment: "failed",
      canPay: false,
    });
    // A second sweep finds nothing; the order page offers no payment any more.
    expect(expireUnpaidHolds(new Date(deadline + 2000))).toBe(0);
    expect(reserved(s.queso.id)).toBe(stock - 4);
  });
});

describe("paying again later", () => {
  const MIN = 60_000;
  const ORIGIN = "http://localhost:3000";
  const expiresAtOf = (r: Seen) => Number(r.form.get("expires_at")) * 1000;

  it("after a first attempt that never reached Stripe, a retry 10 minutes later gets a session 32 minutes from then and a hold lengthened to match", async () => {
    setStripeClient(
      createStripeClient({ secretKey: SECRET_KEY, apiUrl: fake.url, maxNetworkRetries: 0 }),
    );
    try {
      fake.behaviour.drop = 5;
      const { user, cookie } = await shopper([[s.papa.id, 1]]);
      await confirmWithCard(cookie);
      const order = latestOrderOf(user.id);
      expect(paymentOf(order.id)).toBeUndefined();
      fake.behaviour.drop = 0;

      // Ten minutes on (for Stripe too): the first expiry would be only 22 minutes ahead.
      const later = new Date(Date.now() + 10 * MIN);
      fake.behaviour.clockOffsetMs = 10 * MIN;
      fake.seen.length = 0;
      const result = await startCardCheckout({
        consumerId: user.id,
        orderId: order.id,
        origin: ORIGIN,
        now: later,
      });
      expect(result).toMatchObject({ ok: true, url: expect.stringMatching(/^http:\/\/pay\./) });
      const [request] = sessionRequests();
      expect(sessionRequests()).toHaveLength(1);
      expect(request.headers["idempotency-key"]).toBe(`checkout-order-${order.id}`);
      expect(expiresAtOf(request)).toBe(
        Math.floor((later.getTime() + CHECKOUT_SESSION_MS) / 1000) * 1000,
      );
      const payment = paymentOf(order.id)!;
      expect(payment.status).toBe("pending");
      const hold = orderNow(order.id).holdExpiresAt!.getTime();
      expect(hold).toBe(expiresAtOf(request) + 5 * MIN);
      expect(hold).toBeGreaterThan(order.holdExpiresAt!.getTime());
      // The sweeper does not end the hold while its session can still be paid.
      expireUnpaidHolds(new Date(expiresAtOf(request) - 1000));
      expect(orderNow(order.id).status).toBe("pending_payment");
    } finally {
      setStripeClient(undefined);
    }
  });

  it("if the first attempt did make a session whose answer was lost, the retry gets that same session back", async () => {
    setStripeClient(
      createStripeClient({
        secretKey: SECRET_KEY,
        apiUrl: fake.url,
        timeoutMs: 200,
        maxNetworkRetries: 0,
      }),
    );
    try {
      fake.behaviour.lateMs = 1000;
      const { user, cookie } = await shopper([[s.papa.id, 1]]);
      await confirmWithCard(cookie);
      const order = latestOrderOf(user.id);
      expect(paymentOf(order.id)).toBeUndefined();
      const made = sessionRequests()[0];
      const createdAt = Object.keys(Object.fromEntries(fake.sessions)).at(-1)!;

      const later = new Date(Date.now() + 10 * MIN);
      fake.behaviour.clockOffsetMs = 10 * MIN;
      fake.seen.length = 0;
      const result = await startCardCheckout({
        consumerId: user.id,
        orderId: order.id,
        origin: ORIGIN,
        now: later,
      });
      expect(result).toEqual({ ok: true, url: `http://pay.example.test/c/${createdAt}` });
      expect(paymentOf(order.id)?.providerSessionId).toBe(createdAt);
      // New parameters refused under the same key, then the first ones: the same session.
      expect(sessionRequests().map((r) => expiresAtOf(r))).toEqual([
        Math.floor((later.getTime() + CHECKOUT_SESSION_MS) / 1000) * 1000,
        expiresAtOf(made),
      ]);
      expect(fake.sessions.size).toBe(new Set(fake.sessions.keys()).size);
      // That session ends at its first expiry: the hold keeps its own, later, end.
      expect(orderNow(order.id).holdExpiresAt).toEqual(order.holdExpiresAt);
    } finally {
      setStripeClient(undefined);
    }
  });

  it("a session on record is reused: paying again goes back to it without making another", async () => {
    const { user, cookie } = await shopper([[s.papa.id, 1]]);
    const first = await confirmWithCard(cookie);
    const order = latestOrderOf(user.id);
    fake.seen.length = 0;
    const again = await run(
      orderPage.action,
      formRequest(`/pedidos/${order.pickupCode}`, { intent: "pay" }, { cookie }),
      { params: { codigo: order.pickupCode } },
    );
    expect(again.status).toBe(303);
    expect(again.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(sessionRequests()).toEqual([]);
    expect(fake.seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/checkout/sessions/${paymentOf(order.id)!.providerSessionId}`,
    ]);
  });
});

describe("closing abandoned sessions", () => {
  const expireRequests = () => fake.seen.filter((r) => r.path.endsWith("/expire"));

  it("a hold its person cancels has its session closed at Stripe, once", async () => {
    const { user, cookie } = await shopper([[s.papa.id, 1]]);
    await confirmWithCard(cookie);
    const order = latestOrderOf(user.id);
    const sessionId = paymentOf(order.id)!.providerSessionId!;
    await run(
      orderPage.action,
      formRequest(`/pedidos/${order.pickupCode}`, { intent: "cancel" }, { cookie }),
      { params: { codigo: order.pickupCode } },
    );
    expect(paymentOf(order.id)?.status).toBe("pending");
    fake.seen.length = 0;
    expect(await expireAbandonedSessions()).toBeGreaterThanOrEqual(1);
    expect(expireRequests().map((r) => r.path)).toContain(
      `/v1/checkout/sessions/${sessionId}/expire`,
    );
    expect(fake.sessions.get(sessionId)).toMatchObject({ status: "expired", url: null });
    expect(paymentOf(order.id)?.status).toBe("failed");
    fake.seen.length = 0;
    expect(await expireAbandonedSessions()).toBe(0);
    expect(expireRequests()).toEqual([]);
  });

  it("a hold the sweeper ends has its session closed too; a failure at Stripe is tried again; a session already over counts as closed", async () => {
    const { user, cookie } = await shopper([[s.queso.id, 1]]);
    await confirmWithCard(cookie);
    const order = latestOrderOf(user.id);
    const sessionId = paymentOf(order.id)!.providerSessionId!;
    expireUnpaidHolds(new Date(order.holdExpiresAt!.getTime() + 1000));
    expect(orderNow(order.id).status).toBe("expired");

    // Stripe fails (500, for the client's retries too): still pending, tried again next run.
    fake.behaviour.failExpire = 1000;
    await expireAbandonedSessions();
    expect(paymentOf(order.id)?.status).toBe("pending");
    fake.behaviour.failExpire = 0;
    expect(fake.sessions.get(sessionId)?.status).toBe("open");

    // Meanwhile the session ended at Stripe anyway: its 400 counts as done.
    fake.sessions.get(sessionId)!.status = "expired";
    fake.seen.length = 0;
    await expireAbandonedSessions();
    expect(expireRequests().map((r) => r.path)).toContain(
      `/v1/checkout/sessions/${sessionId}/expire`,
    );
    expect(paymentOf(order.id)?.status).toBe("failed");
  });

  it("a payment recorded by the webhook meanwhile stays paid", async () => {
    const { user, cookie } = await shopper([[s.papa.id, 1]]);
    await confirmWithCard(cookie);
    const order = latestOrderOf(user.id);
    await run(
      orderPage.action,
      formRequest(`/pedidos/${order.pickupCode}`, { intent: "cancel" }, { cookie }),
      { params: { codigo: order.pickupCode } },
    );
    expect(paidByStripe(order)).toBe("refundNeeded");
    fake.seen.length = 0;
    await expireAbandonedSessions();
    expect(expireRequests().filter((r) => r.path.includes(`cs_paid_${order.id}`))).toEqual([]);
    expect(paymentOf(order.id)?.status).toBe("paid");
  });

  it("a market day cancelled while a hold waits: no longer 'pending' (no endless reloading on the order page), and its session is closed", async () => {
    const other = createMarket({ name: "Mercado cancelado" });
    const { producer } = createProducer({ marketId: other.id });
    const category = createCategory({ marketId: other.id });
    const { day, slots } = createMarketDay({
      marketId: other.id,
      date: limaDateOf(new Date(Date.now() + 4 * 86_400_000)),
      ordersOpenAt: new Date(Date.now() - HOUR),
      cutoffAt: new Date(Date.now() + 3 * 86_400_000),
    });
    const offer = createOffer({
      marketDayId: day.id,
      producerId: producer.id,
      productId: createProduct({ producerId: producer.id, categoryId: category.id }).id,
      quantity: 5,
      priceCents: 900,
    });
    const user = createUser();
    const cookie = await loggedInCookie(user.id);
    db().insert(basketItems).values({ userId: user.id, offerId: offer.id, quantity: 1 }).run();
    const hold = reserveBasket({
      consumerId: user.id,
      marketDayId: day.id,
      slotId: slots[0].id,
      lines: [{ offerId: offer.id, quantity: 1 }],
      paymentMethod: "card",
      idempotencyKey: crypto.randomUUID(),
    });
    if (!hold.ok) throw new Error(JSON.stringify(hold));
    const started = await startCardCheckout({
      consumerId: user.id,
      orderId: hold.order.id,
      origin: "http://localhost:3000",
    });
    expect(started.ok).toBe(true);
    const sessionId = paymentOf(hold.order.id)!.providerSessionId!;

    expect(
      cancelMarketDay({ marketId: other.id, actorUserId: createUser().id, dayId: day.id }),
    ).toMatchObject({ ok: true, cancelledOrders: 1, cardPaidOrders: 0 });
    expect(orderNow(hold.order.id)).toMatchObject({
      status: "cancelled",
      paymentStatus: "unpaid",
    });
    const page = await orderPageData(hold.order.pickupCode, cookie, "?pago=ok");
    expect(page).toMatchObject({ payment: "none", refresh: false, canPay: false });

    fake.seen.length = 0;
    await expireAbandonedSessions();
    expect(fake.sessions.get(sessionId)?.status).toBe("expired");
    expect(paymentOf(hold.order.id)?.status).toBe("failed");
  });

  it("the page says 'pending' only while the order waits for its payment", () => {
    for (const status of ["cancelled", "expired", "confirmed"] as const) {
      expect(cardPaymentState({ paymentMethod: "card", paymentStatus: "pending", status })).toBe(
        "none",
      );
    }
    expect(
      cardPaymentState({
        paymentMethod: "card",
        paymentStatus: "pending",
        status: "pending_payment",
      }),
    ).toBe("pending");
  });
});

describe("confirmation messages", () => {
  it("a cash order queues its confirmation inside the reservation, with slot, place and total", () => {
    const user = createUser();
    const result = reserveBasket({
      consumerId: user.id,
      marketDayId: s.day.id,
      slotId: s.slots[1].id,
      lines: [{ offerId: s.papa.id, quantity: 2 }],
      idempotencyKey: crypto.randomUUID(),
    });
    if (!result.ok) throw new Error(JSON.stringify(result));
    const rows = db()
      .select()
      .from(notificationOutbox)
      .where(like(notificationOutbox.dedupeKey, `order-confirmed:${result.order.id}:%`))
      .all();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({
      userId: user.id,
      template: "order_confirmed",
      status: "pending",
    });
    expect(JSON.parse(rows[0].payload)).toEqual({
      orderId: result.order.id,
      pickupCode: result.order.pickupCode,
      date: s.day.date,
      slotStartsAt: s.slots[1].startsAt.toISOString(),
      slotEndsAt: s.slots[1].endsAt.toISOString(),
      place: s.day.place,
      totalCents: 700,
    });
    // A card hold is not confirmed yet: no message until the webhook.
    const hold = reserveBasket({
      consumerId: user.id,
      marketDayId: s.day.id,
      slotId: s.slots[1].id,
      lines: [{ offerId: s.papa.id, quantity: 1 }],
      paymentMethod: "card",
      idempotencyKey: crypto.randomUUID(),
    });
    if (!hold.ok) throw new Error(JSON.stringify(hold));
    expect(
      db()
        .select()
        .from(notificationOutbox)
        .where(like(notificationOutbox.dedupeKey, `order-confirmed:${hold.order.id}:%`))
        .all(),
    ).toEqual([]);
  });
});

describe("without Stripe keys", () => {
  beforeAll(() => configure(false));
  afterAll(() => configure(true));

  it("card is neither offered nor accepted, and Stripe is never called", async () => {
    expect(availablePaymentMethods()).toEqual(["cash"]);
    const { user, cookie } = await shopper([[s.papa.id, 1]]);
    const page = await (
      await run(checkout.loader, getRequest("/canasta/confirmar", { cookie }))
    ).json();
    expect(page.paymentMethods).toEqual(["cash"]);
    const forged = await confirmWithCard(cookie);
    expect(forged.status).toBe(400);
    expect(await forged.json()).toEqual({ error: "errors.paymentMethodUnavailable" });
    expect(db().select().from(orders).where(eq(orders.consumerId, user.id)).all()).toEqual([]);
    expect(fake.seen).toEqual([]);
  });
});
