/**
 * A market day's orders on paper and in files: the pickup list per slot, and the rows of the
 * orders and order-items CSV files. Every query names the coordinator's market.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import {
  marketDays,
  orderBundles,
  orderItems,
  orders,
  pickupSlots,
  producers,
  users,
} from "../../../db/schema";
import { db } from "../../infra/db.server";
import { DESK_ORDER_STATUSES } from "../ordering/order-status";
import {
  ordersOfDay,
  selectOrderLines,
  selectOrdersWithPickup,
} from "../ordering/order-scope.server";

/** Lines of an order: each item bought alone, and each family basket as one (as /pedidos counts). */
const itemCount = sql<number>`(SELECT count(*) FROM ${orderItems} WHERE ${orderItems.orderId} = ${orders.id} AND ${orderItems.orderBundleId} IS NULL)
  + (SELECT count(*) FROM ${orderBundles} WHERE ${orderBundles.orderId} = ${orders.id})`;

/** One market day of the coordinator's own market: every query below is scoped by both. */
type DayScope = { marketId: number; marketDayId: number };

/** Each pickup slot of the day with its orders, for the paper list at the desk. Two queries. */
export function getPickupLists({ marketId, marketDayId }: DayScope) {
  const slots = db()
    .select({ id: pickupSlots.id, startsAt: pickupSlots.startsAt, endsAt: pickupSlots.endsAt })
    .from(pickupSlots)
    .innerJoin(marketDays, eq(marketDays.id, pickupSlots.marketDayId))
    .where(and(eq(pickupSlots.marketDayId, marketDayId), eq(marketDays.marketId, marketId)))
    .orderBy(asc(pickupSlots.startsAt))
    .all();
  const rows = selectOrdersWithPickup({
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
    .where(ordersOfDay(marketId, marketDayId, inArray(orders.status, DESK_ORDER_STATUSES)))
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
export function listOrdersForExport({ marketId, marketDayId }: DayScope) {
  return selectOrdersWithPickup({
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
    .where(ordersOfDay(marketId, marketDayId))
    .orderBy(asc(pickupSlots.startsAt), asc(orders.pickupCode))
    .all()
    .map((r) => ({ ...r, itemCount: Number(r.itemCount) }));
}

/** Every line of every order of the day, for the order-items CSV. */
export function listOrderItemsForExport({ marketId, marketDayId }: DayScope) {
  return selectOrderLines({
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
    .innerJoin(pickupSlots, eq(pickupSlots.id, orders.slotId))
    .where(ordersOfDay(marketId, marketDayId))
    .orderBy(
      asc(pickupSlots.startsAt),
      asc(orders.pickupCode),
      asc(orderItems.productName),
      // A product bought alone before the same product inside a basket.
      sql`${orderItems.orderBundleId} IS NOT NULL`,
      asc(orderItems.id),
    )
    .all();
}
