/** Markets and the people in them: accounts, sessions, memberships (role and status in a market), producers and their certifications. */
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { CERTIFICATION_KINDS, LOCALES, MEMBERSHIP_STATUSES, ROLES } from "../schema-enums";
import { oneOf, id, instant, createdAt, updatedAt } from "./columns";

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
