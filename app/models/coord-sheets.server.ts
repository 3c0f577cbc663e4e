/**
 * What a coordinator prints and exports for one market day of their market: pick lists per
 * producer, pickup lists per slot, and the rows of the orders and order-items CSV files.
 * Every query names the coordinator's market in its WHERE clause (DESIGN invariant 6): a
 * market day of another market is simply not found.
 */
import { and, asc, desc, eq, inArray, ne, sql } from "drizzle-orm";
import {
  marketDays,
  orderBundles,
  orderItems,
  orders,
  pickupSlots,
  producers,
  users,
  type Unit,
} from "../../db/schema";
import { db } from "../db.server";
import { limaDateOf } from "../lib/time";
import { ACTIVE_ORDER_STATUSES } from "./orders.server";

export type SheetDay = Pick<
  typeof marketDays.$inferSelect,
  "id" | "date" | "status" | "place" | "pickupStartAt" | "pickupEndAt"
>;

const dayColumns = {
  id: marketDays.id,
  date: marketDays.date,
  status: marketDays.status,
  place: marketDays.place,
  pickupStartAt: marketDays.pickupStartAt,
  pickupEndAt: marketDays.pickupEndAt,
};

/** The market's market days (cancelled ones aside), newest first: the choices of the sheets page. */
export function listSheetDays({ marketId, limit = 60 }: { marketId: number; limit?: number }) {
  return db()
    .select(dayColumns)
    .from(marketDays)
    .where(and(eq(marketDays.marketId, marketId), ne(marketDays.status, "cancelled")))
    .orderBy(desc(marketDays.date))
    .limit(limit)
    .all();
}

/** One market day of this market by its local date, or undefined (another market's too). */
export function findMarketDayByDate({
  marketId,
  date,
}: {
  marketId: number;
  date: string;
}): SheetDay | undefined {
  return db()
    .select(dayColumns)
    .from(marketDays)
    .where(and(eq(marketDays.marketId, marketId), eq(marketDays.date, date)))
    .get();
}

/** The day the sheets page opens on: the next one from today, else the most recent. */
export function defaultSheetDay(days: SheetDay[], now = new Date()) {
  const today = limaDateOf(now);
  const coming = days.filter((d) => d.date >= today && d.status !== "completed");
  return coming.at(-1) ?? days[0];
}

/** Orders a producer packs for: still reserved, or already (partly) handed over. */
const PACKED_STATUSES = [...ACTIVE_ORDER_STATUSES, "picked_up", "partially_picked_up"] as const;

export type ProducerPickList = {
  producerId: number;
  farmName: string;
  producerName: string;
  community: string;
  province: string;
  totals: { productName: string; unit: Unit; quantity: number }[];
  orders: {
    pickupCode: string;
    slotStartsAt: Date;
    slotEndsAt: Date;
    items: { productName: string; unit: Unit; quantity: number }[];
  }[];
};

/**
 * Every producer's pick list for a market day (what to bring, then order by order in pickup
 * order), in one query whatever the number of producers and orders.
 */
