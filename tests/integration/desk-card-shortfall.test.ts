/**
 * A card order paid in full online and handed over short at the desk: the difference goes back
 * to the card once the desk's undo window has passed, exactly once, through the Stripe API.
 */
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { limaDateOf } from "../../app/lib/time";
import { refundShortfalls } from "../../app/features/payments/payment-jobs.server";
import { recordPickup } from "../../app/features/desk/pickup-desk.server";
import { UNDO_WINDOW_MS } from "../../app/features/desk/desk-transaction.server";
import { orderItems, payments } from "../../db/schema";
import { createCoordinator, createOrder, createUser, openMarketDayScenario } from "../factories";
import { configureStripe } from "../support/fake-stripe";

/** Stands in for Stripe's refunds endpoint and records what it was sent. */
const refunds: { key: string | undefined; form: URLSearchParams }[] = [];
const fake = http.createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    const form = new URLSearchParams(body);
    refunds.push({ key: req.headers["idempotency-key"] as string | undefined, form });
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify({ id: `re_${refunds.length}`, object: "refund", status: "succeeded" }));
  });
});

beforeAll(async () => {
  await new Promise<void>((resolve) => fake.listen(0, "127.0.0.1", resolve));
  configureStripe({
    secretKey: "sk_test_shortfall",
    webhookSecret: "whsec_test_shortfall",
    apiUrl: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`,
  });
});
afterAll(async () => {
  configureStripe();
  await new Promise((resolve) => fake.close(resolve));
});

it("refunds what was not handed over, after the undo window, once", async () => {
  const { market, day, slots, offers } = openMarketDayScenario({
    date: limaDateOf(new Date()),
    window: "calendar",
    offers: { offer: { priceCents: 800, quantity: 10 } },
  });
  const coordinator = createCoordinator({ marketId: market.id });
  const offer = offers.offer;
  const order = createOrder({
    marketId: market.id,
    consumerId: createUser().id,
    marketDayId: day.id,
    slotId: slots[0].id,
    paymentMethod: "card",
    items: [{ offer, productName: "Queso", unit: "unidad", quantity: 3 }],
  });
  db()
    .insert(payments)
    .values({
      orderId: order.id,
      providerSessionId: `cs_${order.id}`,
      providerPaymentIntentId: `pi_${order.id}`,
      amountCents: 2400,
      status: "paid",
    })
    .run();
  const item = db().select().from(orderItems).where(eq(orderItems.orderId, order.id)).get()!;
  const handedAt = new Date();
  const pickup = recordPickup({
    marketId: market.id,
    orderId: order.id,
    actorUserId: coordinator.id,
    requestKey: crypto.randomUUID(),
    delivered: new Map([[item.id, 1]]),
    cashReceivedCents: null,
    now: handedAt,
  });
  // Paid by card: nothing to collect at the desk, and no change.
  expect(pickup).toMatchObject({ ok: true, totalCents: 800, changeCents: null });

  // Within the undo window nothing is refunded: the desk may still put the order back.
  expect(await refundShortfalls(new Date(handedAt.getTime() + 60_000))).toBe(0);
  expect(refunds).toHaveLength(0);

  const later = new Date(handedAt.getTime() + UNDO_WINDOW_MS + 1000);
  expect(await refundShortfalls(later)).toBe(1);
  expect(refunds).toHaveLength(1);
  expect(refunds[0].key).toBe(`refund-order-${order.id}-shortfall`);
  expect(refunds[0].form.get("amount")).toBe("1600");
  expect(refunds[0].form.get("payment_intent")).toBe(`pi_${order.id}`);
  const payment = db().select().from(payments).where(eq(payments.orderId, order.id)).get()!;
  expect(payment.refundedCents).toBe(1600);

  // Nothing is refunded twice.
  expect(await refundShortfalls(later)).toBe(0);
  expect(refunds).toHaveLength(1);
});
