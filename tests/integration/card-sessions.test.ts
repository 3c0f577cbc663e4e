/**
 * Checkout Sessions over time against the fake Stripe API: paying again later (a lengthened
 * hold, a lost answer, a session on record reused) and closing abandoned sessions.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { cardPaymentState } from "../../app/features/payments/payment-states.server";
import {
  CHECKOUT_SESSION_MS,
  startCardCheckout,
} from "../../app/features/payments/card-checkout.server";
import {
  expireAbandonedSessions,
  expireUnpaidHolds,
} from "../../app/features/payments/payment-jobs.server";
import { cancelMarketDay } from "../../app/features/market-days/cancel-day.server";
import { reserveOrder } from "../../app/features/ordering/reserve.server";
import * as orderPage from "../../app/routes/pedidos.$codigo";
import { createStripeClient, setStripeClient } from "../../app/infra/stripe.server";
import { cartItems } from "../../db/schema";
import { createUser } from "../factories";
import { formRequest, loggedInCookie, run } from "../helpers";
import { type Seen } from "../support/fake-stripe";
import {
  SECRET_KEY,
  confirmWithCard,
  fake,
  latestOrderOf,
  orderNow,
  orderPageData,
  paidByStripe,
  paymentOf,
  s,
  sessionRequests,
  setUpCardPayments,
  shopper,
  otherMarketDay,
} from "../support/card-payments";

setUpCardPayments();

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
    const { other, day, slots, offer } = otherMarketDay("Mercado cancelado");
    const user = createUser();
    const cookie = await loggedInCookie(user.id);
    db().insert(cartItems).values({ userId: user.id, offerId: offer.id, quantity: 1 }).run();
    const hold = reserveOrder({
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