export function getProducerPickLists({
  marketId,
  marketDayId,
}: {
  marketId: number;
  marketDayId: number;
}): ProducerPickList[] {
  const rows = db()
    .select({
      producerId: producers.id,
      farmName: producers.farmName,
      community: producers.community,
      province: producers.province,
      producerName: users.name,
      pickupCode: orders.pickupCode,
      slotStartsAt: pickupSlots.startsAt,
      slotEndsAt: pickupSlots.endsAt,
      productName: orderItems.productName,
      unit: orderItems.unit,
      quantity: orderItems.quantity,
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .innerJoin(pickupSlots, eq(pickupSlots.id, orders.slotId))
    .innerJoin(producers, eq(producers.id, orderItems.producerId))
    .innerJoin(users, eq(users.id, producers.userId))
    .where(
      and(
        eq(orders.marketId, marketId),
        eq(orders.marketDayId, marketDayId),
        inArray(orders.status, PACKED_STATUSES),
      ),
    )
    .orderBy(
      asc(producers.id),
      asc(pickupSlots.startsAt),
      asc(orders.pickupCode),
      asc(orderItems.productName),
    )
    .all();

  const lists: ProducerPickList[] = [];
  for (const row of rows) {
    let list = lists.at(-1);
    if (!list || list.producerId !== row.producerId) {
      list = {
        producerId: row.producerId,
        farmName: row.farmName,
        producerName: row.producerName,
        community: row.community,
        province: row.province,
        totals: [],
        orders: [],
      };
      lists.push(list);
    }
    let order = list.orders.at(-1);
    if (!order || order.pickupCode !== row.pickupCode) {
      order = {
        pickupCode: row.pickupCode,
        slotStartsAt: row.slotStartsAt,
        slotEndsAt: row.slotEndsAt,
        items: [],
      };
      list.orders.push(order);
    }
    order.items.push({ productName: row.productName, unit: row.unit, quantity: row.quantity });
    const total = list.totals.find((t) => t.productName === row.productName && t.unit === row.unit);
    if (total) total.quantity += row.quantity;
    else list.totals.push({ productName: row.productName, unit: row.unit, quantity: row.quantity });
  }
  for (const list of lists) {
    list.totals.sort((a, b) => a.productName.localeCompare(b.productName, "es"));
  }
  // Spanish order (Ñ after N, accents ignored), which SQLite's byte order does not give.
  return lists.sort((a, b) => a.farmName.localeCompare(b.farmName, "es"));
}

/** Orders shown at the desk and on paper: everything but cancelled and expired reservations. */
const DESK_STATUSES = [...PACKED_STATUSES, "no_show"] as const;

const itemCount = sql<number>`(SELECT count(*) FROM ${orderItems} WHERE ${orderItems.orderId} = ${orders.id})`;

/** Each pickup slot of the day with its orders, for the paper list at the desk. Two queries. */
export function getPickupLists({
  marketId,
  marketDayId,
}: {
  marketId: number;
  marketDayId: number;
}) {
  const slots = db()
    .select({ id: pickupSlots.id, startsAt: pickupSlots.startsAt, endsAt: pickupSlots.endsAt })
    .from(pickupSlots)
    .innerJoin(marketDays, eq(marketDays.id, pickupSlots.marketDayId))
    .where(and(eq(pickupSlots.marketDayId, marketDayId), eq(marketDays.marketId, marketId)))
    .orderBy(asc(pickupSlots.startsAt))
    .all();
  const rows = db()
    .select({
      slotId: orders.slotId,
      pickupCode: orders.pickupCode,
      consumerName: users.name,
      phone: users.phone,
      email: users.email,
      itemCount,
      totalCents: orders.totalCents,
      status: orders.status,
      paymentMethod: orders.paymentMethod,
      paymentStatus: orders.paymentStatus,
    })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.consumerId))
    .where(
      and(
        eq(orders.marketId, marketId),
        eq(orders.marketDayId, marketDayId),
        inArray(orders.status, DESK_STATUSES),
      ),
    )
    .orderBy(asc(users.name), asc(orders.pickupCode))
    .all();
  return slots.map((slot) => ({
    ...slot,
    orders: rows
      .filter((r) => r.slotId === slot.id)
      .map((r) => ({ ...r, itemCount: Number(r.itemCount) })),
  }));
}

/** Every order of the day, whatever its state, for the orders CSV. */
export function listOrdersForExport({
  marketId,
  marketDayId,
}: {
  marketId: number;
  marketDayId: number;
}) {
  return db()
    .select({
      pickupCode: orders.pickupCode,
      slotStartsAt: pickupSlots.startsAt,
      slotEndsAt: pickupSlots.endsAt,
      consumerName: users.name,
      phone: users.phone,
      email: users.email,
      status: orders.status,
      paymentMethod: orders.paymentMethod,
      paymentStatus: orders.paymentStatus,
      itemCount,
      totalCents: orders.totalCents,
      cashReceivedCents: orders.cashReceivedCents,
      createdAt: orders.createdAt,
      pickedUpAt: orders.pickedUpAt,
    })
    .from(orders)
    .innerJoin(pickupSlots, eq(pickupSlots.id, orders.slotId))
    .innerJoin(users, eq(users.id, orders.consumerId))
    .where(and(eq(orders.marketId, marketId), eq(orders.marketDayId, marketDayId)))
    .orderBy(asc(pickupSlots.startsAt), asc(orders.pickupCode))
    .all()
    .map((r) => ({ ...r, itemCount: Number(r.itemCount) }));
}

/** Every line of every order of the day, for the order-items CSV. */
export function listOrderItemsForExport({
  marketId,
  marketDayId,
}: {
  marketId: number;
  marketDayId: number;
}) {
  return db()
    .select({
      pickupCode: orders.pickupCode,
      orderStatus: orders.status,
      paymentMethod: orders.paymentMethod,
      farmName: producers.farmName,
      productName: orderItems.productName,
      unit: orderItems.unit,
      unitPriceCents: orderItems.unitPriceCents,
      quantity: orderItems.quantity,
      shareCents: orderItems.shareCents,
      bundleName: orderBundles.name,
      deliveredQuantity: orderItems.deliveredQuantity,
      fulfilment: orderItems.fulfilment,
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .leftJoin(orderBundles, eq(orderBundles.id, orderItems.orderBundleId))
    .innerJoin(pickupSlots, eq(pickupSlots.id, orders.slotId))
    .innerJoin(producers, eq(producers.id, orderItems.producerId))
    .where(and(eq(orders.marketId, marketId), eq(orders.marketDayId, marketDayId)))
    .orderBy(asc(pickupSlots.startsAt), asc(orders.pickupCode), asc(orderItems.productName))
    .all();
}
