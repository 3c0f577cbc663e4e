/**
 * The reservation's SQL, prepared once per connection. The checkout is the hottest write path
 * (25,000 reservations a week, most in the last hours before the cutoff); building each query
 * with the ORM and preparing it anew cost more than SQLite itself (measured: 256 vs 2,000+
 * reservations/s in-process). The statements stay plain and commented so they read as the
 * rules they implement; the schema they run against is in db/schema/.
 */
import type Database from "better-sqlite3";
import type { Order } from "../../../db/schema";
import { preparedOnce } from "../../infra/db.server";
import { ACTIVE_ORDER_STATUSES, sqlList, STANDING_ORDER_STATUSES } from "./order-status";

export type BundleRow = {
  id: number;
  name: string;
  priceCents: number;
  maxCount: number | null;
  perCustomerLimit: number | null;
  status: string;
};

export type BundleContentRow = {
  perBundle: number;
  id: number;
  producerId: number;
  priceCents: number;
  quantity: number;
  reserved: number;
  status: string;
  productName: string;
  unit: string;
  producerStatus: string;
};

export type OfferForLine = {
  id: number;
  producerId: number;
  priceCents: number;
  quantity: number;
  reserved: number;
  perCustomerLimit: number | null;
  status: string;
  productName: string;
  unit: string;
  producerStatus: string;
};

