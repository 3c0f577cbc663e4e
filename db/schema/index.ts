/**
 * The whole Qhatu data model (SQLite through drizzle-orm).
 *
 * Conventions:
 * - money is integer céntimos (`*_cents`), never floats (docs/invariants.md #4);
 * - instants are UTC epoch milliseconds (`mode: "timestamp_ms"`); market dates are local
 *   America/Lima dates stored as `YYYY-MM-DD` text (invariant 5);
 * - the invariants that the database can hold itself are CHECK constraints, so even a buggy
 *   query cannot oversell an offer or overbook a slot (invariants 1 and 2).
 */
export * from "../schema-enums";
export * from "./core";
export * from "./catalogue";
export * from "./orders";
export * from "./operations";
export * from "./wallets";
export * from "./messages";

import { users } from "./core";
import { marketDays } from "./catalogue";
import { orders } from "./orders";

export type User = typeof users.$inferSelect;
export type MarketDay = typeof marketDays.$inferSelect;
export type Order = typeof orders.$inferSelect;
