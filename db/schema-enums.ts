/**
 * The value lists behind the schema's enum columns, in a module without drizzle so that
 * browser code (form schemas, selects) can import them cheaply.
 */
export const LOCALES = ["es", "qu", "en"] as const;
export const ROLES = ["consumer", "producer", "coordinator", "admin"] as const;
export const MEMBERSHIP_STATUSES = ["pending", "approved", "suspended"] as const;
export const CERTIFICATION_KINDS = ["sgp", "organic"] as const;
export const UNITS = [
  "kg",
  "atado",
  "unidad",
  "docena",
  "arroba",
  "saco",
  "litro",
  "atado_grande",
  "bolsa",
  "frasco",
  "porcion",
] as const;
export const MARKET_DAY_STATUSES = [
  "scheduled",
  "open",
  "closed",
  "cancelled",
  "completed",
] as const;
export const OFFER_STATUSES = ["active", "paused"] as const;
/** A family basket is composed as a draft, then published (on sale) or paused. */
export const BUNDLE_STATUSES = ["draft", "active", "paused"] as const;
export const ORDER_STATUSES = [
  "pending_payment",
  "confirmed",
  "picked_up",
  "partially_picked_up",
  "no_show",
  "cancelled",
  "expired",
] as const;
export const ACCOUNT_CODE_PURPOSES = ["reset", "contact"] as const;
/** Cash at pickup (the default), card through Stripe, or Yape/Plin with a proof the treasurer verifies. */
export const PAYMENT_METHODS = ["cash", "card", "yape_plin"] as const;
/** The phone wallets a Yape/Plin payment is made with. */
export const WALLET_APPS = ["yape", "plin"] as const;
/**
 * A Yape/Plin proof: waiting for the treasurer, verified, rejected (the family may send another),
 * lapsed (its order ended before anyone decided: the treasurer checks whether money came), or
 * returned (lapsed money given back by hand).
 */
export const PROOF_STATUSES = ["waiting", "verified", "rejected", "lapsed", "returned"] as const;
export const PAYMENT_STATUSES = ["unpaid", "pending", "paid", "refunded", "failed"] as const;
export const FULFILMENT_STATUSES = ["pending", "delivered", "short"] as const;
export const NOTIFICATION_CHANNELS = ["email", "sms", "whatsapp", "log"] as const;
export const OUTBOX_STATUSES = ["pending", "sent", "failed"] as const;
/** Where a producer's text message came in (issue 17): Twilio SMS or WhatsApp Cloud API. */
export const INBOUND_PROVIDERS = ["sms", "whatsapp"] as const;
/** Who sent an inbound message, as matched by phone when it arrived. */
export const INBOUND_SENDERS = ["producer", "pending", "suspended", "unknown"] as const;

export type Locale = (typeof LOCALES)[number];
export type Role = (typeof ROLES)[number];
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];
export type Unit = (typeof UNITS)[number];
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type WalletApp = (typeof WALLET_APPS)[number];
export type ProofStatus = (typeof PROOF_STATUSES)[number];
export type BundleStatus = (typeof BUNDLE_STATUSES)[number];
