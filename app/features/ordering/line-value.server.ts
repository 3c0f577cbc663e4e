/** The SQL twins of line-value.ts, for totals computed in a query. */
import { sql, type SQL } from "drizzle-orm";
import { orderItems } from "../../../db/schema";

/** A line's worth as reserved. */
export const lineCentsSql = sql<number>`coalesce(${orderItems.shareCents}, ${orderItems.unitPriceCents} * ${orderItems.quantity})`;

/**
 * The worth of `units` of a line (an SQL expression for the units handed over), rounded half
 * up like deliveredCents(): integer division of non-negative integers in SQLite.
 */
export function deliveredCentsSql(units: SQL): SQL<number> {
  return sql<number>`CASE
    WHEN ${orderItems.shareCents} IS NULL THEN ${orderItems.unitPriceCents} * (${units})
    WHEN (${units}) >= ${orderItems.quantity} THEN ${orderItems.shareCents}
    ELSE (2 * ${orderItems.shareCents} * (${units}) + ${orderItems.quantity}) / (2 * ${orderItems.quantity})
  END`;
}
