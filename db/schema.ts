/**
 * The whole Qhatu data model (SQLite through drizzle-orm).
 *
 * Conventions:
 * - money is integer céntimos (`*_cents`), never floats (DESIGN invariant 4);
 * - instants are UTC epoch milliseconds (`mode: "timestamp_ms"`); market dates are local
 *   America/Lima dates stored as `YYYY-MM-DD` text (invariant 5);
 * - the invariants that the database can hold itself are CHECK constraints, so even a buggy
 *   query cannot oversell an offer or overbook a slot (invariants 1 and 2).
 */
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
  ACCOUNT_CODE_PURPOSES,
  BUNDLE_STATUSES,
  CERTIFICATION_KINDS,
  FULFILMENT_STATUSES,
  LOCALES,
  MARKET_DAY_STATUSES,
  MEMBERSHIP_STATUSES,
  NOTIFICATION_CHANNELS,
  OFFER_STATUSES,
  ORDER_STATUSES,
  OUTBOX_STATUSES,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  ROLES,
  UNITS,
} from "./schema-enums";

export * from "./schema-enums";

/** `col IN ('a','b')` for a CHECK constraint built from one of the lists above. */
function oneOf(column: string, values: readonly string[]) {
  return sql.raw(`${column} IN (${values.map((v) => `'${v}'`).join(", ")})`);
}

const id = () => integer("id").primaryKey({ autoIncrement: true });
const instant = (name: string) => integer(name, { mode: "timestamp_ms" });
const createdAt = () =>
  instant("created_at")
    .notNull()
    .$defaultFn(() => new Date());
const updatedAt = () =>
  instant("updated_at")
    .notNull()
    .$defaultFn(() => new Date())
    .$onUpdateFn(() => new Date());

