/**
 * POST /webhooks/stripe through the real route action, with payloads signed by the stripe
 * package's own generateTestHeaderString: forged, tampered and unsigned requests change
 * nothing; each event counts once; "expired" and "completed" in either order end consistent.
 */
import { eq } from "drizzle-orm";
import Stripe from "stripe";
import { describe, expect, it, vi } from "vitest";
import { db } from "../../app/infra/db.server";
import { reserveOrder } from "../../app/features/ordering/reserve.server";
import { memberships, offers, paymentEvents, payments, producers } from "../../db/schema";
import {
  SECRET,
  withWebhookSecret,
  eventId,
  scene,
  cardOrder,
  sessionEvent,
  sign,
  post,
  send,
  orderNow,
  reserved,
  booked,
  outbox,
  expectCountersMatchOrders,
} from "../support/stripe-webhook";

withWebhookSecret();

describe("POST /webhooks/stripe", () => {
  it("a signed checkout.session.completed confirms the order, records the payment and queues one message", async () => {
    const s = scene();
    const order = cardOrder(s);
    const payload = sessionEvent("checkout.session.completed", order);
    const response = await send(payload);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true, outcome: "confirmed" });
    expect(orderNow(order.id)).toMatchObject({
      status: "confirmed",
      paymentStatus: "paid",
      holdExpiresAt: null,
    });
    expect(db().select().from(payments).where(eq(payments.orderId, order.id)).all()).toMatchObject([
      {
        status: "paid",
        providerSessionId: `cs_test_${order.id}`,
        providerPaymentIntentId: `pi_test_${order.id}`,
        amountCents: 560,
        currency: "pen",
      },
    ]);
    const messages = outbox(`order-confirmed:${order.id}`);
    expect(messages.length).toBeGreaterThan(0);
    expect(JSON.parse(messages[0].payload)).toMatchObject({
      orderId: order.id,
      pickupCode: order.pickupCode,
      date: "2030-01-05",
      totalCents: 560,
    });
    expect(reserved(s.oca.id)).toBe(2);
    expectCountersMatchOrders(s);
  });

  it("a payment of another amount or currency than the order's confirms nothing: the order stays held, the event is recorded, and it is logged", async () => {
    const s = scene();
    const order = cardOrder(s);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      for (const [i, odd] of [
        { amountTotal: order.totalCents - 100 },
        { amountTotal: order.totalCents * 2 },
        { currency: "usd" },
      ].entries()) {
        const id = `evt_mismatch_${order.id}_${i}`;
        const response = await send(
          sessionEvent("checkout.session.completed", order, { id, ...odd }),
        );
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ received: true, outcome: "mismatch" });
        expect(
          db().select().from(paymentEvents).where(eq(paymentEvents.id, id)).get(),
        ).toMatchObject({
          orderId: order.id,
          processedAt: expect.any(Date),
        });
      }
      expect(
        errors.mock.calls.filter((args) => String(args[0]).includes(`for order ${order.id} paid`)),
      ).toHaveLength(3);
    } finally {
      errors.mockRestore();
    }
    expect(orderNow(order.id)).toMatchObject({
      status: "pending_payment",
      paymentStatus: "pending",
    });
    expect(db().select().from(payments).where(eq(payments.orderId, order.id)).all()).toEqual([]);
    expect(outbox(`order-confirmed:${order.id}`)).toEqual([]);
    // The right payment still confirms it.
    expect(await (await send(sessionEvent("checkout.session.completed", order))).json()).toEqual({
      received: true,
      outcome: "confirmed",
    });
  });

  it("forged, tampered and unsigned requests get 400 and change nothing", async () => {
    const s = scene();
    const order = cardOrder(s);
    const payload = sessionEvent("checkout.session.completed", order);
    const tampered = payload.replace(`"amount_total":${order.totalCents}`, `"amount_total":1`);
    expect(tampered).not.toBe(payload);
    const attempts = [
      post(payload, sign(payload, "whsec_someone_else")),
      post(tampered, sign(payload)),
      post(payload, null),
      post(payload, "t=1,v1=deadbeef"),
      // Correctly signed, but five hours old: outside Stripe's tolerance, a replayed capture.
      post(
        payload,
        Stripe.webhooks.generateTestHeaderString({
          payload,
          secret: SECRET,
          timestamp: Math.floor(Date.now() / 1000) - 5 * 3600,
        }),
      ),
    ];
    for (const response of await Promise.all(attempts)) expect(response.status).toBe(400);
    expect(orderNow(order.id)).toMatchObject({
      status: "pending_payment",
      paymentStatus: "pending",
    });
    expect(
      db()
        .select()
        .from(paymentEvents)
        .all()
        .filter((e) => e.orderId === order.id),
    ).toEqual([]);
    expect(db().select().from(payments).where(eq(payments.orderId, order.id)).all()).toEqual([]);
    expect(outbox(`order-confirmed:${order.id}`)).toEqual([]);
  });

  it("a replayed event has one effect", async () => {
    const s = scene();
    const order = cardOrder(s);
    const payload = sessionEvent("checkout.session.completed", order);
    const first = await send(payload);
    const again = await send(payload);
    const third = await post(payload, sign(payload));
    expect((await first.json()).outcome).toBe("confirmed");
    expect((await again.json()).outcome).toBe("duplicate");
    expect((await third.json()).outcome).toBe("duplicate");
    const recorded = db()
      .select()
      .from(paymentEvents)
      .where(eq(paymentEvents.orderId, order.id))
      .all();
    expect(recorded).toHaveLength(1);
    expect(recorded[0].processedAt).not.toBeNull();
    expect(db().select().from(payments).where(eq(payments.orderId, order.id)).all()).toHaveLength(
      1,
    );
    const channels = new Set(outbox(`order-confirmed:${order.id}`).map((m) => m.channel));
    expect(outbox(`order-confirmed:${order.id}`)).toHaveLength(channels.size);
    expect(reserved(s.oca.id)).toBe(2);
    expectCountersMatchOrders(s);
  });

  it("completed, then expired: the order stays confirmed and paid", async () => {
    const s = scene();
    const order = cardOrder(s);
    await send(sessionEvent("checkout.session.completed", order));
    const late = await send(sessionEvent("checkout.session.expired", order));
    expect((await late.json()).outcome).toBe("unchanged");
    expect(orderNow(order.id)).toMatchObject({ status: "confirmed", paymentStatus: "paid" });
    expect(reserved(s.oca.id)).toBe(2);
    expect(outbox(`order-expired:${order.id}`)).toEqual([]);
    expectCountersMatchOrders(s);
  });

  it("expired releases stock and slot; a later completed takes them again when still free", async () => {
    const s = scene();
    const order = cardOrder(s);
    expect(booked(s.slots[0].id)).toBe(1);
    const expired = await send(sessionEvent("checkout.session.expired", order));
    expect((await expired.json()).outcome).toBe("expired");
    expect(orderNow(order.id)).toMatchObject({ status: "expired", paymentStatus: "failed" });
    expect(reserved(s.oca.id)).toBe(0);
    expect(booked(s.slots[0].id)).toBe(0);
    expect(outbox(`order-expired:${order.id}`).length).toBeGreaterThan(0);
    expectCountersMatchOrders(s);

    const completed = await send(sessionEvent("checkout.session.completed", order));
    expect((await completed.json()).outcome).toBe("retaken");
    expect(orderNow(order.id)).toMatchObject({ status: "confirmed", paymentStatus: "paid" });
    expect(reserved(s.oca.id)).toBe(2);
    expect(booked(s.slots[0].id)).toBe(1);
    expectCountersMatchOrders(s);
  });

  it("expired, the stock sold to someone else, then completed: no order, stock untouched, refund due", async () => {
    const s = scene({ quantity: 3 });
    const order = cardOrder(s, 2);
    await send(sessionEvent("checkout.session.expired", order));
    // Another family takes what was given back.
    const rival = cardOrder(s, 3);
    await send(sessionEvent("checkout.session.completed", rival));
    expect(reserved(s.oca.id)).toBe(3);

    const completed = await send(sessionEvent("checkout.session.completed", order));
    expect((await completed.json()).outcome).toBe("refundNeeded");
    expect(orderNow(order.id)).toMatchObject({ status: "expired", paymentStatus: "paid" });
    expect(db().select().from(payments).where(eq(payments.orderId, order.id)).get()).toMatchObject({
      status: "paid",
      providerPaymentIntentId: `pi_test_${order.id}`,
    });
    expect(reserved(s.oca.id)).toBe(3);
    expect(outbox(`order-confirmed:${order.id}`)).toEqual([]);
    // Told "nothing was charged" when the hold ended, the person now hears of the refund.
    expect(outbox(`order-expired-refund:${order.id}`).length).toBeGreaterThan(0);
    expectCountersMatchOrders(s);
  });

  it("a late payment takes nothing back past the person's limit, from a paused offer, or from a suspended producer: refund due", async () => {
    // The limit: the same person reserved again (cash) after the hold expired.
    const limited = scene({ quantity: 10 });
    db().update(offers).set({ perCustomerLimit: 2 }).where(eq(offers.id, limited.oca.id)).run();
    const first = cardOrder(limited, 2);
    await send(sessionEvent("checkout.session.expired", first));
    const again = reserveOrder({
      consumerId: first.consumerId,
      marketDayId: limited.day.id,
      slotId: limited.slots[0].id,
      lines: [{ offerId: limited.oca.id, quantity: 2 }],
      idempotencyKey: `webhook-limit-${Date.now()}`,
    });
    expect(again.ok).toBe(true);
    const late = await send(sessionEvent("checkout.session.completed", first));
    expect((await late.json()).outcome).toBe("refundNeeded");
    expect(reserved(limited.oca.id)).toBe(2);
    expectCountersMatchOrders(limited);

    // A paused offer.
    const paused = scene();
    const held = cardOrder(paused, 1);
    await send(sessionEvent("checkout.session.expired", held));
    db().update(offers).set({ status: "paused" }).where(eq(offers.id, paused.oca.id)).run();
    const lateToo = await send(sessionEvent("checkout.session.completed", held));
    expect((await lateToo.json()).outcome).toBe("refundNeeded");
    expect(reserved(paused.oca.id)).toBe(0);

    // A producer suspended meanwhile.
    const suspended = scene();
    const hold = cardOrder(suspended, 1);
    await send(sessionEvent("checkout.session.expired", hold));
    const membershipId = db()
      .select({ id: producers.membershipId })
      .from(producers)
      .where(eq(producers.id, suspended.oca.producerId))
      .get()!.id;
    db()
      .update(memberships)
      .set({ status: "suspended" })
      .where(eq(memberships.id, membershipId))
      .run();
    const lastLate = await send(sessionEvent("checkout.session.completed", hold));
    expect((await lastLate.json()).outcome).toBe("refundNeeded");
    expect(reserved(suspended.oca.id)).toBe(0);
  });

  it("a full slot also stops an expired order coming back", async () => {
    const s = scene({ slotCapacity: 1 });
    const order = cardOrder(s, 1);
    await send(sessionEvent("checkout.session.expired", order));
    cardOrder(s, 1); // takes the only place
    const completed = await send(sessionEvent("checkout.session.completed", order));
    expect((await completed.json()).outcome).toBe("refundNeeded");
    expect(booked(s.slots[0].id)).toBe(1);
    expectCountersMatchOrders(s);
  });

  it("a delayed payment: completed unpaid waits, async_payment_succeeded confirms; async_payment_failed expires", async () => {
    const s = scene();
    const slow = cardOrder(s);
    const waiting = await send(
      sessionEvent("checkout.session.completed", slow, { paymentStatus: "unpaid" }),
    );
    expect((await waiting.json()).outcome).toBe("unchanged");
    expect(orderNow(slow.id).status).toBe("pending_payment");
    await send(sessionEvent("checkout.session.async_payment_succeeded", slow));
    expect(orderNow(slow.id)).toMatchObject({ status: "confirmed", paymentStatus: "paid" });

    const failing = cardOrder(s);
    await send(sessionEvent("checkout.session.completed", failing, { paymentStatus: "unpaid" }));
    const failed = await send(sessionEvent("checkout.session.async_payment_failed", failing));
    expect((await failed.json()).outcome).toBe("expired");
    expect(orderNow(failing.id)).toMatchObject({ status: "expired" });
    expect(reserved(s.oca.id)).toBe(2);
    expectCountersMatchOrders(s);
  });

  it("events for other things, or for orders we do not know, are acknowledged and ignored", async () => {
    const s = scene();
    const order = cardOrder(s);
    const other = JSON.stringify({
      id: eventId(),
      object: "event",
      type: "customer.created",
      data: { object: { id: "cus_1", object: "customer" } },
    });
    expect(await (await send(other)).json()).toEqual({ received: true, outcome: "ignored" });
    const unknown = sessionEvent("checkout.session.completed", { ...order, id: 999_999 });
    expect(await (await send(unknown)).json()).toEqual({ received: true, outcome: "ignored" });
    expect(orderNow(order.id).status).toBe("pending_payment");
  });

  it("a correctly signed body that cannot be an event gets 400 and changes nothing", async () => {
    const s = scene();
    const order = cardOrder(s);
    const session = JSON.parse(sessionEvent("checkout.session.completed", order)) as {
      data: { object: Record<string, unknown> };
    };
    const malformed = [
      // No id.
      JSON.stringify({ object: "event", type: "checkout.session.completed", data: session.data }),
      // An array, a string, a number, null.
      JSON.stringify([JSON.parse(sessionEvent("checkout.session.completed", order))]),
      JSON.stringify("checkout.session.completed"),
      "42",
      "null",
      // An id of the wrong type, no data, a session without its id, a non-numeric amount.
      JSON.stringify({ id: 7, type: "checkout.session.completed", data: session.data }),
      JSON.stringify({ id: eventId(), type: "checkout.session.completed" }),
      JSON.stringify({
        id: eventId(),
        type: "checkout.session.completed",
        data: { object: { ...session.data.object, id: undefined } },
      }),
      JSON.stringify({
        id: eventId(),
        type: "checkout.session.completed",
        data: { object: { ...session.data.object, amount_total: "560" } },
      }),
    ];
    const recorded = db().select().from(paymentEvents).all().length;
    for (const payload of malformed) {
      const response = await send(payload);
      expect(response.status, payload.slice(0, 60)).toBe(400);
    }
    expect(db().select().from(paymentEvents).all()).toHaveLength(recorded);
    expect(orderNow(order.id).status).toBe("pending_payment");
  });

  it("many events in a shuffled order always end consistent", async () => {
    const s = scene({ quantity: 6, slotCapacity: 4 });
    const made = [cardOrder(s, 1), cardOrder(s, 2), cardOrder(s, 1), cardOrder(s, 2)];
    const payloads = made.flatMap((order, i) => [
      sessionEvent("checkout.session.expired", order),
      ...(i % 2 === 0 ? [sessionEvent("checkout.session.completed", order)] : []),
    ]);
    // Reverse, then interleave duplicates: completed before expired for some, after for others.
    const shuffled = [...payloads.slice().reverse(), payloads[0], payloads[3]];
    for (const payload of shuffled) expect((await send(payload)).status).toBe(200);
    for (const [i, order] of made.entries()) {
      const now = orderNow(order.id);
      if (i % 2 === 0) expect(now).toMatchObject({ status: "confirmed", paymentStatus: "paid" });
      else expect(now).toMatchObject({ status: "expired", paymentStatus: "failed" });
    }
    expectCountersMatchOrders(s);
  });
});
