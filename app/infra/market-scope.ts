/**
 * Authorization lives in the query (docs/invariants.md #6): a coordinator's lookup names the
 * row's market beside its id, so another market's id finds nothing. Written once here for the
 * tables that carry their own `marketId`.
 */
import { and, eq } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";

type MarketTable = { id: SQLiteColumn; marketId: SQLiteColumn };

/** The row `id` of `table`, only when it belongs to the market `marketId`. */
export function isOwnRow(table: MarketTable, { marketId, id }: { marketId: number; id: number }) {
  return and(eq(table.id, id), eq(table.marketId, marketId));
}