export const markets = sqliteTable(
  "markets",
  {
    id: id(),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    city: text("city").notNull(),
    timezone: text("timezone").notNull().default("America/Lima"),
    currency: text("currency").notNull().default("PEN"),
    /** The market's commission on sales, in basis points (1000 = 10 %). */
    commissionBps: integer("commission_bps").notNull().default(0),
    defaultPlace: text("default_place").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [check("markets_commission_range", sql`${t.commissionBps} BETWEEN 0 AND 10000`)],
);

export const users = sqliteTable(
  "users",
  {
    id: id(),
    name: text("name").notNull(),
    /** E.164 Peruvian mobile, e.g. +51987654321. */
    phone: text("phone").unique(),
    /** Lower-cased. */
    email: text("email").unique(),
    passwordHash: text("password_hash").notNull(),
    locale: text("locale", { enum: LOCALES }).notNull().default("es"),
    /**
     * The channels the person receives messages on (chosen at /cuenta). A channel is used only
     * when it is also configured on the server and the person has the address it needs.
     */
    notifyEmail: integer("notify_email", { mode: "boolean" }).notNull().default(true),
    notifySms: integer("notify_sms", { mode: "boolean" }).notNull().default(true),
    notifyWhatsapp: integer("notify_whatsapp", { mode: "boolean" }).notNull().default(false),
    /**
     * Signed up by a market's coordinators for someone without their own phone or email (an
     * assisted producer): the only accounts that may have no contact. Their password hash is
     * of a random secret until a one-time code lets the person choose one.
     */
    assisted: integer("assisted", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      "users_contact",
      sql`${t.phone} IS NOT NULL OR ${t.email} IS NOT NULL OR ${t.assisted} = 1`,
    ),
    check("users_locale", oneOf("locale", LOCALES)),
  ],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** Random 256-bit id, base64url; the cookie carries it signed. */
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: instant("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId), index("sessions_expires_idx").on(t.expiresAt)],
);

export const memberships = sqliteTable(
  "memberships",
  {
    id: id(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    marketId: integer("market_id")
      .notNull()
      .references(() => markets.id),
    role: text("role", { enum: ROLES }).notNull(),
    /** Producers start pending until a coordinator approves; other roles start approved. */
    status: text("status", { enum: MEMBERSHIP_STATUSES }).notNull().default("approved"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("memberships_user_market_role").on(t.userId, t.marketId, t.role),
    index("memberships_market_role_idx").on(t.marketId, t.role, t.status),
    check("memberships_role", oneOf("role", ROLES)),
    check("memberships_status", oneOf("status", MEMBERSHIP_STATUSES)),
  ],
);

export const producers = sqliteTable(
  "producers",
  {
    id: id(),
    marketId: integer("market_id")
      .notNull()
      .references(() => markets.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    membershipId: integer("membership_id")
      .notNull()
      .unique()
      .references(() => memberships.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    farmName: text("farm_name").notNull(),
    community: text("community").notNull().default(""),
    district: text("district").notNull().default(""),
    province: text("province").notNull(),
    story: text("story").notNull().default(""),
    /** Content-derived file key under DATA_DIR, without size suffix. */
    photoKey: text("photo_key"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("producers_market_slug").on(t.marketId, t.slug),
    index("producers_market_province_idx").on(t.marketId, t.province),
    index("producers_user_idx").on(t.userId),
  ],
);

export const certifications = sqliteTable(
  "certifications",
  {
    id: id(),
    producerId: integer("producer_id")
      .notNull()
      .references(() => producers.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: CERTIFICATION_KINDS }).notNull(),
    certifier: text("certifier").notNull(),
    /** Local date the certification was granted, YYYY-MM-DD. */
    certifiedOn: text("certified_on").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("certifications_producer_idx").on(t.producerId),
    index("certifications_kind_idx").on(t.kind),
    check("certifications_kind", oneOf("kind", CERTIFICATION_KINDS)),
  ],
);

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
export const basketBundles = sqliteTable(
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
export const basketItems = sqliteTable(
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

export const payments = sqliteTable(
  "payments",
  {
    id: id(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    provider: text("provider").notNull().default("stripe"),
    /** Stripe Checkout Session id. */
    providerSessionId: text("provider_session_id").unique(),
    providerPaymentIntentId: text("provider_payment_intent_id"),
    amountCents: integer("amount_cents").notNull(),
    currency: text("currency").notNull().default("pen"),
    status: text("status", { enum: PAYMENT_STATUSES }).notNull().default("pending"),
    refundedCents: integer("refunded_cents").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("payments_order_idx").on(t.orderId),
    check("payments_amount_nonneg", sql`${t.amountCents} >= 0`),
    check("payments_refund_range", sql`${t.refundedCents} BETWEEN 0 AND ${t.amountCents}`),
    check("payments_status", oneOf("status", PAYMENT_STATUSES)),
  ],
);

/** Each provider event id is recorded once: a replayed webhook finds its id and does nothing. */
export const paymentEvents = sqliteTable("payment_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  orderId: integer("order_id").references(() => orders.id),
  receivedAt: createdAt(),
  processedAt: instant("processed_at"),
});

export const notificationOutbox = sqliteTable(
  "notification_outbox",
  {
    id: id(),
    /** At-least-once delivery; the key stops the same message being queued twice. */
    dedupeKey: text("dedupe_key").notNull().unique(),
    userId: integer("user_id").references(() => users.id, { onDelete: "cascade" }),
    channel: text("channel", { enum: NOTIFICATION_CHANNELS }).notNull(),
    template: text("template").notNull(),
    /** JSON object with the template's values. */
    payload: text("payload").notNull().default("{}"),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at")
      .notNull()
      .$defaultFn(() => new Date()),
    lastError: text("last_error"),
    createdAt: createdAt(),
    sentAt: instant("sent_at"),
  },
  (t) => [
    index("outbox_due_idx").on(t.status, t.nextAttemptAt),
    check("outbox_channel", oneOf("channel", NOTIFICATION_CHANNELS)),
    check("outbox_status", oneOf("status", OUTBOX_STATUSES)),
    check("outbox_attempts_nonneg", sql`${t.attempts} >= 0`),
  ],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: id(),
    marketId: integer("market_id").references(() => markets.id),
    actorUserId: integer("actor_user_id").references(() => users.id),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    /** JSON with what changed. */
    data: text("data").notNull().default("{}"),
    /**
     * The key a form carried (e.g. a pickup-desk tap): a retried request finds its key here
     * and changes nothing twice.
     */
    requestKey: text("request_key").unique(),
    /** Set when a later action undid this one (the pickup desk's undo). */
    undoneAt: instant("undone_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_market_idx").on(t.marketId, t.createdAt),
    index("audit_entity_idx").on(t.entityType, t.entityId),
  ],
);

/**
 * What the market paid a producer for one market day. The amounts are a snapshot of the
 * settlement at the moment it was marked paid, so later corrections show up as a difference.
 */
export const settlements = sqliteTable(
  "settlements",
  {
    id: id(),
    marketId: integer("market_id")
      .notNull()
      .references(() => markets.id),
    marketDayId: integer("market_day_id")
      .notNull()
      .references(() => marketDays.id),
    producerId: integer("producer_id")
      .notNull()
      .references(() => producers.id),
    grossCents: integer("gross_cents").notNull(),
    commissionBps: integer("commission_bps").notNull(),
    commissionCents: integer("commission_cents").notNull(),
    netCents: integer("net_cents").notNull(),
    /** Local date the money was handed over or transferred, YYYY-MM-DD. */
    paidOn: text("paid_on").notNull(),
    /** Receipt number, bank operation or "efectivo". */
    reference: text("reference").notNull(),
    paidByUserId: integer("paid_by_user_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("settlements_day_producer").on(t.marketDayId, t.producerId),
    index("settlements_market_idx").on(t.marketId),
    check("settlements_amounts_nonneg", sql`${t.grossCents} >= 0 AND ${t.netCents} >= 0`),
  ],
);

export const loginAttempts = sqliteTable(
  "login_attempts",
  {
    id: id(),
    /** The normalized phone or email typed, whether or not an account exists. */
    identifier: text("identifier").notNull(),
    ip: text("ip").notNull(),
    succeeded: integer("succeeded", { mode: "boolean" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("login_attempts_pair_idx").on(t.identifier, t.ip, t.createdAt),
    index("login_attempts_ip_idx").on(t.ip, t.createdAt),
  ],
);

/**
 * One-time codes: to set a new password ("reset": sent to the account's contact, or given in
 * person by a coordinator) or to confirm a new phone or email ("contact": sent to the new
 * one). Only a keyed hash of the code is kept; the code itself exists in the message or on
 * the coordinator's screen. Short-lived, single use, and dead after a few wrong tries.
 */
export const accountCodes = sqliteTable(
  "account_codes",
  {
    id: id(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose", { enum: ACCOUNT_CODE_PURPOSES }).notNull(),
    codeHash: text("code_hash").notNull(),
    /** For "contact": the phone or email the code confirms. */
    newPhone: text("new_phone"),
    newEmail: text("new_email"),
    /** The coordinator who gave the code in person, if one did. */
    issuedByUserId: integer("issued_by_user_id").references(() => users.id),
    failedAttempts: integer("failed_attempts").notNull().default(0),
    expiresAt: instant("expires_at").notNull(),
    usedAt: instant("used_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("account_codes_user_idx").on(t.userId, t.purpose, t.createdAt),
    check("account_codes_purpose", oneOf("purpose", ACCOUNT_CODE_PURPOSES)),
    check("account_codes_attempts", sql`${t.failedAttempts} >= 0`),
    check(
      "account_codes_contact",
      sql`${t.purpose} <> 'contact' OR ${t.newPhone} IS NOT NULL OR ${t.newEmail} IS NOT NULL`,
    ),
  ],
);

export type User = typeof users.$inferSelect;
