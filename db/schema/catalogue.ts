/** What is sold and when: categories, products, market days, offers (a product on one market day) and pickup slots. */
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { MARKET_DAY_STATUSES, OFFER_STATUSES, UNITS } from "../schema-enums";
import { oneOf, id, instant, createdAt, updatedAt } from "./columns";
import { markets, producers } from "./core";

export const categories = sqliteTable(
  "categories",
  {
    id: id(),
    marketId: integer("market_id")
      .notNull()
      .references(() => markets.id),
    slug: text("slug").notNull(),
    /** Category names are data a coordinator may add, so each language is a column. */
    nameEs: text("name_es").notNull(),
    nameQu: text("name_qu").notNull(),
    nameEn: text("name_en").notNull(),
    position: integer("position").notNull().default(0),
  },
  (t) => [uniqueIndex("categories_market_slug").on(t.marketId, t.slug)],
);

export const products = sqliteTable(
  "products",
  {
    id: id(),
    producerId: integer("producer_id")
      .notNull()
      .references(() => producers.id),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id),
    name: text("name").notNull(),
    unit: text("unit", { enum: UNITS }).notNull(),
    description: text("description").notNull().default(""),
    photoKey: text("photo_key"),
    archivedAt: instant("archived_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("products_producer_idx").on(t.producerId),
    index("products_category_idx").on(t.categoryId),
    check("products_unit", oneOf("unit", UNITS)),
  ],
);

export const marketDays = sqliteTable(
  "market_days",
  {
    id: id(),
    marketId: integer("market_id")
      .notNull()
      .references(() => markets.id),
    /** Local market date in America/Lima, YYYY-MM-DD. */
    date: text("date").notNull(),
    ordersOpenAt: instant("orders_open_at").notNull(),
    cutoffAt: instant("cutoff_at").notNull(),
    pickupStartAt: instant("pickup_start_at").notNull(),
    pickupEndAt: instant("pickup_end_at").notNull(),
    place: text("place").notNull(),
    status: text("status", { enum: MARKET_DAY_STATUSES }).notNull().default("scheduled"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("market_days_market_date").on(t.marketId, t.date),
    check("market_days_status", oneOf("status", MARKET_DAY_STATUSES)),
    check("market_days_order_window", sql`${t.ordersOpenAt} < ${t.cutoffAt}`),
    check("market_days_pickup_window", sql`${t.pickupStartAt} < ${t.pickupEndAt}`),
    check(
      "market_days_date_format",
      sql`${t.date} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`,
    ),
  ],
);

export const offers = sqliteTable(
  "offers",
  {
    id: id(),
    marketDayId: integer("market_day_id")
      .notNull()
      .references(() => marketDays.id),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id),
    /** Denormalized from the product so ownership scoping needs no join. */
    producerId: integer("producer_id")
      .notNull()
      .references(() => producers.id),
    priceCents: integer("price_cents").notNull(),
    quantity: integer("quantity").notNull(),
    reserved: integer("reserved").notNull().default(0),
    perCustomerLimit: integer("per_customer_limit"),
    status: text("status", { enum: OFFER_STATUSES }).notNull().default("active"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("offers_market_day_product").on(t.marketDayId, t.productId),
    index("offers_market_day_status_idx").on(t.marketDayId, t.status),
    index("offers_producer_idx").on(t.producerId, t.marketDayId),
    check("offers_price_positive", sql`${t.priceCents} > 0`),
    check("offers_quantity_nonneg", sql`${t.quantity} >= 0`),
    check("offers_reserved_nonneg", sql`${t.reserved} >= 0`),
    check("offers_never_oversold", sql`${t.reserved} <= ${t.quantity}`),
    check("offers_limit_positive", sql`${t.perCustomerLimit} IS NULL OR ${t.perCustomerLimit} > 0`),
    check("offers_status", oneOf("status", OFFER_STATUSES)),
  ],
);

export const pickupSlots = sqliteTable(
  "pickup_slots",
  {
    id: id(),
    marketDayId: integer("market_day_id")
      .notNull()
      .references(() => marketDays.id),
    startsAt: instant("starts_at").notNull(),
    endsAt: instant("ends_at").notNull(),
    capacity: integer("capacity").notNull(),
    booked: integer("booked").notNull().default(0),
  },
  (t) => [
    index("pickup_slots_market_day_idx").on(t.marketDayId, t.startsAt),
    check("pickup_slots_capacity_nonneg", sql`${t.capacity} >= 0`),
    check("pickup_slots_booked_nonneg", sql`${t.booked} >= 0`),
    check("pickup_slots_never_overbooked", sql`${t.booked} <= ${t.capacity}`),
    check("pickup_slots_window", sql`${t.startsAt} < ${t.endsAt}`),
  ],
);

/**
 * The request keys of a producer's offer forms (copy last week, offer, change, pause, resume),
 * so that a form sent twice (a double tap, or the phone's outbox sending again what the server
 * had already applied when the answer was lost) is one change, and the second answer is the
 * first one's. Apart from audit_log because these are the producer's own taps: the audit log
 * is what coordinators did, and producers read it as "what changed behind my back".
 */
export const producerRequests = sqliteTable(
  "producer_requests",
  {
    requestKey: text("request_key").primaryKey(),
    producerId: integer("producer_id")
      .notNull()
      .references(() => producers.id),
    /** What the key was used for ("update:12", "copy:3"): the same key for another is refused. */
    target: text("target").notNull(),
    /** JSON of the outcome, answered again to a repeat. */
    outcome: text("outcome").notNull().default("{}"),
    createdAt: createdAt(),
  },
  (t) => [index("producer_requests_created_idx").on(t.createdAt)],
);
