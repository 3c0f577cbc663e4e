/**
 * Issue 7 over real HTTP: many families check out at once, some with family baskets, some
 * with single items, some with both, all drawing on the same scarce offers; some tap twice.
 * Afterwards every offer must account for every unit: reserved ≤ quantity, and reserved equals
 * the units stored in standing orders, alone plus inside baskets. No answer may be a 5xx.
 */
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { checkoutRush, logStatuses, type Shopper } from "../support/checkout-rush";
import { openSceneDatabase, sessionCookieFor } from "../support/scene-database";
import { startServer } from "../support/server";

const CONSUMERS = 160;
const DOUBLE_SUBMITS = 20;
const DB_FILE = path.resolve(`tests/.tmp/bundles-concurrency-${process.pid}.db`);

async function buildScene() {
  const { db, f, schema, release } = await openSceneDatabase(DB_FILE);
  const { cartBundles, cartItems } = schema;
  const { slots, offers, bundles } = f.openMarketDayScenario({
    date: "2031-07-05",
    pickupEnd: "09:00",
    slotCapacity: 60, // 4 slots × 60: places are not what runs out here, units are
    producers: { papaFarm: {}, quesoFarm: {}, chocloFarm: {} },
    offers: {
      papa: { name: "Papa huayro", quantity: 90, priceCents: 250 },
      queso: { name: "Queso fresco", producer: "quesoFarm", quantity: 25, priceCents: 1500 },
      choclo: { name: "Choclo", producer: "chocloFarm", quantity: 60, priceCents: 150 },
    },
    bundles: {
      familiar: {
        name: "Canasta familiar",
        priceCents: 2500,
        contents: { papa: 3, queso: 1, choclo: 2 },
      },
      andina: {
        name: "Canasta andina",
        priceCents: 1500,
        maxCount: 6,
        contents: { papa: 2, choclo: 3 },
      },
    },
  });
  const { papa, queso, choclo } = offers;
  const { familiar, andina } = bundles;
  const shoppers: Shopper[] = [];
  for (let i = 0; i < CONSUMERS; i++) {
    const user = f.createUser({ phone: `+5194${String(i).padStart(7, "0")}` });
    // A third buy baskets only, a third single items only, a third both.
    if (i % 3 !== 1) {
      const bundleId = i % 2 === 0 ? familiar.id : andina.id;
      db()
        .insert(cartBundles)
        .values({ userId: user.id, bundleId, quantity: 1 + (i % 2) })
        .run();
    }
    if (i % 3 !== 0) {
      const offerId = [papa, queso, choclo][(i >> 1) % 3].id;
      db()
        .insert(cartItems)
        .values({ userId: user.id, offerId, quantity: 1 + (i % 4) })
        .run();
    }
    shoppers.push({ userId: user.id, cookie: await sessionCookieFor(user.id) });
  }
  release();
  return { shoppers, slots, andinaId: andina.id };
}

test("baskets and single items bought at once never oversell a shared offer", async () => {
  test.setTimeout(120_000);
  const scene = await buildScene();
  const server = await startServer(DB_FILE);
  try {
    // Each family has the checkout page open first; some double-tap (the same form, twice).
    const results = await checkoutRush(server.origin, scene.shoppers, scene.slots, DOUBLE_SUBMITS);
    logStatuses("checkouts with baskets", results);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect(results.every((r) => r.status === 302 || r.status === 409)).toBe(true);
    expect(results.filter((r) => r.status === 302).length).toBeGreaterThan(10);
    expect(results.filter((r) => r.status === 409).length).toBeGreaterThan(10);

    const db = new Database(DB_FILE, { readonly: true });
    try {
      const standing = "('confirmed', 'pending_payment')";
      const offers = db
        .prepare(
          `SELECT o.id, o.quantity, o.reserved,
             (SELECT coalesce(sum(oi.quantity), 0) FROM order_items oi JOIN orders r ON r.id = oi.order_id
               WHERE oi.offer_id = o.id AND r.status IN ${standing} AND oi.order_bundle_id IS NULL) AS alone,
             (SELECT coalesce(sum(oi.quantity), 0) FROM order_items oi JOIN orders r ON r.id = oi.order_id
               WHERE oi.offer_id = o.id AND r.status IN ${standing} AND oi.order_bundle_id IS NOT NULL) AS inBundles,
             (SELECT coalesce(sum(ob.quantity * bi.quantity), 0) FROM order_bundles ob
               JOIN orders r ON r.id = ob.order_id JOIN bundle_items bi ON bi.bundle_id = ob.bundle_id
               WHERE bi.offer_id = o.id AND r.status IN ${standing}) AS bundlesTimesContents
           FROM offers o`,
        )
        .all() as {
        id: number;
        quantity: number;
        reserved: number;
        alone: number;
        inBundles: number;
        bundlesTimesContents: number;
      }[];
      console.log("offers after the rush:", offers);
      expect(offers).toHaveLength(3);
      for (const o of offers) {
        expect(o.reserved).toBeLessThanOrEqual(o.quantity);
        expect(o.reserved).toBe(o.alone + o.inBundles);
        // The basket units stored are exactly baskets × units per basket.
        expect(o.inBundles).toBe(o.bundlesTimesContents);
      }
      // Units went out both ways, so the test did make them compete.
      expect(offers.every((o) => o.alone > 0 && o.inBundles > 0)).toBe(true);
      // The scarce cheese sold out, and the cap of the andean basket held.
      expect(offers.some((o) => o.reserved === o.quantity)).toBe(true);
      const andean = db
        .prepare(
          `SELECT coalesce(sum(ob.quantity), 0) AS n FROM order_bundles ob JOIN orders r ON r.id = ob.order_id
           WHERE ob.bundle_id = ? AND r.status IN ${standing}`,
        )
        .get(scene.andinaId) as { n: number };
      expect(andean.n).toBeLessThanOrEqual(6);
      // Every order's total is what its lines are worth (baskets at their price).
      const mismatched = db
        .prepare(
          `SELECT r.id FROM orders r WHERE r.total_cents != (
             SELECT coalesce(sum(coalesce(oi.share_cents, oi.unit_price_cents * oi.quantity)), 0)
             FROM order_items oi WHERE oi.order_id = r.id)`,
        )
        .all();
      expect(mismatched).toEqual([]);
      // A double tap made at most one order.
      for (const shopper of scene.shoppers.slice(0, DOUBLE_SUBMITS)) {
        const mine = db.prepare("SELECT id FROM orders WHERE consumer_id = ?").all(shopper.userId);
        expect(mine.length).toBeLessThanOrEqual(1);
      }
    } finally {
      db.close();
    }
  } finally {
    await server.stop();
  }
});
