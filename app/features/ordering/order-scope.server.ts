/**
 * Which orders a day's sheet, list or desk query reads, and which a person still holds (each
 * one condition, written once), and the joins those queries share: an order with its consumer and pickup slot, an order line with its
 * order, producer and (when it came in one) family basket.
 */
import { and, eq, inArray, type SQL } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/sqlite-core";
import {
  orderBundles,
  orderItems,
  orders,
  pickupSlots,
  producers,
  users,
} from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import type { JoinedSelect } from "../../infra/joined-select";
import { ACTIVE_ORDER_STATUSES } from "./order-status";

/**
 * The orders of one market day of one market, and whatever `also` narrows them to (a status
 * group, a producer). The market is checked beside the day, so a day id of another market
 * finds nothing.
 */
export function ordersOfDay(marketId: number, marketDayId: number, ...also: (SQL | undefined)[]) {
  return and(eq(orders.marketId, marketId), eq(orders.marketDayId, marketDayId), ...also);
}

/**
 * A person's orders that still hold stock (ACTIVE): what counts against their per-customer
 * limits, and the orders they may still change or cancel.
 */
export function activeOrdersOf(consumerId: number) {
  return and(eq(orders.consumerId, consumerId), inArray(orders.status, ACTIVE_ORDER_STATUSES));
}

/** Orders with the person who placed them (`users`) and their pickup slot. */
export function selectOrdersWithPickup<S extends SelectedFields>(
  fields: S,
  { tx = db() }: { tx?: Tx } = {},
) {
  const wide: SelectedFields = fields;
  const query = tx
    .select(wide)
    .from(orders)
    .innerJoin(users, eq(users.id, orders.consumerId))
    .innerJoin(pickupSlots, eq(pickupSlots.id, orders.slotId));
  return query as unknown as JoinedSelect<S, "orders", "users" | "pickup_slots">;
}

/** Order lines with their order, producer and family basket (null for a line bought alone). */
export function selectOrderLines<S extends SelectedFields>(fields: S) {
  const wide: SelectedFields = fields;
  const query = db()
    .select(wide)
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .innerJoin(producers, eq(producers.id, orderItems.producerId))
    .leftJoin(orderBundles, eq(orderBundles.id, orderItems.orderBundleId));
  return query as unknown as JoinedSelect<
    S,
    "order_items",
    "orders" | "producers",
    "order_bundles"
  >;
}
