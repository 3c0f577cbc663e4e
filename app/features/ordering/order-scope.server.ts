/** Which orders a day's sheet, list or desk query reads: one condition, written once. */
import { and, eq, type SQL } from "drizzle-orm";
import { orders } from "../../../db/schema";

/**
 * The orders of one market day of one market, and whatever `also` narrows them to (a status
 * group, a producer). The market is checked beside the day, so a day id of another market
 * finds nothing.
 */
export function ordersOfDay(marketId: number, marketDayId: number, ...also: (SQL | undefined)[]) {
  return and(eq(orders.marketId, marketId), eq(orders.marketDayId, marketDayId), ...also);
}
