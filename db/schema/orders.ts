/** Orders and what leads to them: orders and their lines, family baskets (bundles) and their snapshots in orders, and the saved carts of logged-in people. */
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import {
  BUNDLE_STATUSES,
  FULFILMENT_STATUSES,
  ORDER_STATUSES,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  UNITS,
} from "../schema-enums";
import { oneOf, id, instant, createdAt, updatedAt } from "./columns";
import { markets, users, producers } from "./core";
import { marketDays, offers, pickupSlots } from "./catalogue";

export const orders = sqliteTable(
  "orders",
  {
    id: id(),
    /** Denormalized from the market day so coordinator scoping needs no join. */
    marketId: integer("market_id")
      .notNull()
      .references(() => markets.id),
    consumerId: integer("consumer_id")
      .notNull()
      .references(() => users.id),
    marketDayId: integer("market_day_id")
      .notNull()
      .references(() => marketDays.id),
    slotId: integer("slot_id")
      .notNull()
      .references(() => pickupSlots.id),
    status: text("status", { enum: ORDER_STATUSES }).notNull(),
    paymentMethod: text("payment_method", { enum: PAYMENT_METHODS }).notNull().default("cash"),
    paymentStatus: text("payment_status", { enum: PAYMENT_STATUSES }).notNull().default("unpaid"),
    totalCents: integer("total_cents").notNull(),
    pickupCode: text("pickup_code").notNull(),
    /** Carried by the checkout form: a form posted twice yields one order (invariant 3). */
    idempotencyKey: text("idempotency_key").notNull().unique(),
    /** Card orders hold stock until this instant unless a webhook confirms payment. */
    holdExpiresAt: instant("hold_expires_at"),
    cashReceivedCents: integer("cash_received_cents"),
    pickedUpAt: instant("picked_up_at"),
    cancelledAt: instant("cancelled_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("orders_market_day_code").on(t.marketDayId, t.pickupCode),
    index("orders_consumer_idx").on(t.consumerId, t.createdAt),
    index("orders_market_day_slot_idx").on(t.marketDayId, t.slotId),
    // Only card holds are swept for expiry: a partial index, so cash orders never touch it.
    index("orders_hold_idx")
      .on(t.holdExpiresAt)
      .where(sql`${t.status} = 'pending_payment'`),
    check("orders_status", oneOf("status", ORDER_STATUSES)),
    check("orders_payment_method", oneOf("payment_method", PAYMENT_METHODS)),
    check("orders_payment_status", oneOf("payment_status", PAYMENT_STATUSES)),
    check("orders_total_nonneg", sql`${t.totalCents} >= 0`),
    check("orders_cash_nonneg", sql`${t.cashReceivedCents} IS NULL OR ${t.cashReceivedCents} >= 0`),
  ],
);

export const orderItems = sqliteTable(
  "order_items",
  {
    id: id(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    offerId: integer("offer_id")
      .notNull()
      .references(() => offers.id),
    /** Snapshots taken at reservation: later edits to the offer never change an order. */
    producerId: integer("producer_id")
      .notNull()
      .references(() => producers.id),
    productName: text("product_name").notNull(),
    unit: text("unit", { enum: UNITS }).notNull(),
    unitPriceCents: integer("unit_price_cents").notNull(),
    quantity: integer("quantity").notNull(),
    deliveredQuantity: integer("delivered_quantity"),
    fulfilment: text("fulfilment", { enum: FULFILMENT_STATUSES }).notNull().default("pending"),
    /**
     * Set when the units went out inside a family basket: the basket line of the order they
     * belong to, and this line's share of the basket's price (céntimos, for the whole line).
     * A line bought alone has neither and is worth unit price × quantity. Always read a line's
     * worth through app/features/ordering/line-value.ts, never as unit price × quantity.
     */
    // No ON DELETE action: SQLite's ALTER TABLE ADD cannot give one, and the order's own
    // deletion already cascades to both its items and its baskets.
    orderBundleId: integer("order_bundle_id").references(() => orderBundles.id),
    shareCents: integer("share_cents"),
  },
  (t) => [
    index("order_items_order_idx").on(t.orderId),
    index("order_items_order_bundle_idx").on(t.orderBundleId),
    index("order_items_offer_idx").on(t.offerId),
    index("order_items_producer_idx").on(t.producerId),
    check("order_items_quantity_positive", sql`${t.quantity} > 0`),
    check("order_items_price_nonneg", sql`${t.unitPriceCents} >= 0`),
    check(
      "order_items_delivered_range",
      sql`${t.deliveredQuantity} IS NULL OR (${t.deliveredQuantity} BETWEEN 0 AND ${t.quantity})`,
    ),
    check("order_items_fulfilment", oneOf("fulfilment", FULFILMENT_STATUSES)),
  ],
);

/**
 * A family basket ("canasta familiar"): a fixed-price set of several producers' offers of one
 * market day, composed by the coordinators. Reserving one reserves each content offer
 * (quantity per basket × number of baskets) in the order's own transaction.
 */
export const bundles = sqliteTable(
  "bundles",
  {
    id: id(),
    /** Denormalized from the market day so coordinator scoping needs no join. */
    marketId: integer("market_id")
      .notNull()
      .references(() => markets.id),
    marketDayId: integer("market_day_id")
      .notNull()
      .references(() => marketDays.id),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    photoKey: text("photo_key"),
    priceCents: integer("price_cents").notNull(),
    /** The most baskets offered (the coordinators' cap); null: as many as the contents allow. */
    maxCount: integer("max_count"),
    /** The most one family may hold across its orders; null: no limit but the cap. */
    perCustomerLimit: integer("per_customer_limit"),
    status: text("status", { enum: BUNDLE_STATUSES }).notNull().default("draft"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("bundles_market_day_idx").on(t.marketDayId, t.status),
    index("bundles_market_idx").on(t.marketId),
    check("bundles_price_positive", sql`${t.priceCents} > 0`),
    check("bundles_max_nonneg", sql`${t.maxCount} IS NULL OR ${t.maxCount} >= 0`),
    check(
      "bundles_limit_positive",
      sql`${t.perCustomerLimit} IS NULL OR ${t.perCustomerLimit} > 0`,
    ),
    check("bundles_status", oneOf("status", BUNDLE_STATUSES)),
  ],
);

/** What one basket holds: an offer of the same market day and how many units of it. */
export const bundleItems = sqliteTable(
  "bundle_items",
  {
    bundleId: integer("bundle_id")
      .notNull()
      .references(() => bundles.id, { onDelete: "cascade" }),
    offerId: integer("offer_id")
      .notNull()
      .references(() => offers.id),
    quantity: integer("quantity").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.bundleId, t.offerId] }),
    index("bundle_items_offer_idx").on(t.offerId),
    check("bundle_items_quantity_positive", sql`${t.quantity} > 0`),
  ],
);

