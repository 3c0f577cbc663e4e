/**
 * A consumer changing or cancelling their own order before the cutoff, and giving an order's
 * stock and slot place back. Each change is one IMMEDIATE transaction: the old reservation is
 * given back and the new one taken through the reservation's own checks
 * (availability.server.ts), or nothing changes.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import {
  offers,
  orderItems,
  orders,
  pickupSlots,
  type MarketDay,
  type Order,
} from "../../../db/schema";
import type { Tx } from "../../infra/db.server";
import { orderWindow } from "../market-days/markets.server";
import { queueNotification } from "../notifications/notifications.server";
import {
  bookSlot,
  openMarketDay,
  Refusal,
  reserveLines,
  retakeUnits,
  runRefusable,
  type ReserveFailure,
} from "./availability.server";
import { lineCents } from "./line-value";
import { lapseWaitingProofs } from "../wallet/proof-lapse.server";
import { mergeLines, type CartLine } from "./order-lines";
import { orderEndedMessage } from "./order-messages.server";
import { ACTIVE_ORDER_STATUSES, inGroup } from "./order-status";
import { activeOrdersOf } from "./order-scope.server";

/**
 * What a consumer may still do to their order: cancel it while it holds its stock and place and
 * its market day takes orders; change it too when they pay cash (a card order's amount is what
 * Stripe charged or is charging, so it can only be cancelled and refunded). cancelOrder and
 * changeOrder refuse anything else; the order page offers no more than this.
 */
export function allowedChanges(
  order: Pick<Order, "status" | "paymentMethod">,
  day: Pick<MarketDay, "status" | "ordersOpenAt" | "cutoffAt">,
  now = new Date(),
): { cancel: boolean; change: boolean } {
  const cancel = inGroup(ACTIVE_ORDER_STATUSES, order.status) && orderWindow(day, now) === "open";
  return { cancel, change: cancel && order.paymentMethod === "cash" };
}

/** Gives back an order's stock and slot place (inside a caller's transaction). */
export function releaseOrder(tx: Tx, order: Order) {
  const items = tx.select().from(orderItems).where(eq(orderItems.orderId, order.id)).all();
  for (const item of items) {
    tx.update(offers)
      .set({ reserved: sql`${offers.reserved} - ${item.quantity}` })
      .where(eq(offers.id, item.offerId))
      .run();
  }
  tx.update(pickupSlots)
    .set({ booked: sql`${pickupSlots.booked} - 1` })
    .where(eq(pickupSlots.id, order.slotId))
    .run();
  return items;
}

/**
 * An active order of this consumer whose market day still takes changes (null when there is no
 * such order), or a Refusal: "closed" past the cutoff, "paid" for changing a card order
 * (allowedChanges).
 */
function changeableOrder(
  tx: Tx,
  {
    consumerId,
    orderId,
    now,
    forCancel = false,
  }: { consumerId: number; orderId: number; now: Date; forCancel?: boolean },
) {
  const order = tx
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), activeOrdersOf(consumerId)))
    .get();
  if (!order) return null;
  const day = openMarketDay(order.marketDayId, now);
  if (!forCancel && !allowedChanges(order, day, now).change) {
    throw new Refusal({ ok: false, error: "paid" });
  }
  return order;
}

export type ChangeResult =
  { ok: true; order: Order } | ReserveFailure | { ok: false; error: "notFound" };

/**
 * Cancels a consumer's own order before the cutoff, giving back stock and slot at once. An
 * order paid by card keeps its payment "paid" here: the refund job
 * (payments/payment-jobs.server.ts) refunds every cancelled order whose payment is still paid,
 * outside any transaction. An unpaid card hold becomes "unpaid"; if Stripe still completes it,
 * the webhook refunds it.
 */
export function cancelOrder({
  consumerId,
  orderId,
  now = new Date(),
}: {
  consumerId: number;
  orderId: number;
  now?: Date;
}): ChangeResult {
  return runRefusable((tx): ChangeResult => {
    const order = changeableOrder(tx, { consumerId, orderId, now, forCancel: true });
    if (!order) return { ok: false, error: "notFound" };
    releaseOrder(tx, order);
    const lapsed = lapseWaitingProofs(tx, [order.id], now);
    const cancelled = tx
      .update(orders)
      .set({
        status: "cancelled",
        cancelledAt: now,
        updatedAt: now,
        ...(order.paymentStatus === "pending" ? { paymentStatus: "unpaid" as const } : {}),
      })
      .where(eq(orders.id, order.id))
      .returning()
      .get();
    // Yape/Plin money (verified, or maybe sent with a proof nobody checked yet) is given back
    // by the market's treasurer by hand: the message says so in its own words.
    const wallet =
      order.paymentMethod === "yape_plin" && (order.paymentStatus === "paid" || lapsed > 0);
    queueNotification(
      tx,
      orderEndedMessage(tx, order, "cancelled", order.paymentStatus === "paid", wallet),
    );
    return { ok: true, order: cancelled };
  });
}

/**
 * Changes an order's quantities and/or slot before the cutoff, as one transaction: the old
 * reservation is given back and the new one taken, or nothing changes. A line at 0 is removed;
 * an order with no lines left is refused (cancel it instead).
 */
export function changeOrder({
  consumerId,
  orderId,
  lines,
  slotId,
  now = new Date(),
}: {
  consumerId: number;
  orderId: number;
  lines: CartLine[];
  slotId: number;
  now?: Date;
}): ChangeResult {
  const merged = mergeLines(lines);
  return runRefusable((tx): ChangeResult => {
    const order = changeableOrder(tx, { consumerId, orderId, now });
    if (!order) return { ok: false, error: "notFound" };
    const before = releaseOrder(tx, order);
    // Family baskets stay as they were reserved: only lines bought alone change here.
    const alone = before.filter((i) => i.orderBundleId === null);
    const inBundles = before.filter((i) => i.orderBundleId !== null);
    // Only offers already in the order can be changed here; new products go through a new basket.
    const known = new Set(alone.map((i) => i.offerId));
    const kept = merged.filter((l) => known.has(l.offerId));
    if (kept.length === 0 && inBundles.length === 0) {
      throw new Refusal({ ok: false, error: "empty" });
    }
    // The baskets' units first: they were given back a moment ago, so they fit, and the lines
    // bought alone are then checked against what is left after them.
    for (const item of inBundles) retakeUnits(item.offerId, item.quantity, now);
    const items =
      kept.length === 0
        ? []
        : reserveLines({
            consumerId,
            marketDayId: order.marketDayId,
            lines: kept,
            exceptOrderId: order.id,
            alreadyHeld: new Map(alone.map((i) => [i.offerId, i.quantity])),
            now,
          });
    bookSlot(order.marketDayId, slotId);
    tx.delete(orderItems)
      .where(and(eq(orderItems.orderId, order.id), isNull(orderItems.orderBundleId)))
      .run();
    // Prices stay as they were when the order was first made.
    const priceOf = new Map(alone.map((i) => [i.offerId, i.unitPriceCents]));
    const rows = items.map((i) => ({
      ...i,
      orderId: order.id,
      unitPriceCents: priceOf.get(i.offerId)!,
    }));
    if (rows.length > 0) tx.insert(orderItems).values(rows).run();
    const totalCents =
      rows.reduce((sum, i) => sum + lineCents(i), 0) +
      inBundles.reduce((sum, i) => sum + lineCents(i), 0);
    const updated = tx
      .update(orders)
      .set({ slotId, totalCents })
      .where(eq(orders.id, order.id))
      .returning()
      .get();
    return { ok: true, order: updated };
  });
}
