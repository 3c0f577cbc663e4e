/** What keeps the market running: card payments and Stripe events, the notification outbox, the audit log, settlements, login throttling and one-time account codes. */
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  ACCOUNT_CODE_PURPOSES,
  NOTIFICATION_CHANNELS,
  OUTBOX_STATUSES,
  PAYMENT_STATUSES,
} from "../schema-enums";
import { oneOf, id, instant, createdAt, updatedAt } from "./columns";
import { markets, users, producers } from "./core";
import { marketDays } from "./catalogue";
import { orders } from "./orders";

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
