/** The market days the desk works on, and how a day's pickups stand. */
import { and, asc, desc, eq, gte, ne, sql } from "drizzle-orm";
import { marketDays, orders, type Order } from "../../../db/schema";
import { db } from "../../infra/db.server";
import { limaDateOf } from "../../lib/time";
import { ordersOfDay } from "../ordering/order-scope.server";

/** The market days the desk may work on: the most recent past ones and the next ones. */
export function listDeskDays({ marketId, now = new Date() }: { marketId: number; now?: Date }) {
  const today = limaDateOf(now);
  const columns = { id: marketDays.id, date: marketDays.date, status: marketDays.status };
  const notCancelled = and(eq(marketDays.marketId, marketId), ne(marketDays.status, "cancelled"));
  const coming = db()
    .select(columns)
    .from(marketDays)
    .where(and(notCancelled, gte(marketDays.date, today)))
    .orderBy(asc(marketDays.date))
    .limit(2)
    .all();
  const past = db()
    .select(columns)
    .from(marketDays)
    .where(and(notCancelled, sql`${marketDays.date} < ${today}`))
    .orderBy(desc(marketDays.date))
    .limit(4)
    .all();
  return [...coming.reverse(), ...past];
}

/** How a market day's pickups stand: orders per status. */
export function deskDaySummary({
  marketId,
  marketDayId,
}: {
  marketId: number;
  marketDayId: number;
}) {
  const rows = db()
    .select({ status: orders.status, count: sql<number>`count(*)` })
    .from(orders)
    .where(ordersOfDay(marketId, marketDayId))
    .groupBy(orders.status)
    .all();
  const count = (...statuses: Order["status"][]) =>
    rows.filter((r) => statuses.includes(r.status)).reduce((sum, r) => sum + r.count, 0);
  return {
    waiting: count("confirmed"),
    pickedUp: count("picked_up", "partially_picked_up"),
    noShow: count("no_show"),
  };
}
