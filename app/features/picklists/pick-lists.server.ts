/**
 * Pick lists: per producer, what to bring to a market day and how to pack it, order by order.
 * One query serves the coordinator's printed sheets (every producer of the market) and a
 * producer's own "qué llevar" page (`producerId`), so both always count the same units.
 */
import { asc, eq, inArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import {
  orderBundles,
  orderItems,
  orders,
  pickupSlots,
  producers,
  users,
  type Unit,
} from "../../../db/schema";
import { lastGroupOr } from "../../lib/group";
import { STANDING_ORDER_STATUSES } from "../ordering/order-status";
import { ordersOfDay, selectOrderLines } from "../ordering/order-scope.server";

export type ProducerPickList = {
  producerId: number;
  farmName: string;
  producerName: string;
  community: string;
  province: string;
  totals: PickTotal[];
  /** In pickup order: by slot, then by pickup code. */
  orders: PickOrder[];
};

/** What to bring of one product; `inBundles`, when present, is the part going into family baskets. */
export type PickTotal = { productName: string; unit: Unit; quantity: number; inBundles?: number };

export type PickOrder = {
  pickupCode: string;
  consumerFirstName: string;
  slotStartsAt: Date;
  slotEndsAt: Date;
  items: PickItem[];
};

/** A line to pack; `bundle` when its units go into that many of the order's family baskets. */
export type PickItem = {
  productName: string;
  unit: Unit;
  quantity: number;
  bundle: { name: string; count: number } | null;
};

/** Adds a line to a pick list's totals (one row per product and unit, basket units counted apart). */
function addToPickTotals(totals: PickTotal[], item: PickItem) {
  let total = totals.find((t) => t.productName === item.productName && t.unit === item.unit);
  if (!total) {
    total = { productName: item.productName, unit: item.unit, quantity: 0 };
    totals.push(total);
  }
  total.quantity += item.quantity;
  // Only present when some units go into baskets, so a day without baskets reads as before.
  if (item.bundle) total.inBundles = (total.inBundles ?? 0) + item.quantity;
}

const consumers = alias(users, "consumer");

/**
 * The pick lists of a market day of the market (what to bring, then order by order in pickup
 * order), one per producer with something to pack, by farm name; with `producerId`, only that
 * producer's (an empty array when nothing is reserved from them). One query whatever the
 * number of producers and orders.
 */
export function getPickLists({
  marketId,
  marketDayId,
  producerId,
}: {
  marketId: number;
  marketDayId: number;
  producerId?: number;
}): ProducerPickList[] {
  const rows = selectOrderLines({
    producerId: producers.id,
    farmName: producers.farmName,
    community: producers.community,
    province: producers.province,
    producerName: users.name,
    pickupCode: orders.pickupCode,
    consumerName: consumers.name,
    slotStartsAt: pickupSlots.startsAt,
    slotEndsAt: pickupSlots.endsAt,
    productName: orderItems.productName,
    unit: orderItems.unit,
    quantity: orderItems.quantity,
    bundleName: orderBundles.name,
    bundleCount: orderBundles.quantity,
  })
    .innerJoin(pickupSlots, eq(pickupSlots.id, orders.slotId))
    .innerJoin(users, eq(users.id, producers.userId))
    .innerJoin(consumers, eq(consumers.id, orders.consumerId))
    .where(
      ordersOfDay(
        marketId,
        marketDayId,
        producerId === undefined ? undefined : eq(orderItems.producerId, producerId),
        // A producer packs for orders still reserved, or already (partly) handed over.
        inArray(orders.status, STANDING_ORDER_STATUSES),
      ),
    )
    .orderBy(
      asc(producers.id),
      asc(pickupSlots.startsAt),
      asc(orders.pickupCode),
      asc(orderItems.productName),
      // A product bought alone before the same product inside a basket.
      sql`${orderItems.orderBundleId} IS NOT NULL`,
      asc(orderItems.orderBundleId),
    )
    .all();

  const lists: ProducerPickList[] = [];
  for (const row of rows) {
    const list = lastGroupOr(
      lists,
      (l) => l.producerId === row.producerId,
      () => ({
        producerId: row.producerId,
        farmName: row.farmName,
        producerName: row.producerName,
        community: row.community,
        province: row.province,
        totals: [],
        orders: [],
      }),
    );
    const order = lastGroupOr(
      list.orders,
      (o) => o.pickupCode === row.pickupCode,
      () => ({
        pickupCode: row.pickupCode,
        consumerFirstName: row.consumerName.split(" ")[0],
        slotStartsAt: row.slotStartsAt,
        slotEndsAt: row.slotEndsAt,
        items: [],
      }),
    );
    const item: PickItem = {
      productName: row.productName,
      unit: row.unit,
      quantity: row.quantity,
      bundle:
        row.bundleName === null || row.bundleCount === null
          ? null
          : { name: row.bundleName, count: row.bundleCount },
    };
    order.items.push(item);
    addToPickTotals(list.totals, item);
  }
  for (const list of lists) {
    list.totals.sort((a, b) => a.productName.localeCompare(b.productName, "es"));
  }
  // Spanish order (Ñ after N, accents ignored), which SQLite's byte order does not give.
  return lists.sort((a, b) => a.farmName.localeCompare(b.farmName, "es"));
}
