/**
 * Card payments against a local HTTP server standing in for the Stripe API (the real stripe
 * client, pointed at it through host/port/protocol): what the app sends (amount, currency pen,
 * order id, idempotency keys, expires_at), retries after a timeout with the same key, the
 * confirmation messages, and card being neither offered nor accepted unconfigured.
 */
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { CHECKOUT_SESSION_MS } from "../../app/features/payments/card-checkout.server";
import { CARD_HOLD_MS, reserveOrder } from "../../app/features/ordering/reserve.server";
import { availablePaymentMethods } from "../../app/features/payments/payments.server";
import * as checkout from "../../app/routes/canasta_.confirmar";
import * as orderPage from "../../app/routes/pedidos.$codigo";
import { createStripeClient, setStripeClient } from "../../app/infra/stripe.server";
import { cartBundles, notificationOutbox, orders } from "../../db/schema";
import { createBundle, createUser } from "../factories";
import { formRequest, getRequest, run } from "../helpers";
import {
  SECRET_KEY,
  configure,
  confirmWithCard,
  fake,
  latestOrderOf,
  orderNow,
  orderPageData,
  paidByStripe,
  paymentOf,
  reserved,
  s,
  sessionRequests,
  setUpCardPayments,
  shopper,
} from "../support/card-payments";

setUpCardPayments();

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
    db().insert(cartBundles).values({ userId: user.id, bundleId: bundle.id, quantity: 2 }).run();
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
      expect(await down.json()).toEqual({ error: { "": ["pay.errors.startFailed"] } });

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

describe("confirmation messages", () => {
  it("a cash order queues its confirmation inside the reservation, with slot, place and total", () => {
    const user = createUser();
    const result = reserveOrder({
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
    const hold = reserveOrder({
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
    expect(await forged.json()).toEqual({ error: { "": ["errors.paymentMethodUnavailable"] } });
    expect(db().select().from(orders).where(eq(orders.consumerId, user.id)).all()).toEqual([]);
    expect(fake.seen).toEqual([]);
  });
});
