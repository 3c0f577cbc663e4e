/** The database holds the invariants itself: even a buggy query cannot break them. */
import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { db, openDatabase, startCheckpointer } from "../../app/infra/db.server";
import { migrateDatabase } from "../../db/migrations.server";
import { offers, orders, pickupSlots, users } from "../../db/schema";
import {
  createOffer,
  createOrder,
  createProduct,
  createUser,
  openMarketDayScenario,
} from "../factories";

function setting() {
  const { market, producers, products, day, slots, offers } = openMarketDayScenario({
    date: "2026-12-05",
    window: "calendar",
    slotCapacity: 2,
    offers: { oca: { name: "Oca", quantity: 5, priceCents: 280 } },
  });
  const { producer } = producers.producer;
  return { market, producer, product: products.oca, day, slots, offer: offers.oca };
}

describe("SQLite connection", () => {
  it("runs in WAL mode with foreign keys and a busy timeout", () => {
    const client = db().$client;
    expect(client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(client.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(client.pragma("busy_timeout", { simple: true })).toBe(5000);
    // NORMAL (1) by default: see app/infra/db.server.ts for why this keeps invariant 8.
    expect(client.pragma("synchronous", { simple: true })).toBe(1);
  });

  it("copies the WAL into the database file from a worker, while the main thread is busy", () => {
    const file = path.join(os.tmpdir(), `qhatu-checkpoint-${process.pid}-${Date.now()}.db`);
    const database = openDatabase(file);
    try {
      database.$client.exec("CREATE TABLE notes (body TEXT)");
      const insert = database.$client.prepare("INSERT INTO notes VALUES (?)");
      database.$client.transaction(() => {
        for (let i = 0; i < 5000; i++) insert.run("x".repeat(200));
      })();
      // Written to the WAL only: the database file itself is still a few pages.
      expect(fs.statSync(file).size).toBeLessThan(64 * 1024);
      const stop = startCheckpointer(database, 20);
      try {
        // The main thread stays busy (as under a rush) and never yields: the copy still happens.
        const until = Date.now() + 5000;
        while (fs.statSync(file).size < 1024 * 1024 && Date.now() < until);
        expect(fs.statSync(file).size).toBeGreaterThan(1024 * 1024);
      } finally {
        stop();
      }
    } finally {
      database.$client.close();
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    }
  });

  it("applies migrations idempotently", () => {
    expect(() => migrateDatabase(db())).not.toThrow();
    const tables = db()
      .all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      .map((t) => t.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        "markets",
        "users",
        "sessions",
        "memberships",
        "producers",
        "certifications",
        "categories",
        "products",
        "market_days",
        "offers",
        "pickup_slots",
        "orders",
        "order_items",
        "payments",
        "payment_events",
        "notification_outbox",
        "audit_log",
        "login_attempts",
      ]),
    );
  });
});

describe("CHECK constraints and keys", () => {
  let s: ReturnType<typeof setting>;
  beforeEach(() => {
    s = setting();
  });

  it("never lets an offer be reserved beyond its quantity", () => {
    const oversell = () =>
      db().update(offers).set({ reserved: 6 }).where(eq(offers.id, s.offer.id)).run();
    expect(oversell).toThrow(/CHECK constraint failed: offers_never_oversold/);
    const lowerQuantity = () =>
      db().update(offers).set({ reserved: 3, quantity: 2 }).where(eq(offers.id, s.offer.id)).run();
    expect(lowerQuantity).toThrow(/offers_never_oversold/);
    expect(db().select().from(offers).where(eq(offers.id, s.offer.id)).get()!.reserved).toBe(0);
  });

  it("never lets a slot be booked beyond its capacity", () => {
    const slot = s.slots[0];
    const overbook = () =>
      db().update(pickupSlots).set({ booked: 3 }).where(eq(pickupSlots.id, slot.id)).run();
    expect(overbook).toThrow(/pickup_slots_never_overbooked/);
  });

  it("refuses negative or zero money and negative quantities", () => {
    const base = { marketDayId: s.day.id, productId: s.product.id, producerId: s.producer.id };
    expect(() =>
      db().update(offers).set({ priceCents: 0 }).where(eq(offers.id, s.offer.id)).run(),
    ).toThrow(/offers_price_positive/);
    const other = createProduct({ producerId: s.producer.id, categoryId: s.product.categoryId });
    expect(() => createOffer({ ...base, productId: other.id, quantity: -1 })).toThrow(
      /offers_quantity_nonneg/,
    );
    const consumer = createUser();
    const order = createOrder({
      marketId: s.market.id,
      consumerId: consumer.id,
      marketDayId: s.day.id,
      slotId: s.slots[0].id,
      items: [{ offer: s.offer, productName: "Oca", unit: "kg", quantity: 1 }],
    });
    expect(() =>
      db().update(orders).set({ totalCents: -100 }).where(eq(orders.id, order.id)).run(),
    ).toThrow(/orders_total_nonneg/);
  });

  it("offers a product once per market day", () => {
    expect(() =>
      createOffer({ marketDayId: s.day.id, productId: s.product.id, producerId: s.producer.id }),
    ).toThrow(/UNIQUE constraint failed: offers.market_day_id, offers.product_id/);
  });

  it("keeps pickup codes unique per market day and idempotency keys unique", () => {
    const consumer = createUser();
    const place = (pickupCode: string) =>
      createOrder({
        marketId: s.market.id,
        consumerId: consumer.id,
        marketDayId: s.day.id,
        slotId: s.slots[1].id,
        items: [{ offer: s.offer, productName: "Oca", unit: "kg", quantity: 1 }],
        pickupCode,
      });
    place("ACD347");
    expect(() => place("ACD347")).toThrow(
      /UNIQUE constraint failed: orders.market_day_id, orders.pickup_code/,
    );
    // The failed order wrote nothing: stock and slot count only the first.
    expect(db().select().from(offers).where(eq(offers.id, s.offer.id)).get()!.reserved).toBe(1);
    expect(
      db().select().from(pickupSlots).where(eq(pickupSlots.id, s.slots[1].id)).get()!.booked,
    ).toBe(1);
  });

  it("enforces foreign keys", () => {
    expect(() =>
      createOffer({ marketDayId: 999_999, productId: s.product.id, producerId: s.producer.id }),
    ).toThrow(/FOREIGN KEY constraint failed/);
  });

  it("requires a phone or an email on every user", () => {
    expect(() =>
      db()
        .insert(users)
        .values({ name: "Nadie", passwordHash: "x", phone: null, email: null })
        .run(),
    ).toThrow(/users_contact/);
  });
});