function prepareAll(client: Database.Database) {
  return {
    orderByKey: client.prepare<[string]>("SELECT * FROM orders WHERE idempotency_key = ?"),
    marketDay: client.prepare<[number]>(
      "SELECT id, market_id, status, orders_open_at, cutoff_at, date, place FROM market_days WHERE id = ?",
    ),
    // An offer of this market day with its product and its producer's membership status.
    offer: client.prepare<[number, number]>(`
      SELECT o.id, o.producer_id AS producerId, o.price_cents AS priceCents, o.quantity,
             o.reserved, o.per_customer_limit AS perCustomerLimit, o.status,
             p.name AS productName, p.unit, m.status AS producerStatus
      FROM offers o
      JOIN products p ON p.id = o.product_id
      JOIN producers pr ON pr.id = o.producer_id
      JOIN memberships m ON m.id = pr.membership_id
      WHERE o.id = ? AND o.market_day_id = ?`),
    // What a consumer already holds of an offer in their other active orders, bought alone:
    // units inside family baskets do not count against an offer's per-customer limit.
    // CROSS JOIN: from the family's few orders, not from every order of a popular offer
    // (SQLite's own choice, which grows with the rush). Same for bundleHeld.
    held: client.prepare<[number, number, number]>(`
      SELECT coalesce(sum(oi.quantity), 0) AS quantity
      FROM orders r CROSS JOIN order_items oi ON oi.order_id = r.id
      WHERE r.consumer_id = ? AND oi.offer_id = ? AND r.id != ?
        AND oi.order_bundle_id IS NULL
        AND r.status IN (${sqlList(ACTIVE_ORDER_STATUSES)})`),
    // Conditional: never beyond the quantity offered (and the CHECK constraint backs it).
    reserveOffer: client.prepare<[number, number, number, number]>(`
      UPDATE offers SET reserved = reserved + ?, updated_at = ?
      WHERE id = ? AND reserved + ? <= quantity`),
    // Conditional: never beyond the slot's capacity. Returns the slot's times for the
    // confirmation message, so the message costs no extra query.
    bookSlot: client.prepare<[number, number]>(`
      UPDATE pickup_slots SET booked = booked + 1
      WHERE id = ? AND market_day_id = ? AND booked < capacity
      RETURNING starts_at AS startsAt, ends_at AS endsAt`),
    slotExists: client.prepare<[number, number]>(
      "SELECT 1 FROM pickup_slots WHERE id = ? AND market_day_id = ?",
    ),
    codeTaken: client.prepare<[number, string]>(
      "SELECT 1 FROM orders WHERE market_day_id = ? AND pickup_code = ?",
    ),
    insertOrder: client.prepare(`
      INSERT INTO orders (market_id, consumer_id, market_day_id, slot_id, status, payment_method,
        payment_status, total_cents, pickup_code, idempotency_key, hold_expires_at, created_at, updated_at)
      VALUES (@marketId, @consumerId, @marketDayId, @slotId, @status, @paymentMethod,
        @paymentStatus, @totalCents, @pickupCode, @idempotencyKey, @holdExpiresAt, @now, @now)
      RETURNING *`),
    insertItem: client.prepare(`
      INSERT INTO order_items (order_id, offer_id, producer_id, product_name, unit, unit_price_cents, quantity)
      VALUES (@orderId, @offerId, @producerId, @productName, @unit, @unitPriceCents, @quantity)`),
    // A family basket of this market day, and its contents with their offers' state.
    bundle: client.prepare<[number, number]>(`
      SELECT id, name, price_cents AS priceCents, max_count AS maxCount,
             per_customer_limit AS perCustomerLimit, status
      FROM bundles WHERE id = ? AND market_day_id = ?`),
    // How many of a basket one person holds in their active orders (its per-family limit).
    bundleHeld: client.prepare<[number, number]>(`
      SELECT coalesce(sum(ob.quantity), 0) AS held
      FROM orders r CROSS JOIN order_bundles ob ON ob.order_id = r.id
      WHERE ob.bundle_id = ? AND r.consumer_id = ?
        AND r.status IN (${sqlList(ACTIVE_ORDER_STATUSES)})`),
    bundleContents: client.prepare<[number]>(`
      SELECT bi.quantity AS perBundle, o.id, o.producer_id AS producerId,
             o.price_cents AS priceCents, o.quantity, o.reserved, o.status,
             p.name AS productName, p.unit, m.status AS producerStatus
      FROM bundle_items bi
      JOIN bundles b ON b.id = bi.bundle_id
      JOIN offers o ON o.id = bi.offer_id AND o.market_day_id = b.market_day_id
      JOIN products p ON p.id = o.product_id
      JOIN producers pr ON pr.id = o.producer_id
      JOIN memberships m ON m.id = pr.membership_id
      WHERE bi.bundle_id = ?
      ORDER BY bi.rowid`),
    // Baskets of this kind in orders that stand (the coordinators' cap counts these).
    bundleTaken: client.prepare<[number]>(`
      SELECT coalesce(sum(ob.quantity), 0) AS taken
      FROM order_bundles ob JOIN orders r ON r.id = ob.order_id
      WHERE ob.bundle_id = ?
        AND r.status IN (${sqlList(STANDING_ORDER_STATUSES)})`),
    insertOrderBundle: client.prepare(`
      INSERT INTO order_bundles (order_id, bundle_id, name, unit_price_cents, quantity)
      VALUES (@orderId, @bundleId, @name, @unitPriceCents, @quantity)
      RETURNING id`),
    insertBundleItem: client.prepare(`
      INSERT INTO order_items (order_id, offer_id, producer_id, product_name, unit, unit_price_cents,
        quantity, order_bundle_id, share_cents)
      VALUES (@orderId, @offerId, @producerId, @productName, @unit, @unitPriceCents, @quantity,
        @orderBundleId, @shareCents)`),
    clearCartBundle: client.prepare<[number, number]>(
      "DELETE FROM basket_bundles WHERE user_id = ? AND bundle_id = ?",
    ),
    clearCartLine: client.prepare<[number, number]>(
      "DELETE FROM basket_items WHERE user_id = ? AND offer_id = ?",
    ),
    // The confirmation message of a cash order, queued in the reservation's transaction: the
    // same rows queueNotification (notifications.server.ts) writes, with prepared statements.
    consumerContact: client.prepare<[number]>(`
      SELECT email, phone, notify_email AS notifyEmail, notify_sms AS notifySms,
             notify_whatsapp AS notifyWhatsapp
      FROM users WHERE id = ?`),
    queueMessage: client.prepare(`
      INSERT INTO notification_outbox (dedupe_key, user_id, channel, template, payload,
        next_attempt_at, created_at)
      VALUES (@dedupeKey, @userId, @channel, @template, @payload, @now, @now)
      ON CONFLICT (dedupe_key) DO NOTHING`),
  };
}

/** The statements for the process connection (prepared on first use). */
export const statements = preparedOnce((database) => prepareAll(database.$client));

type OrderRow = Record<string, unknown>;
const instant = (value: unknown) =>
  value === null || value === undefined ? null : new Date(Number(value));

/** A raw `orders` row as the typed Order the rest of the app uses. */
export function toOrder(r: OrderRow): Order {
  return {
    id: Number(r.id),
    marketId: Number(r.market_id),
    consumerId: Number(r.consumer_id),
    marketDayId: Number(r.market_day_id),
    slotId: Number(r.slot_id),
    status: r.status as Order["status"],
    paymentMethod: r.payment_method as Order["paymentMethod"],
    paymentStatus: r.payment_status as Order["paymentStatus"],
    totalCents: Number(r.total_cents),
    pickupCode: String(r.pickup_code),
    idempotencyKey: String(r.idempotency_key),
    holdExpiresAt: instant(r.hold_expires_at),
    cashReceivedCents: r.cash_received_cents === null ? null : Number(r.cash_received_cents),
    pickedUpAt: instant(r.picked_up_at),
    cancelledAt: instant(r.cancelled_at),
    createdAt: instant(r.created_at)!,
    updatedAt: instant(r.updated_at)!,
  };
}
