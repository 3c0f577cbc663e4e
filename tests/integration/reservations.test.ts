/** The reservation rules, through the model: all or nothing, limits, slots, cutoff, keys. */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { PICKUP_CODE_ALPHABET, reserveOrder } from "../../app/features/ordering/reserve.server";
import { statements } from "../../app/features/ordering/reservation-statements.server";
import { cartItems, offers, orderItems } from "../../db/schema";
import {
  createCategory,
  createMarketDay,
  createOffer,
  createProducer,
  createProduct,
  createUser,
} from "../factories";
import { booked, newKey, okOrder, orderCount, scene, stock } from "../support/reservation-scene";

describe("reserving a basket", () => {
  let s: ReturnType<typeof scene>;
  beforeEach(() => {
    s = scene();
  });

  it("reserves every item, one slot place, and snapshots prices and producers", () => {
    const order = okOrder(
      reserveOrder({
        consumerId: s.consumer.id,
        marketDayId: s.day.id,
        slotId: s.slots[0].id,
        lines: [
          { offerId: s.oca.id, quantity: 2 },
          { offerId: s.queso.id, quantity: 1 },
          { offerId: s.oca.id, quantity: 1 }, // the same offer twice is one line
        ],
        idempotencyKey: newKey(),
      }),
    );
    expect(order).toMatchObject({
      status: "confirmed",
      paymentMethod: "cash",
      paymentStatus: "unpaid",
      totalCents: 3 * 280 + 1500,
    });
    expect(order.pickupCode).toMatch(new RegExp(`^[${PICKUP_CODE_ALPHABET}]{6}$`));
    expect(stock(s.oca.id)).toBe(3);
    expect(stock(s.queso.id)).toBe(1);
    expect(booked(s.slots[0].id)).toBe(1);
    const items = db().select().from(orderItems).where(eq(orderItems.orderId, order.id)).all();
    expect(
      items.map((i) => [i.productName, i.quantity, i.unitPriceCents, i.producerId]).sort(),
    ).toEqual(
      [
        ["Oca", 3, 280, s.producer.id],
        ["Queso fresco", 1, 1500, s.other.id],
      ].sort(),
    );
    // Later price changes do not touch the order.
    db().update(offers).set({ priceCents: 999 }).where(eq(offers.id, s.oca.id)).run();
    expect(
      db()
        .select()
        .from(orderItems)
        .where(eq(orderItems.orderId, order.id))
        .all()
        .find((i) => i.productName === "Oca")!.unitPriceCents,
    ).toBe(280);
  });

  it("reserves nothing when one item is short, and says which and how many are left", () => {
    okOrder(
      reserveOrder({
        consumerId: createUser().id,
        marketDayId: s.day.id,
        slotId: s.slots[0].id,
        lines: [{ offerId: s.oca.id, quantity: 4 }],
        idempotencyKey: newKey(),
      }),
    );
    const before = orderCount();
    const result = reserveOrder({
      consumerId: s.consumer.id,
      marketDayId: s.day.id,
      slotId: s.slots[1].id,
      lines: [
        { offerId: s.queso.id, quantity: 2 },
        { offerId: s.oca.id, quantity: 3 },
      ],
      idempotencyKey: newKey(),
    });
    expect(result).toEqual({
      ok: false,
      error: "short",
      shortages: [
        { offerId: s.oca.id, productName: "Oca", requested: 3, available: 1, reason: "stock" },
      ],
    });
    expect(stock(s.queso.id)).toBe(0);
    expect(stock(s.oca.id)).toBe(4);
    expect(booked(s.slots[1].id)).toBe(0);
    expect(orderCount()).toBe(before);
  });

  it("refuses a full slot and writes nothing", () => {
    for (let i = 0; i < 3; i++) {
      okOrder(
        reserveOrder({
          consumerId: createUser().id,
          marketDayId: s.day.id,
          slotId: s.slots[0].id,
          lines: [{ offerId: s.queso.id, quantity: 1 }],
          idempotencyKey: newKey(),
        }),
      );
    }
    const result = reserveOrder({
      consumerId: s.consumer.id,
      marketDayId: s.day.id,
      slotId: s.slots[0].id,
      lines: [{ offerId: s.oca.id, quantity: 1 }],
      idempotencyKey: newKey(),
    });
    expect(result).toEqual({ ok: false, error: "slotFull" });
    expect(stock(s.oca.id)).toBe(0);
    expect(booked(s.slots[0].id)).toBe(3);
  });

  it("refuses a slot of another market day", () => {
    const elsewhere = createMarketDay({ marketId: s.market.id, date: "2030-01-12" });
    const result = reserveOrder({
      consumerId: s.consumer.id,
      marketDayId: s.day.id,
      slotId: elsewhere.slots[0].id,
      lines: [{ offerId: s.oca.id, quantity: 1 }],
      idempotencyKey: newKey(),
    });
    expect(result).toEqual({ ok: false, error: "slotInvalid" });
    expect(stock(s.oca.id)).toBe(0);
  });

  it("enforces the cutoff on the server, whatever the page showed", () => {
    const line = {
      consumerId: s.consumer.id,
      marketDayId: s.day.id,
      slotId: s.slots[0].id,
      lines: [{ offerId: s.oca.id, quantity: 1 }],
    };
    const afterCutoff = new Date(s.day.cutoffAt.getTime() + 1);
    expect(reserveOrder({ ...line, idempotencyKey: newKey(), now: afterCutoff })).toEqual({
      ok: false,
      error: "closed",
      cutoffAt: s.day.cutoffAt,
    });
    const beforeOpening = new Date(s.day.ordersOpenAt.getTime() - 1);
    expect(reserveOrder({ ...line, idempotencyKey: newKey(), now: beforeOpening })).toMatchObject({
      ok: false,
      error: "closed",
    });
    expect(stock(s.oca.id)).toBe(0);
  });

  it("does not sell paused offers, offers of suspended producers, or another day's offers", () => {
    db().update(offers).set({ status: "paused" }).where(eq(offers.id, s.oca.id)).run();
    const suspended = createProducer({ marketId: s.market.id, status: "suspended" }).producer;
    const theirs = createOffer({
      marketDayId: s.day.id,
      producerId: suspended.id,
      productId: createProduct({
        producerId: suspended.id,
        categoryId: createCategory({ marketId: s.market.id }).id,
      }).id,
    });
    const otherDay = createMarketDay({ marketId: s.market.id, date: "2030-01-19" }).day;
    const elsewhere = createOffer({
      marketDayId: otherDay.id,
      producerId: s.producer.id,
      productId: createProduct({
        producerId: s.producer.id,
        categoryId: createCategory({ marketId: s.market.id }).id,
      }).id,
    });
    const result = reserveOrder({
      consumerId: s.consumer.id,
      marketDayId: s.day.id,
      slotId: s.slots[0].id,
      lines: [
        { offerId: s.oca.id, quantity: 1 },
        { offerId: theirs.id, quantity: 1 },
        { offerId: elsewhere.id, quantity: 1 },
      ],
      idempotencyKey: newKey(),
    });
    expect(result.ok).toBe(false);
    expect(
      !result.ok && result.error === "short" && result.shortages.map((x) => [x.offerId, x.reason]),
    ).toEqual([
      [s.oca.id, "unavailable"],
      [theirs.id, "unavailable"],
      [elsewhere.id, "unavailable"],
    ]);
  });

  it("counts the per-customer limit across the person's orders", () => {
    const limited = scene({ limit: 2 });
    const base = {
      consumerId: limited.consumer.id,
      marketDayId: limited.day.id,
      slotId: limited.slots[0].id,
    };
    okOrder(
      reserveOrder({
        ...base,
        lines: [{ offerId: limited.oca.id, quantity: 1 }],
        idempotencyKey: newKey(),
      }),
    );
    const result = reserveOrder({
      ...base,
      lines: [{ offerId: limited.oca.id, quantity: 2 }],
      idempotencyKey: newKey(),
    });
    expect(result).toMatchObject({
      ok: false,
      error: "short",
      shortages: [{ available: 1, reason: "limit" }],
    });
    // Someone else still can.
    okOrder(
      reserveOrder({
        ...base,
        consumerId: createUser().id,
        lines: [{ offerId: limited.oca.id, quantity: 2 }],
        idempotencyKey: newKey(),
      }),
    );
  });

  it("makes one order per idempotency key, and never hands it to someone else", () => {
    const input = {
      consumerId: s.consumer.id,
      marketDayId: s.day.id,
      slotId: s.slots[0].id,
      lines: [{ offerId: s.oca.id, quantity: 2 }],
      idempotencyKey: newKey(),
    };
    const first = reserveOrder(input);
    const again = reserveOrder(input);
    expect(again).toEqual({ ok: true, order: okOrder(first), replayed: true });
    expect(stock(s.oca.id)).toBe(2);
    expect(booked(s.slots[0].id)).toBe(1);
    expect(reserveOrder({ ...input, consumerId: createUser().id })).toEqual({
      ok: false,
      error: "keyReused",
    });
  });

  it("holds card payments for 37 minutes (the Checkout Session's 32 and a margin), pending", () => {
    const now = new Date();
    const order = okOrder(
      reserveOrder({
        consumerId: s.consumer.id,
        marketDayId: s.day.id,
        slotId: s.slots[0].id,
        lines: [{ offerId: s.oca.id, quantity: 1 }],
        paymentMethod: "card",
        idempotencyKey: newKey(),
        now,
      }),
    );
    expect(order).toMatchObject({ status: "pending_payment", paymentStatus: "pending" });
    expect(order.holdExpiresAt!.getTime() - now.getTime()).toBe(37 * 60_000);
  });

  it("empties the saved basket of what it reserved, in the same transaction", () => {
    db()
      .insert(cartItems)
      .values([{ userId: s.consumer.id, offerId: s.oca.id, quantity: 1 }])
      .run();
    okOrder(
      reserveOrder({
        consumerId: s.consumer.id,
        marketDayId: s.day.id,
        slotId: s.slots[0].id,
        lines: [{ offerId: s.oca.id, quantity: 1 }],
        idempotencyKey: newKey(),
        clearCart: true,
      }),
    );
    expect(db().select().from(cartItems).where(eq(cartItems.userId, s.consumer.id)).all()).toEqual(
      [],
    );
  });

  it("gives unique pickup codes without look-alike characters", () => {
    const big = scene({ quantity: 500, slotCapacity: 400 });
    const codes = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const order = okOrder(
        reserveOrder({
          consumerId: createUser().id,
          marketDayId: big.day.id,
          slotId: big.slots[i % 2].id,
          lines: [{ offerId: big.oca.id, quantity: 1 }],
          idempotencyKey: newKey(),
        }),
      );
      codes.add(order.pickupCode);
      expect(order.pickupCode).not.toMatch(/[01258BILOSZ]/);
    }
    expect(codes.size).toBe(300);
  });
});

describe("the per-family limits' queries", () => {
  it("start from the family's own orders, not from every order of the offer or basket", () => {
    const sql = statements();
    for (const statement of [sql.held, sql.bundleHeld]) {
      const plan = db()
        .$client.prepare(`EXPLAIN QUERY PLAN ${statement.source}`)
        .all(...(statement === sql.held ? [1, 2, 0] : [1, 2])) as { detail: string }[];
      expect(plan[0].detail).toMatch(/^SEARCH r USING INDEX orders_consumer_idx/);
    }
  });
});

