/**
 * Family baskets through the reservation model: a basket reserves every content offer in the
 * order's own transaction, all or nothing, and no offer is ever oversold whether its units go
 * out alone, in baskets, or both (docs/invariants.md #1). Cancelling gives everything back.
 */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { lineCents } from "../../app/features/ordering/line-value";
import { cancelOrder, changeOrder } from "../../app/features/ordering/order-changes.server";
import { listOwnOrders } from "../../app/features/ordering/order-reads.server";
import { reserveOrder, type ReserveResult } from "../../app/features/ordering/reserve.server";
import { listPublicBundles } from "../../app/features/bundles/bundles.server";
import { listProducerOffers } from "../../app/features/producers/producer-offers.server";
import {
  bundleItems,
  bundles,
  offers,
  orderBundles,
  orderItems,
  orders,
  pickupSlots,
} from "../../db/schema";
import { createBundle, createMarketDay, createUser, openMarketDayScenario } from "../factories";

const HOUR = 3600_000;

/** Papa huayro and queso fresco from two farms, and a family basket of both for less. */
function scene() {
  const { producers, offers, bundles, ...s } = openMarketDayScenario({
    date: "2030-02-02",
    slotCapacity: 10,
    pickupEnd: "08:00",
    producers: { papaFarm: {}, quesoFarm: {} },
    offers: {
      // 3 kg per basket
      papa: { name: "Papa huayro", priceCents: 250, quantity: 10, perCustomerLimit: 2 },
      // 1 per basket
      queso: {
        name: "Queso fresco",
        producer: "quesoFarm",
        priceCents: 1500,
        quantity: 4,
        perCustomerLimit: 2,
      },
    },
    bundles: {
      // the contents alone: 3 × 250 + 1500 = 2250
      bundle: { priceCents: 2000, contents: { papa: 3, queso: 1 } },
    },
  });
  return {
    ...s,
    ...offers,
    bundle: bundles.bundle,
    papaFarm: producers.papaFarm.producer,
    quesoFarm: producers.quesoFarm.producer,
  };
}

const reserved = (offerId: number) =>
  db().select().from(offers).where(eq(offers.id, offerId)).get()!.reserved;
const booked = (slotId: number) =>
  db().select().from(pickupSlots).where(eq(pickupSlots.id, slotId)).get()!.booked;
let key = 0;
const newKey = () => `bundle-key-${Date.now()}-${++key}-abcdefgh`;

function okOrder(result: ReserveResult) {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result.order;
}