/**
 * A family basket in an order: how many, at what price, under what name (snapshots: editing
 * the basket later never changes an order). Its contents are the order's items that point here.
 */
export const orderBundles = sqliteTable(
  "order_bundles",
  {
    id: id(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    bundleId: integer("bundle_id")
      .notNull()
      .references(() => bundles.id),
    name: text("name").notNull(),
    unitPriceCents: integer("unit_price_cents").notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [
    index("order_bundles_order_idx").on(t.orderId),
    index("order_bundles_bundle_idx").on(t.bundleId),
    check("order_bundles_quantity_positive", sql`${t.quantity} > 0`),
    check("order_bundles_price_positive", sql`${t.unitPriceCents} > 0`),
  ],
);

/** Family baskets in a logged-in consumer's basket (beside basket_items' single offers). */
export const cartBundles = sqliteTable(
  "basket_bundles",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    bundleId: integer("bundle_id")
      .notNull()
      .references(() => bundles.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.bundleId] }),
    check("basket_bundles_quantity_positive", sql`${t.quantity} > 0`),
  ],
);

/**
 * A logged-in consumer's basket for one market day, kept on the server so it follows them
 * across devices. Anonymous baskets live in a cookie and are merged in at login.
 */
export const cartItems = sqliteTable(
  "basket_items",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    offerId: integer("offer_id")
      .notNull()
      .references(() => offers.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.offerId] }),
    check("basket_items_quantity_positive", sql`${t.quantity} > 0`),
  ],
);
