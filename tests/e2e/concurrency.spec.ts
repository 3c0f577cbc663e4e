/**
 * Invariants #1–3 (docs/invariants.md) over real HTTP: hundreds of consumers confirm baskets
 * at once against the production server, on offers and slots with little room, some posting the same form
 * twice. Afterwards the database must account for every unit, place and success exactly.
 */
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { checkoutRush, logStatuses, type Shopper } from "../support/checkout-rush";
import { openSceneDatabase, sessionCookieFor } from "../support/scene-database";
import { startServer } from "../support/server";

const CONSUMERS = 240;
const DOUBLE_SUBMITS = 30;
const DB_FILE = path.resolve(`tests/.tmp/concurrency-${process.pid}.db`);

/** Builds the scene in the file with the app's own factories, then lets go of the file. */
async function buildScene() {
  const { db, f, schema, release } = await openSceneDatabase(DB_FILE);
  const { cartItems } = schema;
  const scenario = f.openMarketDayScenario({
    date: "2031-06-07",
    pickupEnd: "08:30",
    slotCapacity: 35, // 3 slots × 35 = 105 places for 240 buyers
    // 6 × 25 = 150 units for a demand of about 500
    ...f.oneFarmPerOffer(6, (i) => ({ quantity: 25, priceCents: 100 * (i + 1) })),
  });
  const { day, slots } = scenario;
  const offers = Object.values(scenario.offers);
  const shoppers: Shopper[] = [];
  for (let i = 0; i < CONSUMERS; i++) {
    const user = f.createUser({ phone: `+5193${String(i).padStart(7, "0")}` });
    const picks = new Set([offers[i % 6].id, offers[(i * 7 + 3) % 6].id]);
    for (const offerId of picks)
      db()
        .insert(cartItems)
        .values({ userId: user.id, offerId, quantity: 1 + (i % 3) })
        .run();
    shoppers.push({ userId: user.id, cookie: await sessionCookieFor(user.id) });
  }
  release();
  return { day, slots, offers, shoppers };
}

test("hundreds of simultaneous checkouts never oversell, overbook or double-book", async () => {
  test.setTimeout(120_000);
  const scene = await buildScene();
  const server = await startServer(DB_FILE);
  try {
    // Each person has the checkout page open first; some double-tap (the same form, twice).
    const results = await checkoutRush(server.origin, scene.shoppers, scene.slots, DOUBLE_SUBMITS);
    logStatuses("checkouts", results);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect(results.every((r) => r.status === 302 || r.status === 409)).toBe(true);
    const successes = results.filter((r) => r.status === 302);
    expect(successes.length).toBeGreaterThan(10);
    expect(results.filter((r) => r.status === 409).length).toBeGreaterThan(10);

    const db = new Database(DB_FILE, { readonly: true });
    try {
      // Every offer: reserved ≤ quantity, and exactly what the stored orders hold.
      const offers = db
        .prepare(
          `
        SELECT o.id, o.quantity, o.reserved, coalesce(sum(oi.quantity), 0) AS held
        FROM offers o LEFT JOIN order_items oi ON oi.offer_id = o.id
        LEFT JOIN orders r ON r.id = oi.order_id AND r.status IN ('confirmed', 'pending_payment')
        WHERE r.id IS NOT NULL OR oi.id IS NULL
        GROUP BY o.id`,
        )
        .all() as { id: number; quantity: number; reserved: number; held: number }[];
      expect(offers).toHaveLength(6);
      for (const o of offers) {
        expect(o.reserved).toBeLessThanOrEqual(o.quantity);
        expect(o.reserved).toBe(o.held);
      }
      // Every slot: booked ≤ capacity, and exactly the stored orders.
      const slots = db
        .prepare(
          `
        SELECT s.id, s.capacity, s.booked, count(r.id) AS orders
        FROM pickup_slots s LEFT JOIN orders r ON r.slot_id = s.id AND r.status IN ('confirmed', 'pending_payment')
        GROUP BY s.id`,
        )
        .all() as { capacity: number; booked: number; orders: number }[];
      for (const s of slots) {
        expect(s.booked).toBeLessThanOrEqual(s.capacity);
        expect(s.booked).toBe(s.orders);
      }
      // Every success matches exactly one stored order of that consumer, and no order is unexplained.
      const orders = db
        .prepare("SELECT consumer_id, pickup_code, idempotency_key FROM orders")
        .all() as {
        consumer_id: number;
        pickup_code: string;
        idempotency_key: string;
      }[];
      const byKey = new Map(orders.map((o) => [o.idempotency_key, o]));
      for (const success of successes) {
        const order = byKey.get(success.key);
        expect(order, success.key).toBeDefined();
        expect(order!.consumer_id).toBe(success.shopper.userId);
        expect(success.location).toBe(`/pedidos/${order!.pickup_code}`);
      }
      expect(orders.length).toBe(new Set(successes.map((s) => s.key)).size);
      // A double tap made at most one order: both answers point at the same one.
      for (const shopper of scene.shoppers.slice(0, DOUBLE_SUBMITS)) {
        const mine = orders.filter((o) => o.consumer_id === shopper.userId);
        expect(mine.length).toBeLessThanOrEqual(1);
        const answers = successes.filter((s) => s.shopper === shopper).map((s) => s.location);
        expect(new Set(answers).size).toBeLessThanOrEqual(1);
      }
    } finally {
      db.close();
    }
  } finally {
    await server.stop();
  }
});
