/**
 * Handing an order over at the pickup desk (whole or in part, taking the cash) and marking a
 * no-show. Each is one IMMEDIATE transaction with its audit row, retried taps done once: see
 * desk-transaction.server.ts.
 */
import { eq } from "drizzle-orm";
import { deliveredCents } from "../ordering/line-value";
import { givenBackCentsOf } from "./cash";
import { orderItems, pickupSlots } from "../../../db/schema";
import { recordAudit } from "../../infra/audit.server";
import {
  DeskRefusal,
  loadPendingOrder,
  moveOrder,
  releaseUnits,
  runDeskAction,
  snapshotOf,
  type ActionInput,
  type DeskResult,
} from "./desk-transaction.server";

/**
 * Hands an order over: `delivered` maps each item id to the units handed over (missing items
 * are delivered whole). Short units are released, the total is what was delivered, and for a
 * cash order the cash received (the exact total when not given) is recorded with the change.
 * A Yape/Plin order was paid before (verified): nothing is collected, and handed over short the
 * difference paid − handed over is given back to the family (`givenBackCents` in the audit
 * row), which is not cash taken at the desk.
 */
export function recordPickup(
  input: ActionInput & { delivered: Map<number, number>; cashReceivedCents: number | null },
): DeskResult {
  return runDeskAction(input, (tx, now) => {
    const order = loadPendingOrder(tx, input);
    const items = tx.select().from(orderItems).where(eq(orderItems.orderId, order.id)).all();
    const before = snapshotOf(order, items);
    const handed = items.map((item) => {
      const wanted = input.delivered.get(item.id) ?? item.quantity;
      return { item, delivered: Math.max(0, Math.min(item.quantity, wanted)) };
    });
    if (handed.every((h) => h.delivered === 0)) {
      throw new DeskRefusal({ ok: false, error: "nothingDelivered" });
    }
    const totalCents = handed.reduce((sum, h) => sum + deliveredCents(h.item, h.delivered), 0);
    const cash = order.paymentMethod === "cash";
    const received = cash ? (input.cashReceivedCents ?? totalCents) : null;
    if (received !== null && received < totalCents) {
      throw new DeskRefusal({ ok: false, error: "cashShort", totalCents });
    }
    const whole = handed.every((h) => h.delivered === h.item.quantity);
    moveOrder(tx, order.id, "confirmed", {
      status: whole ? "picked_up" : "partially_picked_up",
      totalCents,
      pickedUpAt: now,
      ...(cash ? { cashReceivedCents: received, paymentStatus: "paid" as const } : {}),
    });
    for (const { item, delivered } of handed) {
      tx.update(orderItems)
        .set({
          deliveredQuantity: delivered,
          fulfilment: delivered === item.quantity ? "delivered" : "short",
        })
        .where(eq(orderItems.id, item.id))
        .run();
    }
    before.released = handed.map((h) => ({
      offerId: h.item.offerId,
      units: h.item.quantity - h.delivered,
    }));
    releaseUnits(tx, before.released);
    const changeCents = received === null ? null : received - totalCents;
    const givenBackCents = givenBackCentsOf(order, totalCents);
    recordAudit(tx, {
      marketId: input.marketId,
      actorUserId: input.actorUserId,
      action: "desk.pickup",
      entityType: "order",
      entityId: order.id,
      requestKey: input.requestKey,
      data: {
        totalCents,
        changeCents,
        cashReceivedCents: received,
        ...(givenBackCents === null ? {} : { givenBackCents }),
        whole,
        before,
      },
    });
    return {
      ok: true,
      repeated: false,
      action: "desk.pickup",
      totalCents,
      changeCents,
      givenBackCents,
    };
  });
}

/** Marks an order not collected once its slot is over, and gives its units back. */
export function markNoShow(input: ActionInput): DeskResult {
  return runDeskAction(input, (tx, now) => {
    const order = loadPendingOrder(tx, input);
    const slot = tx.select().from(pickupSlots).where(eq(pickupSlots.id, order.slotId)).get()!;
    if (slot.endsAt > now) throw new DeskRefusal({ ok: false, error: "slotNotOver" });
    const items = tx.select().from(orderItems).where(eq(orderItems.orderId, order.id)).all();
    const before = snapshotOf(order, items);
    moveOrder(tx, order.id, "confirmed", { status: "no_show" });
    before.released = items.map((i) => ({ offerId: i.offerId, units: i.quantity }));
    releaseUnits(tx, before.released);
    recordAudit(tx, {
      marketId: input.marketId,
      actorUserId: input.actorUserId,
      action: "desk.no_show",
      entityType: "order",
      entityId: order.id,
      requestKey: input.requestKey,
      data: { totalCents: order.totalCents, before },
    });
    return {
      ok: true,
      repeated: false,
      action: "desk.no_show",
      totalCents: order.totalCents,
      changeCents: null,
    };
  });
}
