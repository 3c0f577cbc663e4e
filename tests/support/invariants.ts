/**
 * Invariants #1 and #2 (docs/invariants.md) read straight from a database file: every offer's
 * `reserved` is what standing orders hold of it, and every slot's `booked` the orders booked in it.
 */
import Database from "better-sqlite3";

const STANDING = "('pending_payment', 'confirmed')";

/** Offers and slots whose counters disagree with the stored orders (empty when all hold). */
export function counterDrift(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const offers = db
      .prepare(
        `SELECT o.id, o.quantity, o.reserved,
           (SELECT coalesce(sum(i.quantity), 0) FROM order_items i JOIN orders r ON r.id = i.order_id
             WHERE i.offer_id = o.id AND r.status IN ${STANDING}) AS held
         FROM offers o WHERE o.reserved <> held OR o.reserved > o.quantity`,
      )
      .all();
    const slots = db
      .prepare(
        `SELECT s.id, s.capacity, s.booked,
           (SELECT count(*) FROM orders r WHERE r.slot_id = s.id AND r.status IN ${STANDING}) AS orders
         FROM pickup_slots s WHERE s.booked <> orders OR s.booked > s.capacity`,
      )
      .all();
    return { offers, slots };
  } finally {
    db.close();
  }
}
