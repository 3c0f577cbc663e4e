/** A consumer's orders as their pages show them, and the slots they can choose. */
import { and, desc, eq, sql } from "drizzle-orm";
import {
  marketDays,
  orderBundles,
  orderItems,
  orders,
  pickupSlots,
  producers,
} from "../../../db/schema";
import { db } from "../../infra/db.server";
import { slotsOfDay } from "../market-days/slots.server";

/** A consumer's own order by pickup code (the latest if a code recurs on another day). */
export function findOwnOrderByCode({ consumerId, code }: { consumerId: number; code: string }) {
  return db()
    .select()
    .from(orders)
    .where(and(eq(orders.consumerId, consumerId), eq(orders.pickupCode, code.toUpperCase())))
    .orderBy(desc(orders.createdAt))
    .limit(1)
    .get();
}

/** Everything the order page shows, for the consumer who owns it. Five queries. */
export function getOrderDetails({ consumerId, code }: { consumerId: number; code: string }) {
  const order = findOwnOrderByCode({ consumerId, code });
  if (!order) return null;
  const day = db().select().from(marketDays).where(eq(marketDays.id, order.marketDayId)).get()!;
  const slot = db().select().from(pickupSlots).where(eq(pickupSlots.id, order.slotId)).get()!;
  const items = db()
    .select({
      offerId: orderItems.offerId,
      productName: orderItems.productName,
      unit: orderItems.unit,
      unitPriceCents: orderItems.unitPriceCents,
      quantity: orderItems.quantity,
      shareCents: orderItems.shareCents,
      orderBundleId: orderItems.orderBundleId,
      producerId: orderItems.producerId,
      farmName: producers.farmName,
      producerSlug: producers.slug,
      community: producers.community,
    })
    .from(orderItems)
    .innerJoin(producers, eq(producers.id, orderItems.producerId))
    .where(eq(orderItems.orderId, order.id))
    .orderBy(producers.farmName, orderItems.productName)
    .all();
  return { order, day, slot, items, baskets: orderBundlesOf(order.id) };
}

/** The family baskets in an order; their contents are the items that point to them. */
export function orderBundlesOf(orderId: number) {
  return db()
    .select()
    .from(orderBundles)
    .where(eq(orderBundles.orderId, orderId))
    .orderBy(orderBundles.id)
    .all();
}

/** A consumer's orders, newest market day first. */
export function listOwnOrders(consumerId: number) {
  return db()
    .select({
      pickupCode: orders.pickupCode,
      status: orders.status,
      totalCents: orders.totalCents,
      paymentMethod: orders.paymentMethod,
      date: marketDays.date,
      slotStartsAt: pickupSlots.startsAt,
      // A family basket counts as one line, like an item bought alone.
      itemCount: sql<number>`(SELECT count(*) FROM ${orderItems} WHERE ${orderItems.orderId} = ${orders.id} AND ${orderItems.orderBundleId} IS NULL)
        + (SELECT count(*) FROM ${orderBundles} WHERE ${orderBundles.orderId} = ${orders.id})`,
    })
    .from(orders)
    .innerJoin(marketDays, eq(marketDays.id, orders.marketDayId))
    .innerJoin(pickupSlots, eq(pickupSlots.id, orders.slotId))
    .where(eq(orders.consumerId, consumerId))
    .orderBy(desc(marketDays.date), desc(orders.createdAt))
    .all();
}

/** Slots of a market day with places left, for the checkout and order pages. */
export function listSlots(marketDayId: number) {
  return slotsOfDay(db(), marketDayId).map((s) => ({ ...s, left: s.capacity - s.booked }));
}
