/** Reading a market's days as the coordinator's pages list and show them. */
import { and, asc, count, desc, eq, gte, inArray, lt, ne, notInArray, sql } from "drizzle-orm";
import { marketDays, orders, pickupSlots, type MarketDay } from "../../../db/schema";
import { db } from "../../infra/db.server";
import { addDays, limaDateOf, nextWeekday } from "../../lib/time";
import { ACTIVE_ORDER_STATUSES, DROPPED_ORDER_STATUSES } from "../ordering/order-status";
import { liveOrderCount, ownDay } from "./day-transaction.server";
import { slotsOfDay } from "./slots.server";

export type MarketDaySummary = MarketDay & {
  orderCount: number;
  slotCount: number;
  capacity: number;
  booked: number;
};

/**
 * The market's days for the list: every day from today on (soonest first), then the most
 * recent `pastLimit` past days (latest first). Three queries whatever the number of days.
 */
export function listMarketDays({
  marketId,
  now = new Date(),
  pastLimit = 12,
}: {
  marketId: number;
  now?: Date;
  pastLimit?: number;
}) {
  const today = limaDateOf(now);
  const upcoming = db()
    .select()
    .from(marketDays)
    .where(and(eq(marketDays.marketId, marketId), gte(marketDays.date, today)))
    .orderBy(asc(marketDays.date))
    .all();
  const past = db()
    .select()
    .from(marketDays)
    .where(and(eq(marketDays.marketId, marketId), lt(marketDays.date, today)))
    .orderBy(desc(marketDays.date))
    .limit(pastLimit)
    .all();
  const ids = [...upcoming, ...past].map((d) => d.id);
  const stats = dayStats(marketId, ids);
  const withStats = (day: MarketDay): MarketDaySummary => ({
    ...day,
    ...(stats.get(day.id) ?? { orderCount: 0, slotCount: 0, capacity: 0, booked: 0 }),
  });
  return { upcoming: upcoming.map(withStats), past: past.map(withStats) };
}

/** Orders and slots per day, for a list of the market's days (two grouped queries). */
function dayStats(marketId: number, dayIds: number[]) {
  const stats = new Map<
    number,
    { orderCount: number; slotCount: number; capacity: number; booked: number }
  >();
  if (dayIds.length === 0) return stats;
  for (const id of dayIds) stats.set(id, { orderCount: 0, slotCount: 0, capacity: 0, booked: 0 });
  const orderRows = db()
    .select({ dayId: orders.marketDayId, n: count() })
    .from(orders)
    .where(
      and(
        eq(orders.marketId, marketId),
        inArray(orders.marketDayId, dayIds),
        notInArray(orders.status, [...DROPPED_ORDER_STATUSES]),
      ),
    )
    .groupBy(orders.marketDayId)
    .all();
  for (const row of orderRows) stats.get(row.dayId)!.orderCount = row.n;
  const slotRows = db()
    .select({
      dayId: pickupSlots.marketDayId,
      n: count(),
      capacity: sql<number>`coalesce(sum(${pickupSlots.capacity}), 0)`,
      booked: sql<number>`coalesce(sum(${pickupSlots.booked}), 0)`,
    })
    .from(pickupSlots)
    .where(inArray(pickupSlots.marketDayId, dayIds))
    .groupBy(pickupSlots.marketDayId)
    .all();
  for (const row of slotRows) {
    Object.assign(stats.get(row.dayId)!, {
      slotCount: row.n,
      capacity: row.capacity,
      booked: row.booked,
    });
  }
  return stats;
}

/** One of the market's days with its slots and order count, or undefined (another market's). */
export function getMarketDayDetail({ marketId, dayId }: { marketId: number; dayId: number }) {
  const database = db();
  const day = ownDay(database, { marketId, dayId });
  if (!day) return undefined;
  const slots = slotsOfDay(database, day.id);
  // Paid orders that a cancellation would leave with money to give back, by payment kind: a
  // card is refunded by the refund job, Yape/Plin by the treasurer by hand.
  const paid = database
    .select({ method: orders.paymentMethod, n: count() })
    .from(orders)
    .where(
      and(
        eq(orders.marketDayId, day.id),
        eq(orders.paymentStatus, "paid"),
        inArray(orders.status, ACTIVE_ORDER_STATUSES),
      ),
    )
    .groupBy(orders.paymentMethod)
    .all();
  const paidBy = (method: string) => paid.find((row) => row.method === method)?.n ?? 0;
  return {
    day,
    slots,
    orderCount: liveOrderCount(database, day.id),
    activeOrderCount:
      database
        .select({ n: count() })
        .from(orders)
        .where(and(eq(orders.marketDayId, day.id), inArray(orders.status, ACTIVE_ORDER_STATUSES)))
        .get()?.n ?? 0,
    cardPaidActiveCount: paidBy("card"),
    walletPaidActiveCount: paidBy("yape_plin"),
  };
}

/** The market's latest day (by date), the one "copy last week" starts from. */
export function latestMarketDay(marketId: number) {
  return db()
    .select()
    .from(marketDays)
    .where(and(eq(marketDays.marketId, marketId), ne(marketDays.status, "cancelled")))
    .orderBy(desc(marketDays.date))
    .limit(1)
    .get();
}

/** The date a new day's form suggests: the Saturday after the market's latest coming day, or the coming Saturday. */
export function suggestNewDayDate(marketId: number, now = new Date()) {
  const today = limaDateOf(now);
  const latest = latestMarketDay(marketId);
  const after = latest && latest.date >= today ? addDays(latest.date, 1) : addDays(today, 1);
  return nextWeekday(after, 6);
}
