/**
 * reserveOrder with the prices the person saw (issue 12, item 3), through the model: a price
 * other than the one shown refuses the whole reservation inside its transaction (nothing
 * written, no stock or place taken, the idempotency key still free); the prices shown reserve.
 */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import type { SeenPrices } from "../../app/features/ordering/seen-prices";
import { reserveOrder, type ReserveInput } from "../../app/features/ordering/reserve.server";
import {
  bundles,
  notificationOutbox,
  offers,
  orderBundles,
  orderItems,
  orders,
  pickupSlots,
} from "../../db/schema";
import { openMarketDayScenario } from "../factories";

/** Oca (S/ 2.80) and tarwi (S/ 6.00), and the "Canasta andina" of two tarwi for S/ 20.00. */
function scene() {
  const { day, slots, offers, bundles, consumers } = openMarketDayScenario({
    date: "2030-02-02",
    slotCapacity: 5,
    pickupEnd: "08:00",
    offers: {
      oca: { name: "Oca", priceCents: 280, quantity: 10 },
      tarwi: { name: "Tarwi", priceCents: 600, quantity: 10 },
    },
    bundles: {
      canasta: { name: "Canasta andina", priceCents: 2000, contents: { tarwi: 2 } },
    },
    consumers: { consumer: {} },
  });
  return { day, slots, ...offers, canasta: bundles.canasta, consumer: consumers.consumer };
}

let s: ReturnType<typeof scene>;
beforeEach(() => {
  s = scene();
});

let key = 0;
const newKey = () => `seen-${Date.now()}-${++key}-abcdefgh`;

const seen = (offers: [number, number][], bundles: [number, number][] = []): SeenPrices => ({
  offers: new Map(offers),
  bundles: new Map(bundles),
});

const input = (seenPrices: SeenPrices | undefined, idempotencyKey = newKey()): ReserveInput => ({
  consumerId: s.consumer.id,
  marketDayId: s.day.id,
  slotId: s.slots[0].id,
  lines: [{ offerId: s.oca.id, quantity: 3 }],
  bundles: [{ bundleId: s.canasta.id, quantity: 1 }],
  idempotencyKey,
  seenPrices,
});

/** Every row and counter a reservation writes. */
const written = () => ({
  orders: db().select().from(orders).all().length,
  items: db().select().from(orderItems).all().length,
  baskets: db().select().from(orderBundles).all().length,
  outbox: db().select().from(notificationOutbox).all().length,
  reserved: db().select({ reserved: offers.reserved }).from(offers).all(),
  booked: db().select({ booked: pickupSlots.booked }).from(pickupSlots).all(),
});

describe("reserveOrder with the prices the person saw", () => {
  it("refuses a stale offer price and a stale basket price, writing nothing and keeping the key free", () => {
    const stale = seen([[s.oca.id, 280]], [[s.canasta.id, 2000]]);
    db().update(offers).set({ priceCents: 320 }).where(eq(offers.id, s.oca.id)).run();
    db().update(bundles).set({ priceCents: 2200 }).where(eq(bundles.id, s.canasta.id)).run();
    const before = written();
    const key = newKey();
    expect(reserveOrder(input(stale, key))).toEqual({
      ok: false,
      error: "priceChanged",
      changes: [
        { kind: "offer", id: s.oca.id, name: "Oca", before: 280, after: 320, quantity: 3 },
        {
          kind: "bundle",
          id: s.canasta.id,
          name: "Canasta andina",
          before: 2000,
          after: 2200,
          quantity: 1,
        },
      ],
      totalCents: 3 * 320 + 2200,
    });
    expect(written()).toEqual(before);

    // The same key, now with the prices as they are: one order at those prices.
    const result = reserveOrder(input(seen([[s.oca.id, 320]], [[s.canasta.id, 2200]]), key));
    expect(result).toMatchObject({
      ok: true,
      replayed: false,
      order: { totalCents: 3 * 320 + 2200 },
    });
  });

  it("reserves when every seen price is the current one, and ignores seen lines not in the order", () => {
    const result = reserveOrder(
      input(
        seen(
          [
            [s.oca.id, 280],
            [s.tarwi.id, 1],
          ],
          [[s.canasta.id, 2000]],
        ),
      ),
    );
    expect(result).toMatchObject({ ok: true, order: { totalCents: 3 * 280 + 2000 } });
  });

  it("counts a line without a seen price as changed", () => {
    const before = written();
    const result = reserveOrder(input(seen([[s.oca.id, 280]])));
    expect(result).toMatchObject({
      ok: false,
      error: "priceChanged",
      changes: [{ kind: "bundle", id: s.canasta.id, before: null, after: 2000 }],
    });
    expect(written()).toEqual(before);
  });

  it("reports a shortage before a price change", () => {
    db().update(offers).set({ priceCents: 300, quantity: 2 }).where(eq(offers.id, s.oca.id)).run();
    const result = reserveOrder(input(seen([[s.oca.id, 280]], [[s.canasta.id, 2000]])));
    expect(result).toMatchObject({ ok: false, error: "short" });
  });

  it("replays an order already made with the key, whatever the prices are now", () => {
    const key = newKey();
    const first = reserveOrder(input(seen([[s.oca.id, 280]], [[s.canasta.id, 2000]]), key));
    expect(first.ok).toBe(true);
    db().update(offers).set({ priceCents: 500 }).where(eq(offers.id, s.oca.id)).run();
    const again = reserveOrder(input(seen([[s.oca.id, 280]], [[s.canasta.id, 2000]]), key));
    expect(again).toMatchObject({ ok: true, replayed: true });
  });

  it("checks nothing when no seen prices are given (callers other than the checkout form)", () => {
    db().update(offers).set({ priceCents: 350 }).where(eq(offers.id, s.oca.id)).run();
    expect(reserveOrder(input(undefined))).toMatchObject({
      ok: true,
      order: { totalCents: 3 * 350 + 2000 },
    });
  });
});
