/**
 * The copy of a market day the pickup desk downloads ("Preparar la mesa") to work without a
 * signal, and the version stamp that tells the sync whether an order changed since.
 */
import crypto from "node:crypto";
import { and, asc, eq, inArray } from "drizzle-orm";
import {
  marketDays,
  orderItems,
  orders,
  pickupSlots,
  users,
  type Order,
} from "../../../../db/schema";
import { db } from "../../../infra/db.server";
import {
  ordersOfDay,
  selectOrderLines,
  selectOrdersWithPickup,
} from "../../ordering/order-scope.server";
import type { DeskCopy, DeskCopyItem } from "./desk-copy";
import { deskLineColumns, deskLineOrder } from "../desk-search.server";

type Stamped = Pick<Order, "status" | "totalCents" | "paymentMethod" | "paymentStatus">;

/**
 * What an action recorded offline relied on: the order's status, total and payment, and each
 * item's quantity. Any of these changing on the server (a cancellation, a card payment, a
 * quantity edited) makes the queued action a "changed meanwhile" conflict.
 */
export function versionStamp(order: Stamped, items: { id: number; quantity: number }[]): string {
  const lines = [...items].sort((a, b) => a.id - b.id).map((i) => `${i.id}:${i.quantity}`);
  const basis = [
    order.status,
    order.totalCents,
    order.paymentMethod,
    order.paymentStatus,
    ...lines,
  ];
  return crypto.createHash("sha256").update(basis.join("|")).digest("base64url").slice(0, 22);
}

/** The current stamp of one order of this market, or null when the market has no such order. */
export function currentVersion(marketId: number, orderId: number) {
  const order = db()
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.marketId, marketId)))
    .get();
  if (!order) return null;
  const items = db()
    .select({ id: orderItems.id, quantity: orderItems.quantity })
    .from(orderItems)
    .where(eq(orderItems.orderId, orderId))
    .all();
  return { order, version: versionStamp(order, items) };
}

/** Every order of one market day of this market, as the desk needs it offline; null if the day is not the market's. */
export function deskDayCopy({
  marketId,
  dayId,
  now = new Date(),
}: {
  marketId: number;
  dayId: number;
  now?: Date;
}): DeskCopy | null {
  const day = db()
    .select({ id: marketDays.id, date: marketDays.date })
    .from(marketDays)
    .where(and(eq(marketDays.id, dayId), eq(marketDays.marketId, marketId)))
    .get();
  if (!day) return null;
  const found = selectOrdersWithPickup({
    order: orders,
    name: users.name,
    phone: users.phone,
    slotStartsAt: pickupSlots.startsAt,
    slotEndsAt: pickupSlots.endsAt,
  })
    .where(ordersOfDay(marketId, dayId))
    .orderBy(asc(pickupSlots.startsAt), asc(users.name))
    .all();
  const ids = found.map((f) => f.order.id);
  const lines =
    ids.length === 0
      ? []
      : selectOrderLines({ orderId: orderItems.orderId, ...deskLineColumns })
          .where(inArray(orderItems.orderId, ids))
          .orderBy(...deskLineOrder)
          .all();
  const itemsOf = new Map<number, DeskCopyItem[]>();
  for (const { orderId, ...item } of lines) {
    itemsOf.set(orderId, [...(itemsOf.get(orderId) ?? []), item]);
  }
  return {
    marketId,
    dayId: day.id,
    date: day.date,
    downloadedAt: now.toISOString(),
    orders: found.map(({ order, name, phone, slotStartsAt, slotEndsAt }) => {
      const items = itemsOf.get(order.id) ?? [];
      return {
        id: order.id,
        code: order.pickupCode,
        name,
        phoneEnd: phone ? phone.replace(/\D/g, "").slice(-3) : null,
        slotStartsAt: slotStartsAt.toISOString(),
        slotEndsAt: slotEndsAt.toISOString(),
        status: order.status,
        paymentMethod: order.paymentMethod,
        paymentStatus: order.paymentStatus,
        totalCents: order.totalCents,
        cashReceivedCents: order.cashReceivedCents,
        items,
        version: versionStamp(order, items),
      };
    }),
  };
}
