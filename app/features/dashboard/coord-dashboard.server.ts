/**
 * The coordinator's dashboard: the next and the last market day at a glance, and the last
 * market days as series for charts. Every query carries `market_id = :marketId` in its WHERE
 * clause (docs/invariants.md #6), and the figures are summed by SQLite with GROUP BY, so the page
 * costs the same five queries whether the market has two market days or two hundred.
 */
import { and, asc, desc, eq, inArray, ne, notInArray, or, sql } from "drizzle-orm";
import { deliveredCentsSql, lineCentsSql } from "../ordering/line-value.server";
import { marketDays, orderItems, orders, pickupSlots, type MarketDay } from "../../../db/schema";
import { db } from "../../infra/db.server";
import { groupBy } from "../../lib/group";
import { limaDateOf } from "../../lib/time";
import {
  DELIVERED_ORDER_STATUSES,
  DROPPED_ORDER_STATUSES,
  STANDING_ORDER_STATUSES,
} from "../ordering/order-status";

export type DayFigures = {
  /** Orders not cancelled or expired. */
  orders: number;
  pickedUp: number;
  partiallyPickedUp: number;
  noShows: number;
  /** Delivered value: Σ deliveredQuantity × unitPriceCents over picked-up orders' items. */
  salesCents: number;
  /** Reserved value: Σ quantity × unitPriceCents over orders still standing (no no-shows). */
  reservedCents: number;
  /** no-shows ÷ (picked up + partially picked up + no-shows), or null before any pickup. */
  noShowRate: number | null;
};

export type SlotLoad = {
  id: number;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  /** Orders (not cancelled or expired) booked in this slot. */
  orders: number;
};

type DayRow = Pick<MarketDay, "id" | "date" | "status">;
export type DaySummary = DayRow & DayFigures & { slots: SlotLoad[] };
export type HistoryDay = DayRow & DayFigures;

export type Dashboard = {
  next: DaySummary | null;
  last: DaySummary | null;
  /** Up to `days` market days that took place, oldest first. */
  history: HistoryDay[];
  /** The best sellers over `history`, by delivered value. */
  topProducts: { name: string; unit: string; units: number; valueCents: number }[];
};

/**
 * A market day has taken place when its date is past, or when it is today and the
 * coordinator has closed or completed it. A day closed by hand before its date has not.
 */
function tookPlace(today: string) {
  return and(
    ne(marketDays.status, "cancelled"),
    or(
      sql`${marketDays.date} < ${today}`,
      and(eq(marketDays.date, today), inArray(marketDays.status, ["completed", "closed"])),
    ),
  );
}

/** The last `days` market days of a market that took place, oldest first. */
function pastDays(marketId: number, today: string, days: number): DayRow[] {
  return db()
    .select({ id: marketDays.id, date: marketDays.date, status: marketDays.status })
    .from(marketDays)
    .where(and(eq(marketDays.marketId, marketId), tookPlace(today)))
    .orderBy(desc(marketDays.date))
    .limit(days)
    .all()
    .reverse();
}

/** The coming market day (today's included until it is closed or completed). */
function comingDay(marketId: number, today: string): DayRow | undefined {
  return db()
    .select({ id: marketDays.id, date: marketDays.date, status: marketDays.status })
    .from(marketDays)
    .where(
      and(
        eq(marketDays.marketId, marketId),
        inArray(marketDays.status, ["scheduled", "open", "closed"]),
        or(
          sql`${marketDays.date} > ${today}`,
          and(eq(marketDays.date, today), ne(marketDays.status, "closed")),
        ),
      ),
    )
    .orderBy(asc(marketDays.date))
    .limit(1)
    .get();
}

const countWhere = (condition: ReturnType<typeof sql>) =>
  sql<number>`count(DISTINCT CASE WHEN ${condition} THEN ${orders.id} END)`;

