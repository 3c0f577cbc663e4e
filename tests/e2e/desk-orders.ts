/** Orders for the pickup desk's tests, written straight into the e2e server's database. */
import crypto from "node:crypto";
import Database from "better-sqlite3";
import { E2E_DATABASE } from "../../playwright.config";

type Seeded = { id: number; code: string; dayId: number; totalCents: number; items: number };

/**
 * A confirmed cash order of Rosa's with two items, written straight into the e2e database
 * (stock and slot counted as the reservation would): on the coming market day, or on the last
 * one, whose slots are over. `slotEnded` puts it in a slot of its own that ended an hour ago,
 * on the same day (a no-show can then be marked on the coming day).
 */
export function seedOrder(when: "next" | "past", { slotEnded = false } = {}): Seeded {
  const db = new Database(E2E_DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    const day = db
      .prepare(
        // The demo's days (other specs add far-future days without offers: skip those).
        `SELECT d.id FROM market_days d
         WHERE d.status = ? AND EXISTS (SELECT 1 FROM offers o WHERE o.market_day_id = d.id)
         ORDER BY d.date ${when === "next" ? "ASC" : "DESC"} LIMIT 1`,
      )
      .get(when === "next" ? "open" : "completed") as { id: number };
    const offers = db
      .prepare(
        `SELECT o.id, o.producer_id AS producerId, o.price_cents AS price, p.name, p.unit
         FROM offers o JOIN products p ON p.id = o.product_id
         WHERE o.market_day_id = ? AND o.status = 'active' AND o.quantity - o.reserved >= 3
         ORDER BY random() LIMIT 2`,
      )
      .all(day.id) as {
      id: number;
      producerId: number;
      price: number;
      name: string;
      unit: string;
    }[];
    const slot = slotEnded
      ? {
          id: Number(
            db
              .prepare(
                "INSERT INTO pickup_slots (market_day_id, starts_at, ends_at, capacity) VALUES (?, ?, ?, 5)",
              )
              .run(day.id, Date.now() - 2 * 3_600_000, Date.now() - 3_600_000).lastInsertRowid,
          ),
        }
      : (db
          .prepare(
            "SELECT id FROM pickup_slots WHERE market_day_id = ? AND booked < capacity LIMIT 1",
          )
          .get(day.id) as { id: number });
    const rosa = db.prepare("SELECT id FROM users WHERE phone = '+51987654321'").get() as {
      id: number;
    };
    const code = Array.from(
      { length: 6 },
      () => "ACDEFGHJKMNPQRTUVWXY34679"[crypto.randomInt(25)],
    ).join("");
    const quantities = [3, 1];
    const totalCents = offers.reduce((sum, o, i) => sum + o.price * quantities[i], 0);
    const now = Date.now();
    const id = db.transaction(() => {
      const order = db
        .prepare(
          `INSERT INTO orders (market_id, consumer_id, market_day_id, slot_id, status, payment_method,
             payment_status, total_cents, pickup_code, idempotency_key, created_at, updated_at)
           SELECT market_id, ?, id, ?, 'confirmed', 'cash', 'unpaid', ?, ?, ?, ?, ? FROM market_days WHERE id = ?`,
        )
        .run(rosa.id, slot.id, totalCents, code, crypto.randomUUID(), now, now, day.id);
      offers.forEach((o, i) => {
        db.prepare(
          `INSERT INTO order_items (order_id, offer_id, producer_id, product_name, unit, unit_price_cents, quantity)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(order.lastInsertRowid, o.id, o.producerId, o.name, o.unit, o.price, quantities[i]);
        db.prepare("UPDATE offers SET reserved = reserved + ? WHERE id = ?").run(
          quantities[i],
          o.id,
        );
      });
      db.prepare("UPDATE pickup_slots SET booked = booked + 1 WHERE id = ?").run(slot.id);
      return Number(order.lastInsertRowid);
    })();
    return { id, code, dayId: day.id, totalCents, items: offers.length };
  } finally {
    db.close();
  }
}
