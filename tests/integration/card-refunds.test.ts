/**
 * Refunds of card payments against the fake Stripe API, each with its own key: a paid order
 * cancelled by its person or with its market day, passing and final failures at Stripe; and the
 * sweeper that ends unpaid holds.
 */
import { eq, like } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { db } from "../../app/infra/db.server";
import {
  expireUnpaidHolds,
  refundCancelledPayments,
} from "../../app/features/payments/payment-jobs.server";
import { cancelMarketDay } from "../../app/features/market-days/cancel-day.server";
import { reserveOrder } from "../../app/features/ordering/reserve.server";
import * as orderPage from "../../app/routes/pedidos.$codigo";
import { notificationOutbox, payments } from "../../db/schema";
import { createUser } from "../factories";
import { formRequest, run } from "../helpers";
import {
  booked,
  confirmWithCard,
  fake,
  latestOrderOf,
  orderNow,
  orderPageData,
  paidByStripe,
  paidThenCancelled,
  paidThenCancelledWithCookie,
  paymentOf,
  refundRequests,
  reserved,
  s,
  setUpCardPayments,
  shopper,
  otherMarketDay,
} from "../support/card-payments";

setUpCardPayments();

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
    const { other, day, slots, offer } = otherMarketDay("Otro mercado");
    const result = reserveOrder({
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