/** Orders, pickups, no-shows, sales and reserved value of each market day, in one query. */
function figuresByDay(marketId: number, dayIds: number[]): Map<number, DayFigures> {
  if (dayIds.length === 0) return new Map();
  const status = orders.status;
  const delivered = inArray(status, DELIVERED_ORDER_STATUSES);
  const rows = db()
    .select({
      marketDayId: orders.marketDayId,
      orders: countWhere(notInArray(status, [...DROPPED_ORDER_STATUSES])),
      pickedUp: countWhere(sql`${status} = 'picked_up'`),
      partiallyPickedUp: countWhere(sql`${status} = 'partially_picked_up'`),
      noShows: countWhere(sql`${status} = 'no_show'`),
      salesCents: sql<number>`coalesce(sum(CASE WHEN ${delivered}
        THEN ${deliveredCentsSql(sql`coalesce(${orderItems.deliveredQuantity}, 0)`)} END), 0)`,
      reservedCents: sql<number>`coalesce(sum(CASE WHEN ${inArray(status, STANDING_ORDER_STATUSES)}
        THEN ${lineCentsSql} END), 0)`,
    })
    .from(orders)
    .leftJoin(orderItems, eq(orderItems.orderId, orders.id))
    .where(and(eq(orders.marketId, marketId), inArray(orders.marketDayId, dayIds)))
    .groupBy(orders.marketDayId)
    .all();
  return new Map(
    rows.map((r) => {
      const reachedDesk = r.pickedUp + r.partiallyPickedUp + r.noShows;
      return [
        r.marketDayId,
        {
          orders: r.orders,
          pickedUp: r.pickedUp,
          partiallyPickedUp: r.partiallyPickedUp,
          noShows: r.noShows,
          salesCents: r.salesCents,
          reservedCents: r.reservedCents,
          noShowRate: reachedDesk > 0 ? r.noShows / reachedDesk : null,
        },
      ];
    }),
  );
}

const NO_FIGURES: DayFigures = {
  orders: 0,
  pickedUp: 0,
  partiallyPickedUp: 0,
  noShows: 0,
  salesCents: 0,
  reservedCents: 0,
  noShowRate: null,
};

/** Each pickup slot of these market days with its capacity and the orders booked in it. */
function slotsByDay(marketId: number, dayIds: number[]): Map<number, SlotLoad[]> {
  if (dayIds.length === 0) return new Map();
  const rows = db()
    .select({
      marketDayId: pickupSlots.marketDayId,
      id: pickupSlots.id,
      startsAt: pickupSlots.startsAt,
      endsAt: pickupSlots.endsAt,
      capacity: pickupSlots.capacity,
      orders: sql<number>`count(${orders.id})`,
    })
    .from(pickupSlots)
    .innerJoin(marketDays, eq(marketDays.id, pickupSlots.marketDayId))
    .leftJoin(
      orders,
      and(
        eq(orders.slotId, pickupSlots.id),
        notInArray(orders.status, [...DROPPED_ORDER_STATUSES]),
      ),
    )
    .where(and(eq(marketDays.marketId, marketId), inArray(pickupSlots.marketDayId, dayIds)))
    .groupBy(pickupSlots.id)
    .orderBy(asc(pickupSlots.startsAt))
    .all();
  return groupBy(
    rows,
    (row) => row.marketDayId,
    ({ marketDayId: _, ...slot }) => slot,
  );
}

/**
 * What sold best over these market days, by delivered value. Products are grouped by the name
 * and unit on the order lines, so the same produce from several producers counts together.
 */
function topProductsOf(marketId: number, dayIds: number[], limit: number) {
  if (dayIds.length === 0) return [];
  const units = sql<number>`sum(coalesce(${orderItems.deliveredQuantity}, 0))`;
  const valueCents = sql<number>`sum(${deliveredCentsSql(sql`coalesce(${orderItems.deliveredQuantity}, 0)`)})`;
  return db()
    .select({ name: orderItems.productName, unit: orderItems.unit, units, valueCents })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(
      and(
        eq(orders.marketId, marketId),
        inArray(orders.marketDayId, dayIds),
        inArray(orders.status, DELIVERED_ORDER_STATUSES),
      ),
    )
    .groupBy(orderItems.productName, orderItems.unit)
    .having(sql`${units} > 0`)
    .orderBy(desc(valueCents), desc(units), asc(orderItems.productName))
    .limit(limit)
    .all();
}

/** The whole dashboard of one market, in five queries whatever the number of market days. */
export function getCoordDashboard({
  marketId,
  now = new Date(),
  days = 12,
  topProducts = 8,
}: {
  marketId: number;
  now?: Date;
  days?: number;
  topProducts?: number;
}): Dashboard {
  const today = limaDateOf(now);
  const past = pastDays(marketId, today, days);
  const coming = comingDay(marketId, today);
  const lastDay = past.at(-1);
  const figures = figuresByDay(
    marketId,
    [...past, ...(coming ? [coming] : [])].map((d) => d.id),
  );
  const slots = slotsByDay(
    marketId,
    [lastDay, coming].flatMap((d) => (d ? [d.id] : [])),
  );
  const summary = (day: DayRow | undefined): DaySummary | null =>
    day ? { ...day, ...(figures.get(day.id) ?? NO_FIGURES), slots: slots.get(day.id) ?? [] } : null;
  return {
    next: summary(coming),
    last: summary(lastDay),
    history: past.map((day) => ({ ...day, ...(figures.get(day.id) ?? NO_FIGURES) })),
    topProducts: topProductsOf(
      marketId,
      past.map((d) => d.id),
      topProducts,
    ),
  };
}
