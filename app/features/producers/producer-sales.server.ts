/**
 * A producer's sales per market day: units, soles, card vs cash, commission and net. Scoped by
 * `producer_id` in the WHERE clause like the rest of the producer's pages (docs/invariants.md #6).
 */
import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import { marketDays, markets, orderItems, orders } from "../../../db/schema";
import { db } from "../../infra/db.server";
import { deliveredCentsSql } from "../ordering/line-value.server";
import { limaDateOf } from "../../lib/time";
import { SOLD_ORDER_STATUSES } from "../ordering/order-status";

/**
 * Sales per market day for the last `days` market days: units and soles sold, by cash, card and
 * Yape/Plin, the market's commission and what the producer is owed. One query for the days, one
 * for sales.
 */
export function getSales({
  producerId,
  marketId,
  days = 12,
}: {
  producerId: number;
  marketId: number;
  days?: number;
}) {
  const market = db()
    .select({ commissionBps: markets.commissionBps })
    .from(markets)
    .where(eq(markets.id, marketId))
    .get();
  // Market days that have taken place (today included): the coming one has reservations,
  // shown on /productor, not sales.
  const recent = db()
    .select({ id: marketDays.id, date: marketDays.date })
    .from(marketDays)
    .where(
      and(
        eq(marketDays.marketId, marketId),
        ne(marketDays.status, "cancelled"),
        sql`${marketDays.date} <= ${limaDateOf(new Date())}`,
      ),
    )
    .orderBy(desc(marketDays.date))
    .limit(days)
    .all()
    .reverse();
  if (recent.length === 0) return [];
  const units = sql<number>`sum(coalesce(${orderItems.deliveredQuantity}, ${orderItems.quantity}))`;
  // A line inside a family basket is worth its share of the basket's price (line-value.ts).
  const worth = deliveredCentsSql(
    sql`coalesce(${orderItems.deliveredQuantity}, ${orderItems.quantity})`,
  );
  const rows = db()
    .select({
      marketDayId: orders.marketDayId,
      paymentMethod: orders.paymentMethod,
      units,
      grossCents: sql<number>`sum(${worth})`,
      basketCents: sql<number>`coalesce(sum(CASE WHEN ${orderItems.orderBundleId} IS NOT NULL THEN ${worth} END), 0)`,
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(
      and(
        eq(orderItems.producerId, producerId),
        inArray(
          orders.marketDayId,
          recent.map((d) => d.id),
        ),
        inArray(orders.status, SOLD_ORDER_STATUSES),
      ),
    )
    .groupBy(orders.marketDayId, orders.paymentMethod)
    .all();
  const bps = market?.commissionBps ?? 0;
  return recent.map((day) => {
    const mine = rows.filter((r) => r.marketDayId === day.id);
    const of = (method: "cash" | "card" | "yape_plin") =>
      Number(mine.find((r) => r.paymentMethod === method)?.grossCents ?? 0);
    const grossCents = of("cash") + of("card") + of("yape_plin");
    const commissionCents = Math.round((grossCents * bps) / 10_000);
    return {
      date: day.date,
      units: mine.reduce((sum, r) => sum + Number(r.units), 0),
      grossCents,
      /** The part of the gross that went out inside family baskets. */
      basketCents: mine.reduce((sum, r) => sum + Number(r.basketCents), 0),
      cashCents: of("cash"),
      cardCents: of("card"),
      yapeCents: of("yape_plin"),
      commissionCents,
      netCents: grossCents - commissionCents,
    };
  });
}
