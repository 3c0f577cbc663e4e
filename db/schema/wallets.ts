/**
 * Yape and Plin: a market's wallet (the number and QR families pay to, and its timings) and the
 * proofs families send, which the market's treasurer checks against the wallet's movements.
 * No payment contract: the money goes from the family's app to the market's, and Qhatu only
 * records what was claimed and what the treasurer found.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { PROOF_STATUSES, WALLET_APPS } from "../schema-enums";
import { oneOf, id, instant, createdAt, updatedAt } from "./columns";
import { markets, users } from "./core";
import { orders } from "./orders";

/** One per market that has set Yape/Plin up (off until the coordinators turn it on). */
export const marketWallets = sqliteTable(
  "market_wallets",
  {
    marketId: integer("market_id")
      .primaryKey()
      .references(() => markets.id),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(false),
    /** The name the family's app shows when they pay: they check it before sending money. */
    holderName: text("holder_name").notNull().default(""),
    /** National 9-digit mobiles (E.164 without "+51" is not how people type them in the app). */
    yapeNumber: text("yape_number"),
    plinNumber: text("plin_number"),
    /** The wallet's QR, stored like product photos (public: every paying family sees it). */
    qrPhotoKey: text("qr_photo_key"),
    /** How long a reservation waits for its proof before stock and place go back. */
    proofWaitMinutes: integer("proof_wait_minutes").notNull().default(60),
    /**
     * Proofs are verified until this long before a market day's pickup starts (then the desk's
     * list is final). No Yape/Plin reservation is taken after that moment either.
     */
    verifyLeadMinutes: integer("verify_lead_minutes").notNull().default(720),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("market_wallets_wait_range", sql`${t.proofWaitMinutes} BETWEEN 10 AND 1440`),
    check("market_wallets_lead_range", sql`${t.verifyLeadMinutes} BETWEEN 0 AND 10080`),
  ],
);

export const paymentProofs = sqliteTable(
  "payment_proofs",
  {
    id: id(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    /** Denormalized from the order so the treasurer's queue and the duplicate check need no join. */
    marketId: integer("market_id")
      .notNull()
      .references(() => markets.id),
    app: text("app", { enum: WALLET_APPS }).notNull(),
    /** Digits only, as the family's app shows them ("Nro. de operación"). */
    operationNumber: text("operation_number").notNull(),
    /** The order's total when the proof was sent: what the treasurer looks for. */
    amountCents: integer("amount_cents").notNull(),
    /** The screenshot, if sent: private, under DATA_DIR/comprobantes, shown only to coordinators. */
    screenshotKey: text("screenshot_key"),
    status: text("status", { enum: PROOF_STATUSES }).notNull().default("waiting"),
    rejectReason: text("reject_reason"),
    decidedByUserId: integer("decided_by_user_id").references(() => users.id),
    decidedAt: instant("decided_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("payment_proofs_order_idx").on(t.orderId),
    index("payment_proofs_queue_idx").on(t.marketId, t.status, t.createdAt),
    index("payment_proofs_operation_idx").on(t.marketId, t.operationNumber),
    // One proof waiting per order (a new one replaces it), and one operation verified once.
    uniqueIndex("payment_proofs_one_waiting")
      .on(t.orderId)
      .where(sql`${t.status} = 'waiting'`),
    uniqueIndex("payment_proofs_verified_once")
      .on(t.marketId, t.operationNumber)
      .where(sql`${t.status} = 'verified'`),
    check("payment_proofs_status", oneOf("status", PROOF_STATUSES)),
    check("payment_proofs_app", oneOf("app", WALLET_APPS)),
    check("payment_proofs_amount_nonneg", sql`${t.amountCents} >= 0`),
    check(
      "payment_proofs_operation_digits",
      sql`${t.operationNumber} GLOB '[0-9]*' AND length(${t.operationNumber}) BETWEEN 4 AND 20`,
    ),
  ],
);
