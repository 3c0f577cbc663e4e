/** Cancelling a market day: its orders, their stock and slots, and the messages to consumers. */
import { and, eq, inArray, sql } from "drizzle-orm";
import { offers, orderItems, orders, pickupSlots, users } from "../../../db/schema";
import { queueNotification } from "../notifications/notifications.server";
import { recordAudit } from "../../infra/audit.server";
import type { Tx } from "../../infra/db.server";
import { ACTIVE_ORDER_STATUSES, REACHED_DESK_ORDER_STATUSES } from "../ordering/order-status";
import { changeOwnDay, updateOwnDay, type Actor } from "./day-transaction.server";
import { ordersOfDay } from "../ordering/order-scope.server";
import { lapseWaitingProofs } from "../wallet/proof-lapse.server";

export type CancelResult =
  | { ok: true; cancelledOrders: number; cardPaidOrders: number; alreadyCancelled: boolean }
  | { ok: false; error: "notFound" | "completed" | "handedOver" };

/**
 * Cancels a market day in one IMMEDIATE transaction: every active order is cancelled, its
 * units go back to their offers and its slot is freed, one message per order is queued in the
 * notification outbox, and the day becomes "cancelled". A second cancel finds nothing active
 * and the outbox's dedupe key stops any message being queued twice.
 * Card-paid orders are cancelled too; refunding them is the payments issue's job (counted here).
 */
export function cancelMarketDay({
  marketId,
  actorUserId,
  dayId,
  now = new Date(),
}: Actor & { dayId: number; now?: Date }): CancelResult {
  return changeOwnDay({ marketId, dayId }, (tx, day): CancelResult => {
    if (day.status === "completed") return { ok: false, error: "completed" };
    // Once the desk has handed orders over (or marked no-shows) the day has taken place: its
    // sales are settled with producers, so it is closed or completed, never cancelled.
    const handedOver = tx
      .select({ id: orders.id })
      .from(orders)
      .where(
        and(eq(orders.marketDayId, dayId), inArray(orders.status, REACHED_DESK_ORDER_STATUSES)),
      )
      .limit(1)
      .get();
    if (handedOver) return { ok: false, error: "handedOver" };
    const active = tx
      .select({
        id: orders.id,
        slotId: orders.slotId,
        pickupCode: orders.pickupCode,
        paymentMethod: orders.paymentMethod,
        paymentStatus: orders.paymentStatus,
        consumerId: orders.consumerId,
        locale: users.locale,
      })
      .from(orders)
      .innerJoin(users, eq(users.id, orders.consumerId))
      .where(ordersOfDay(marketId, dayId, inArray(orders.status, ACTIVE_ORDER_STATUSES)))
      .all();
    if (day.status === "cancelled" && active.length === 0) {
      return { ok: true, cancelledOrders: 0, cardPaidOrders: 0, alreadyCancelled: true };
    }
    const orderIds = active.map((o) => o.id);
    releaseStock(tx, orderIds);
    releaseSlots(tx, active);
    lapseWaitingProofs(tx, orderIds, now);
    if (orderIds.length > 0) {
      tx.update(orders)
        .set({
          status: "cancelled",
          cancelledAt: now,
          updatedAt: now,
          // An unpaid hold is no longer waiting for a payment (as cancelOrder does); a paid
          // one stays "paid": the refund job refunds a card, the treasurer gives Yape/Plin back.
          paymentStatus: sql`CASE WHEN ${orders.paymentStatus} = 'pending' THEN 'unpaid' ELSE ${orders.paymentStatus} END`,
        })
        .where(and(inArray(orders.id, orderIds), inArray(orders.status, ACTIVE_ORDER_STATUSES)))
        .run();
      for (const o of active) {
        queueNotification(tx, {
          userId: o.consumerId,
          template: "market_day_cancelled",
          payload: { date: day.date, pickupCode: o.pickupCode, locale: o.locale },
          dedupeKey: `market-day-cancelled:${dayId}:${o.id}`,
        });
      }
    }
    updateOwnDay(tx, { marketId, dayId }, { status: "cancelled" });
    const cardPaid = active.filter((o) => o.paymentMethod === "card" && o.paymentStatus === "paid");
    recordAudit(tx, {
      marketId,
      actorUserId,
      action: "market_day.cancel",
      entityType: "market_day",
      entityId: dayId,
      data: {
        statusBefore: day.status,
        cancelledOrderIds: orderIds,
        // Refunds come with the payments issue; these orders need one.
        cardPaidOrderIds: cardPaid.map((o) => o.id),
        // Yape/Plin money the treasurer gives back by hand (the dashboard lists it).
        walletPaidOrderIds: active
          .filter((o) => o.paymentMethod === "yape_plin" && o.paymentStatus === "paid")
          .map((o) => o.id),
      },
    });
    return {
      ok: true,
      cancelledOrders: orderIds.length,
      cardPaidOrders: cardPaid.length,
      alreadyCancelled: false,
    };
  }) as CancelResult;
}

/** Gives every item's units back to its offer: one UPDATE per offer, summed over the orders. */
function releaseStock(tx: Tx, orderIds: number[]) {
  if (orderIds.length === 0) return;
  const perOffer = tx
    .select({ offerId: orderItems.offerId, quantity: sql<number>`sum(${orderItems.quantity})` })
    .from(orderItems)
    .where(inArray(orderItems.orderId, orderIds))
    .groupBy(orderItems.offerId)
    .all();
  for (const { offerId, quantity } of perOffer) {
    tx.update(offers)
      .set({ reserved: sql`${offers.reserved} - ${quantity}` })
      .where(eq(offers.id, offerId))
      .run();
  }
}

/** Frees one booking per order in its slot: one UPDATE per slot. */
function releaseSlots(tx: Tx, active: { slotId: number }[]) {
  const perSlot = new Map<number, number>();
  for (const { slotId } of active) perSlot.set(slotId, (perSlot.get(slotId) ?? 0) + 1);
  for (const [slotId, n] of perSlot) {
    tx.update(pickupSlots)
      .set({ booked: sql`${pickupSlots.booked} - ${n}` })
      .where(eq(pickupSlots.id, slotId))
      .run();
  }
}