describe("reserving family baskets", () => {
  let s: ReturnType<typeof scene>;
  beforeEach(() => {
    s = scene();
  });

  const reserve = (
    consumerId: number,
    bundleCount: number,
    lines: { offerId: number; quantity: number }[] = [],
  ) =>
    reserveOrder({
      consumerId,
      marketDayId: s.day.id,
      slotId: s.slots[0].id,
      lines,
      bundles: bundleCount > 0 ? [{ bundleId: s.bundle.id, quantity: bundleCount }] : [],
      idempotencyKey: newKey(),
    });

  it("reserves every content × baskets, snapshots the basket and shares its price exactly", () => {
    const consumer = createUser();
    const order = okOrder(reserve(consumer.id, 2, [{ offerId: s.papa.id, quantity: 1 }]));
    expect(order.totalCents).toBe(2 * 2000 + 250);
    expect(reserved(s.papa.id)).toBe(2 * 3 + 1);
    expect(reserved(s.queso.id)).toBe(2);
    expect(booked(s.slots[0].id)).toBe(1);

    const [line] = db().select().from(orderBundles).where(eq(orderBundles.orderId, order.id)).all();
    expect(line).toMatchObject({ name: "Canasta familiar", unitPriceCents: 2000, quantity: 2 });
    const items = db().select().from(orderItems).where(eq(orderItems.orderId, order.id)).all();
    const inBundle = items.filter((i) => i.orderBundleId === line.id);
    expect(inBundle.map((i) => [i.offerId, i.quantity]).sort()).toEqual(
      [
        [s.papa.id, 6],
        [s.queso.id, 2],
      ].sort(),
    );
    // 2000 shared 750 : 1500 → 667 + 1333 per basket; two baskets.
    expect(inBundle.find((i) => i.offerId === s.papa.id)!.shareCents).toBe(2 * 667);
    expect(inBundle.find((i) => i.offerId === s.queso.id)!.shareCents).toBe(2 * 1333);
    // The order's total is exactly the sum of what its lines are worth.
    expect(items.reduce((sum, i) => sum + lineCents(i), 0)).toBe(order.totalCents);
    // In the person's list of orders the basket is one line, beside the papa bought alone.
    expect(listOwnOrders(consumer.id)[0]).toMatchObject({ itemCount: 2, totalCents: 4250 });
  });

  it("never oversells an offer shared by baskets and single items, and writes nothing when short", () => {
    const first = createUser();
    // Queso: 4 units. Three baskets take 3; a single queso takes the last one.
    okOrder(reserve(first.id, 3));
    okOrder(reserve(createUser().id, 0, [{ offerId: s.queso.id, quantity: 1 }]));
    expect(reserved(s.queso.id)).toBe(4);
    const before = db().select().from(orders).all().length;
    const refused = reserve(createUser().id, 1, [{ offerId: s.papa.id, quantity: 1 }]);
    expect(refused).toMatchObject({
      ok: false,
      error: "short",
      bundleShortages: [{ bundleId: s.bundle.id, requested: 1, available: 0 }],
    });
    // All or nothing: the single papa of the refused order was not kept either.
    expect(reserved(s.papa.id)).toBe(9);
    expect(db().select().from(orders).all().length).toBe(before);
    expect(booked(s.slots[0].id)).toBe(2);
  });

  it("refuses more baskets than the stock allows, saying how many are left", () => {
    // Papa: 10 units at 3 per basket, and 4 queso: 3 baskets at most.
    expect(reserve(createUser().id, 4)).toMatchObject({
      ok: false,
      error: "short",
      bundleShortages: [{ requested: 4, available: 3, reason: "stock" }],
    });
    expect(reserved(s.papa.id)).toBe(0);
    expect(reserved(s.queso.id)).toBe(0);
  });

  it("counts single items of the same order against the baskets' stock", () => {
    // 10 papa: 2 alone (the per-customer limit) + 3 baskets × 3 = 11 > 10.
    const result = reserve(createUser().id, 3, [{ offerId: s.papa.id, quantity: 2 }]);
    expect(result).toMatchObject({ ok: false, error: "short" });
    expect(reserved(s.papa.id)).toBe(0);
  });

  it("keeps within the coordinators' cap, and a cancelled order frees its baskets", () => {
    db().update(bundles).set({ maxCount: 2 }).where(eq(bundles.id, s.bundle.id)).run();
    const consumer = createUser();
    const order = okOrder(reserve(consumer.id, 2));
    // On sale but none left: told as "sold out", not as "no longer available".
    expect(reserve(createUser().id, 1)).toMatchObject({
      ok: false,
      bundleShortages: [{ available: 0, reason: "stock", name: "Canasta familiar" }],
    });
    expect(listPublicBundles(s.day.id)[0]).toMatchObject({ taken: 2, left: 0 });

    expect(cancelOrder({ consumerId: consumer.id, orderId: order.id })).toMatchObject({ ok: true });
    expect(reserved(s.papa.id)).toBe(0);
    expect(reserved(s.queso.id)).toBe(0);
    expect(booked(s.slots[0].id)).toBe(0);
    expect(listPublicBundles(s.day.id)[0]).toMatchObject({ taken: 0, left: 2 });
    okOrder(reserve(createUser().id, 2));
  });

  it("units inside baskets do not count against an offer's per-customer limit", () => {
    const consumer = createUser();
    okOrder(reserve(consumer.id, 1)); // 3 papa inside the basket, limit 2
    okOrder(reserve(consumer.id, 0, [{ offerId: s.papa.id, quantity: 2 }]));
    expect(reserved(s.papa.id)).toBe(5);
  });

  it("keeps each family within the basket's own limit, across its orders", () => {
    db().update(bundles).set({ perCustomerLimit: 2 }).where(eq(bundles.id, s.bundle.id)).run();
    const family = createUser();
    expect(reserve(family.id, 3)).toMatchObject({
      ok: false,
      bundleShortages: [{ requested: 3, available: 2, reason: "limit" }],
    });
    const first = okOrder(reserve(family.id, 1));
    okOrder(reserve(family.id, 1));
    expect(reserve(family.id, 1)).toMatchObject({
      ok: false,
      bundleShortages: [{ available: 0, reason: "limit" }],
    });
    // Another family is not held back, and a cancelled order frees the family's place.
    okOrder(reserve(createUser().id, 1));
    expect(cancelOrder({ consumerId: family.id, orderId: first.id })).toMatchObject({ ok: true });
    okOrder(reserve(family.id, 1));
    expect(reserved(s.queso.id)).toBe(3);
  });

  it("tells the producer which of their offers are in published baskets", () => {
    const mine = () =>
      listProducerOffers({ producerId: s.papaFarm.id, marketDayId: s.day.id }).map((o) => [
        o.productName,
        o.inBundles,
      ]);
    expect(mine()).toEqual([["Papa huayro", 1]]);
    db().update(bundles).set({ status: "paused" }).where(eq(bundles.id, s.bundle.id)).run();
    expect(mine()).toEqual([["Papa huayro", 0]]);
  });

  it("refuses a draft or paused basket, a basket of another day, and one whose content is paused", () => {
    // A paused basket is named as no longer available; a draft was never public, so unnamed.
    for (const [status, name] of [
      ["draft", ""],
      ["paused", "Canasta familiar"],
    ] as const) {
      db().update(bundles).set({ status }).where(eq(bundles.id, s.bundle.id)).run();
      expect(reserve(createUser().id, 1)).toMatchObject({
        ok: false,
        error: "short",
        bundleShortages: [{ reason: "unavailable", name }],
      });
    }
    db().update(bundles).set({ status: "active" }).where(eq(bundles.id, s.bundle.id)).run();
    db().update(offers).set({ status: "paused" }).where(eq(offers.id, s.queso.id)).run();
    expect(reserve(createUser().id, 1)).toMatchObject({
      ok: false,
      bundleShortages: [{ reason: "unavailable" }],
    });
    db().update(offers).set({ status: "active" }).where(eq(offers.id, s.queso.id)).run();

    const other = createMarketDay({
      marketId: s.market.id,
      date: "2030-02-09",
      ordersOpenAt: new Date(Date.now() - HOUR),
      cutoffAt: new Date(Date.now() + 24 * HOUR),
    });
    const result = reserveOrder({
      consumerId: createUser().id,
      marketDayId: other.day.id,
      slotId: other.slots[0].id,
      lines: [],
      bundles: [{ bundleId: s.bundle.id, quantity: 1 }],
      idempotencyKey: newKey(),
    });
    expect(result).toMatchObject({ ok: false, error: "short" });
    expect(reserved(s.papa.id)).toBe(0);
  });

  it("one order per submission: the same key twice makes one order with one set of baskets", () => {
    const consumer = createUser();
    const input = {
      consumerId: consumer.id,
      marketDayId: s.day.id,
      slotId: s.slots[0].id,
      lines: [],
      bundles: [{ bundleId: s.bundle.id, quantity: 1 }],
      idempotencyKey: newKey(),
    };
    const first = okOrder(reserveOrder(input));
    const again = reserveOrder(input);
    expect(again).toMatchObject({ ok: true, replayed: true, order: { id: first.id } });
    expect(reserved(s.queso.id)).toBe(1);
    expect(
      db().select().from(orderBundles).where(eq(orderBundles.orderId, first.id)).all(),
    ).toHaveLength(1);
    expect(
      db().select().from(orders).where(eq(orders.idempotencyKey, input.idempotencyKey)).all(),
    ).toHaveLength(1);
  });

  it("editing the basket afterwards never changes what was already reserved", () => {
    const order = okOrder(reserve(createUser().id, 1));
    const itemsBefore = db()
      .select()
      .from(orderItems)
      .where(eq(orderItems.orderId, order.id))
      .all();
    db()
      .update(bundles)
      .set({ priceCents: 3000, name: "Canasta grande" })
      .where(eq(bundles.id, s.bundle.id))
      .run();
    db()
      .update(bundleItems)
      .set({ quantity: 1 })
      .where(eq(bundleItems.bundleId, s.bundle.id))
      .run();
    expect(db().select().from(orders).where(eq(orders.id, order.id)).get()!.totalCents).toBe(2000);
    expect(
      db().select().from(orderBundles).where(eq(orderBundles.orderId, order.id)).get(),
    ).toMatchObject({ name: "Canasta familiar", unitPriceCents: 2000, quantity: 1 });
    expect(db().select().from(orderItems).where(eq(orderItems.orderId, order.id)).all()).toEqual(
      itemsBefore,
    );
    expect(reserved(s.papa.id)).toBe(3);
  });

  it("changing an order keeps its baskets as reserved and changes only the items bought alone", () => {
    const consumer = createUser();
    const order = okOrder(reserve(consumer.id, 1, [{ offerId: s.papa.id, quantity: 1 }]));
    const changed = changeOrder({
      consumerId: consumer.id,
      orderId: order.id,
      slotId: s.slots[1].id,
      lines: [{ offerId: s.papa.id, quantity: 2 }],
    });
    expect(changed).toMatchObject({ ok: true, order: { totalCents: 2000 + 2 * 250 } });
    expect(reserved(s.papa.id)).toBe(3 + 2);
    expect(reserved(s.queso.id)).toBe(1);
    expect(booked(s.slots[0].id)).toBe(0);
    expect(booked(s.slots[1].id)).toBe(1);
    const items = db().select().from(orderItems).where(eq(orderItems.orderId, order.id)).all();
    expect(items.filter((i) => i.orderBundleId !== null)).toHaveLength(2);

    // A basket-only order can still move to another slot.
    const basketOnly = okOrder(reserve(consumer.id, 1));
    expect(
      changeOrder({
        consumerId: consumer.id,
        orderId: basketOnly.id,
        slotId: s.slots[1].id,
        lines: [],
      }),
    ).toMatchObject({ ok: true, order: { totalCents: 2000, slotId: s.slots[1].id } });
    expect(reserved(s.queso.id)).toBe(2);
  });

  it("two kinds of basket drawing on the same offer are checked one after the other", () => {
    const small = createBundle({
      marketId: s.market.id,
      marketDayId: s.day.id,
      name: "Canasta andina",
      priceCents: 900,
      contents: [{ offerId: s.papa.id, quantity: 4 }],
    });
    // 10 papa: 2 family baskets (6) + 2 andean (8) = 14 > 10: refused whole, with no error.
    const result = reserveOrder({
      consumerId: createUser().id,
      marketDayId: s.day.id,
      slotId: s.slots[0].id,
      lines: [],
      bundles: [
        { bundleId: s.bundle.id, quantity: 2 },
        { bundleId: small.id, quantity: 2 },
      ],
      idempotencyKey: newKey(),
    });
    expect(result).toMatchObject({
      ok: false,
      bundleShortages: [{ bundleId: small.id, requested: 2, available: 1 }],
    });
    expect(reserved(s.papa.id)).toBe(0);
  });
});
