/** Undoing a mistaken desk tap within UNDO_WINDOW_MS. */
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { auditLog, offers, orderItems } from "../../../db/schema";
import { recordAudit } from "../../infra/audit.server";
import type { Tx } from "../../infra/db.server";
import {
  DESK_ACTIONS,
  DeskRefusal,
  loadOrder,
  moveOrder,
  runDeskAction,
  UNDO_WINDOW_MS,
  type ActionInput,
  type DeskResult,
  type Snapshot,
} from "./desk-transaction.server";

/**
 * Puts an order back as it was before its latest desk action, if that was less than
 * UNDO_WINDOW_MS ago. Released units are taken again only if they are still free.
 */
export function undoDeskAction(input: ActionInput): DeskResult {
  return runDeskAction(input, (tx, now) => {
    const order = loadOrder(tx, input);
    const last = tx
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.marketId, input.marketId),
          eq(auditLog.entityType, "order"),
          eq(auditLog.entityId, String(order.id)),
          inArray(auditLog.action, [...DESK_ACTIONS]),
          isNull(auditLog.undoneAt),
        ),
      )
      .orderBy(desc(auditLog.id))
      .get();
    if (!last) throw new DeskRefusal({ ok: false, error: "nothingToUndo" });
    if (now.getTime() - last.createdAt.getTime() >= UNDO_WINDOW_MS) {
      throw new DeskRefusal({ ok: false, error: "undoExpired" });
    }
    const { before } = JSON.parse(last.data) as { before: Snapshot };
    retakeUnits(tx, before.released);
    moveOrder(tx, order.id, order.status, {
      ...before.order,
      pickedUpAt: before.order.pickedUpAt === null ? null : new Date(before.order.pickedUpAt),
    });
    for (const item of before.items) {
      tx.update(orderItems)
        .set({
          deliveredQuantity: item.deliveredQuantity,
          fulfilment: item.fulfilment as (typeof orderItems.$inferSelect)["fulfilment"],
        })
        .where(and(eq(orderItems.id, item.id), eq(orderItems.orderId, order.id)))
        .run();
    }
    tx.update(auditLog).set({ undoneAt: now }).where(eq(auditLog.id, last.id)).run();
    recordAudit(tx, {
      marketId: input.marketId,
      actorUserId: input.actorUserId,
      action: "desk.undo",
      entityType: "order",
      entityId: order.id,
      requestKey: input.requestKey,
      data: { undid: last.id, undidAction: last.action, totalCents: before.order.totalCents },
    });
    return {
      ok: true,
      repeated: false,
      action: "desk.undo",
      totalCents: before.order.totalCents,
      changeCents: null,
    };
  });
}

/** Takes released units again, only where the offer still has them free. */
function retakeUnits(tx: Tx, released: Snapshot["released"]) {
  for (const { offerId, units } of released) {
    if (units === 0) continue;
    const taken = tx
      .update(offers)
      .set({ reserved: sql`${offers.reserved} + ${units}` })
      .where(and(eq(offers.id, offerId), sql`${offers.reserved} + ${units} <= ${offers.quantity}`))
      .run();
    if (taken.changes !== 1) throw new DeskRefusal({ ok: false, error: "stockGone" });
  }
}
