/**
 * What the Stripe webhook tests share (stripe-webhook.test.ts, stripe-webhook-baskets.test.ts):
 * the keys, a market day with one offer of oca, card holds on it, checkout.session.* events as
 * Stripe sends them, signed with the stripe package's own generateTestHeaderString, and the
 * counters read back.
 */
import { and, eq, inArray, like, sql } from "drizzle-orm";
import Stripe from "stripe";
import { afterAll, beforeAll, expect } from "vitest";
import { db } from "../../app/infra/db.server";
import { reserveOrder } from "../../app/features/ordering/reserve.server";
import * as webhook from "../../app/routes/webhooks.stripe";
import {
  notificationOutbox,
  offers,
  orderItems,
  orders,
  pickupSlots,
  type Order,
} from "../../db/schema";
import { createUser, openMarketDayScenario } from "../factories";
import { run } from "../helpers";
import { configureStripe } from "./fake-stripe";

export const SECRET = "whsec_test_qhatu_webhook_secret";

/** The Stripe keys the webhook needs, for the test file that calls this (and none after it). */
export function withWebhookSecret() {
  beforeAll(() => configureStripe({ secretKey: "sk_test_qhatu", webhookSecret: SECRET }));
  afterAll(() => configureStripe());
}

/** A market day open for orders, one offer of `quantity` and slots of `slotCapacity`. */
export function scene({ quantity = 5, slotCapacity = 3 } = {}) {
  const { day, slots, offers } = openMarketDayScenario({
    date: "2030-01-05",
    slotCapacity,
    pickupEnd: "08:00",
    offers: { oca: { name: "Oca", priceCents: 280, quantity } },
  });
  return { day, slots, oca: offers.oca };
}

let keys = 0;
/** An idempotency key of its own for each reservation of these tests. */
export const webhookKey = (kind: string) => `webhook-${kind}-${Date.now()}-${++keys}`;

export function cardOrder(s: ReturnType<typeof scene>, quantity = 2): Order {
  const result = reserveOrder({
    consumerId: createUser().id,
    marketDayId: s.day.id,
    slotId: s.slots[0].id,
    lines: [{ offerId: s.oca.id, quantity }],
    paymentMethod: "card",
    idempotencyKey: webhookKey("test"),
  });
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.order;
}

let events = 0;
/** A new event id, as Stripe gives each event. */
export const eventId = () => `evt_test_${++events}`;
/** A checkout.session.* event as Stripe sends it (only the fields we read, plus a few). */
export function sessionEvent(
  type: string,
  order: Order,
  { paymentStatus = "paid", id = eventId(), amountTotal = order.totalCents, currency = "pen" } = {},
) {
  return JSON.stringify({
    id,
    object: "event",
    type,
    api_version: "2026-10-28.endive",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: {
      object: {
        id: `cs_test_${order.id}`,
        object: "checkout.session",
        mode: "payment",
        currency,
        amount_total: amountTotal,
        client_reference_id: String(order.id),
        metadata: { order_id: String(order.id) },
        payment_intent: `pi_test_${order.id}`,
        payment_status: type.endsWith("expired") ? "unpaid" : paymentStatus,
        status: type.endsWith("expired") ? "expired" : "complete",
      },
    },
  });
}

export const sign = (payload: string, secret = SECRET) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret });

export function post(payload: string, signature: string | null) {
  return run(
    webhook.action,
    new Request("http://localhost:3000/webhooks/stripe", {
      method: "POST",
      body: payload,
      headers: {
        "Content-Type": "application/json",
        ...(signature === null ? {} : { "Stripe-Signature": signature }),
      },
    }),
  );
}

export const send = (payload: string) => post(payload, sign(payload));
export const orderNow = (id: number) => db().select().from(orders).where(eq(orders.id, id)).get()!;
export const reserved = (offerId: number) =>
  db().select().from(offers).where(eq(offers.id, offerId)).get()!.reserved;
export const booked = (slotId: number) =>
  db().select().from(pickupSlots).where(eq(pickupSlots.id, slotId)).get()!.booked;
export const outbox = (prefix: string) =>
  db()
    .select()
    .from(notificationOutbox)
    .where(like(notificationOutbox.dedupeKey, `${prefix}:%`))
    .all();

/** Every counter equals what the orders still standing hold (stock and slot places). */
export function expectCountersMatchOrders(s: ReturnType<typeof scene>) {
  const held = db()
    .select({ total: sql<number>`coalesce(sum(${orderItems.quantity}), 0)` })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(
      and(
        eq(orderItems.offerId, s.oca.id),
        inArray(orders.status, ["pending_payment", "confirmed"]),
      ),
    )
    .get()!.total;
  expect(reserved(s.oca.id)).toBe(held);
  for (const slot of s.slots) {
    const standing = db()
      .select()
      .from(orders)
      .where(
        and(eq(orders.slotId, slot.id), inArray(orders.status, ["pending_payment", "confirmed"])),
      )
      .all().length;
    expect(booked(slot.id)).toBe(standing);
  }
}
