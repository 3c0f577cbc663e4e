/**
 * After a reservation, through the model: cancelling and changing it, the counters that follow,
 * and what a paused offer or a card payment still allows.
 */
import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { cancelOrder, changeOrder } from "../../app/features/ordering/order-changes.server";
import { reserveOrder } from "../../app/features/ordering/reserve.server";
import { offers, orderItems, orders } from "../../db/schema";
import { createUser } from "../factories";
import { booked, newKey, okOrder, scene, stock } from "../support/reservation-scene";

describe("after reserving", () => {
  let s: ReturnType<typeof scene>;
  let order: ReturnType<typeof okOrder>;
  beforeEach(() => {
    s = scene();
    order = okOrder(
      reserveOrder({
        consumerId: s.consumer.id,
        marketDayId: s.day.id,
        slotId: s.slots[0].id,
        lines: [
          { offerId: s.oca.id, quantity: 2 },
          { offerId: s.queso.id, quantity: 1 },
        ],
        idempotencyKey: newKey(),
      }),
    );
  });

  it("cancelling gives stock and slot back at once", () => {
    expect(cancelOrder({ consumerId: s.consumer.id, orderId: order.id })).toMatchObject({
      ok: true,
      order: { status: "cancelled" },
    });
    expect(stock(s.oca.id)).toBe(0);
    expect(stock(s.queso.id)).toBe(0);
    expect(booked(s.slots[0].id)).toBe(0);
    // Twice does nothing more.
    expect(cancelOrder({ consumerId: s.consumer.id, orderId: order.id })).toEqual({
      ok: false,
      error: "notFound",
    });
    expect(booked(s.slots[0].id)).toBe(0);
  });

  it("only the owner can cancel, and only before the cutoff", () => {
    expect(cancelOrder({ consumerId: createUser().id, orderId: order.id })).toEqual({
      ok: false,
      error: "notFound",
    });
    const late = new Date(s.day.cutoffAt.getTime() + 60_000);
    expect(cancelOrder({ consumerId: s.consumer.id, orderId: order.id, now: late })).toMatchObject({
      ok: false,
      error: "closed",
    });
    expect(stock(s.oca.id)).toBe(2);
    expect(booked(s.slots[0].id)).toBe(1);
  });

  it("changes quantities and slot in one step, keeping the original prices", () => {
    db().update(offers).set({ priceCents: 300 }).where(eq(offers.id, s.oca.id)).run();
    const result = changeOrder({
      consumerId: s.consumer.id,
      orderId: order.id,
      slotId: s.slots[1].id,
      lines: [
        { offerId: s.oca.id, quantity: 5 },
        { offerId: s.queso.id, quantity: 0 },
      ],
    });
    expect(result).toMatchObject({
      ok: true,
      order: { slotId: s.slots[1].id, totalCents: 5 * 280 },
    });
    expect(stock(s.oca.id)).toBe(5);
    expect(stock(s.queso.id)).toBe(0);
    expect(booked(s.slots[0].id)).toBe(0);
    expect(booked(s.slots[1].id)).toBe(1);
  });

  it("a change that does not fit changes nothing", () => {
    const result = changeOrder({
      consumerId: s.consumer.id,
      orderId: order.id,
      slotId: s.slots[1].id,
      lines: [{ offerId: s.oca.id, quantity: 6 }],
    });
    expect(result).toMatchObject({ ok: false, error: "short", shortages: [{ available: 5 }] });
    expect(stock(s.oca.id)).toBe(2);
    expect(stock(s.queso.id)).toBe(1);
    expect(booked(s.slots[0].id)).toBe(1);
    expect(booked(s.slots[1].id)).toBe(0);
    expect(
      db().select().from(orderItems).where(eq(orderItems.orderId, order.id)).all(),
    ).toHaveLength(2);
  });

  it("counters always equal what the stored orders hold", () => {
    cancelOrder({ consumerId: s.consumer.id, orderId: order.id });
    okOrder(
      reserveOrder({
        consumerId: createUser().id,
        marketDayId: s.day.id,
        slotId: s.slots[1].id,
        lines: [{ offerId: s.oca.id, quantity: 3 }],
        idempotencyKey: newKey(),
      }),
    );
    const drift = db().all(sql`
      SELECT o.id FROM offers o
      LEFT JOIN (SELECT oi.offer_id, sum(oi.quantity) q FROM order_items oi JOIN orders r ON r.id = oi.order_id
                 WHERE r.status IN ('confirmed', 'pending_payment') GROUP BY oi.offer_id) i ON i.offer_id = o.id
      WHERE o.reserved != coalesce(i.q, 0)`);
    expect(drift).toEqual([]);
  });
});

describe("changing orders after a producer pauses or a card payment", () => {
  it("a paused offer already in the order does not block a change of slot", () => {
    const s = scene();
    const order = okOrder(
      reserveOrder({
        consumerId: s.consumer.id,
        marketDayId: s.day.id,
        slotId: s.slots[0].id,
        lines: [
          { offerId: s.oca.id, quantity: 2 },
          { offerId: s.queso.id, quantity: 1 },
        ],
        idempotencyKey: newKey(),
      }),
    );
    db().update(offers).set({ status: "paused" }).where(eq(offers.id, s.queso.id)).run();
    const moved = changeOrder({
      consumerId: s.consumer.id,
      orderId: order.id,
      slotId: s.slots[1].id,
      lines: [
        { offerId: s.oca.id, quantity: 2 },
        { offerId: s.queso.id, quantity: 1 },
      ],
    });
    expect(moved).toMatchObject({ ok: true, order: { slotId: s.slots[1].id } });
    // But no more of the paused offer than was already held.
    const more = changeOrder({
      consumerId: s.consumer.id,
      orderId: order.id,
      slotId: s.slots[1].id,
      lines: [
        { offerId: s.oca.id, quantity: 2 },
        { offerId: s.queso.id, quantity: 2 },
      ],
    });
    expect(more).toMatchObject({
      ok: false,
      error: "short",
      shortages: [{ offerId: s.queso.id, reason: "unavailable" }],
    });
    expect(stock(s.queso.id)).toBe(1);
  });

  it("an order paid by card cannot be changed; cancelling it leaves the payment for the refund job", () => {
    const s = scene();
    const order = okOrder(
      reserveOrder({
        consumerId: s.consumer.id,
        marketDayId: s.day.id,
        slotId: s.slots[0].id,
        lines: [{ offerId: s.oca.id, quantity: 1 }],
        paymentMethod: "card",
        idempotencyKey: newKey(),
      }),
    );
    db()
      .update(orders)
      .set({ paymentStatus: "paid", status: "confirmed" })
      .where(eq(orders.id, order.id))
      .run();
    expect(
      changeOrder({
        consumerId: s.consumer.id,
        orderId: order.id,
        lines: [{ offerId: s.oca.id, quantity: 2 }],
        slotId: s.slots[0].id,
      }),
    ).toEqual({ ok: false, error: "paid" });
    expect(stock(s.oca.id)).toBe(1);
    expect(cancelOrder({ consumerId: s.consumer.id, orderId: order.id })).toMatchObject({
      ok: true,
      order: { status: "cancelled", paymentStatus: "paid" },
    });
    expect(stock(s.oca.id)).toBe(0);
  });
});
