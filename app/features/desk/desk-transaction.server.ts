/**
 * What every pickup-desk action shares (handing over, no-show, undo).
 *
 * The desk runs on a tablet over a weak connection, so every action carries a request key from
 * the form that showed it: a retried tap finds its key in the audit log and changes nothing
 * twice. Each action and its audit row are written in one IMMEDIATE transaction, and each
 * UPDATE is conditional on the state the action started from, so two desks tapping the same
 * order at once cannot both succeed.
 */
import { and, eq, sql } from "drizzle-orm";
import { auditLog, offers, orderItems, orders, type Order } from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import { isOwnRow } from "../../infra/market-scope";

/** How long a desk action can be undone: long enough to notice a slip, short enough to trust. */
export const UNDO_WINDOW_MS = 5 * 60 * 1000;

export const DESK_ACTIONS = ["desk.pickup", "desk.no_show"] as const;

export type DeskFailure = {
  ok: false;
  error:
    | "notFound"
    | "notPending"
    | "notPaid"
    | "slotNotOver"
    | "cashShort"
    | "nothingDelivered"
    | "nothingToUndo"
    | "undoExpired"
    | "stockGone"
    | "keyReused";
  totalCents?: number;
};

export type DeskSuccess = {
  ok: true;
  /** True when this request key had already been handled: nothing was changed again. */
  repeated: boolean;
  action: "desk.pickup" | "desk.no_show" | "desk.undo";
  totalCents: number;
  changeCents: number | null;
  /**
   * Yape/Plin paid before the desk and handed over short: what the desk gives back to the
   * family (paid − handed over). Never cash taken; null otherwise.
   */
  givenBackCents?: number | null;
};

export type DeskResult = DeskSuccess | DeskFailure;

/** Thrown inside a transaction to roll it back and report why. */
export class DeskRefusal extends Error {
  constructor(readonly failure: DeskFailure) {
    super(failure.error);
  }
}

/**
 * One desk action, in an IMMEDIATE transaction: a request key already used answers as it did
 * the first time (replayOf) and does nothing again; a DeskRefusal rolls back and is returned.
 */
export function runDeskAction(
  input: ActionInput,
  work: (tx: Tx, now: Date) => DeskResult,
): DeskResult {
  const now = input.now ?? new Date();
  try {
    return db().transaction((tx) => replayOf(tx, input) ?? work(tx, now), {
      behavior: "immediate",
    });
  } catch (error) {
    if (error instanceof DeskRefusal) return error.failure;
    throw error;
  }
}

export type ActionInput = {
  marketId: number;
  orderId: number;
  actorUserId: number;
  /** From the form that showed the action: the same key twice is one action. */
  requestKey: string;
  now?: Date;
};

/** What an action changed, kept in its audit row so that undo can put it back exactly. */
export type Snapshot = {
  order: Pick<Order, "status" | "totalCents" | "paymentStatus" | "cashReceivedCents"> & {
    pickedUpAt: number | null;
  };
  items: { id: number; deliveredQuantity: number | null; fulfilment: string }[];
  /** Units given back to each offer by the action. */
  released: { offerId: number; units: number }[];
};

/** A key already used: the same action again (nothing to do), or a forged reuse. */
export function replayOf(
  tx: Tx,
  { requestKey, orderId, marketId }: ActionInput,
): DeskResult | null {
  const seen = tx
    .select({
      entityId: auditLog.entityId,
      marketId: auditLog.marketId,
      action: auditLog.action,
      data: auditLog.data,
    })
    .from(auditLog)
    .where(eq(auditLog.requestKey, requestKey))
    .get();
  if (!seen) return null;
  // A key of another order, or of another market, is never "already done" here.
  if (seen.entityId !== String(orderId) || seen.marketId !== marketId) {
    return { ok: false, error: "keyReused" };
  }
  const data = JSON.parse(seen.data) as {
    totalCents?: number;
    changeCents?: number | null;
    givenBackCents?: number | null;
  };
  return {
    ok: true,
    repeated: true,
    action: seen.action as DeskSuccess["action"],
    totalCents: data.totalCents ?? 0,
    changeCents: data.changeCents ?? null,
    givenBackCents: data.givenBackCents ?? null,
  };
}

export function loadOrder(tx: Tx, { marketId, orderId }: { marketId: number; orderId: number }) {
  const order = tx
    .select()
    .from(orders)
    .where(isOwnRow(orders, { marketId, id: orderId }))
    .get();
  if (!order) throw new DeskRefusal({ ok: false, error: "notFound" });
  return order;
}

/**
 * The market's own order, still waiting at the desk (confirmed): what a pickup or no-show needs.
 * An order still waiting for its card payment or for its Yape/Plin proof to be verified is
 * refused as not paid: it is not handed over before.
 */
export function loadPendingOrder(tx: Tx, scope: { marketId: number; orderId: number }) {
  const order = loadOrder(tx, scope);
  if (order.status === "pending_payment") throw new DeskRefusal({ ok: false, error: "notPaid" });
  if (order.status !== "confirmed") throw new DeskRefusal({ ok: false, error: "notPending" });
  return order;
}

export function snapshotOf(order: Order, items: (typeof orderItems.$inferSelect)[]): Snapshot {
  return {
    order: {
      status: order.status,
      totalCents: order.totalCents,
      paymentStatus: order.paymentStatus,
      cashReceivedCents: order.cashReceivedCents,
      pickedUpAt: order.pickedUpAt?.getTime() ?? null,
    },
    items: items.map((i) => ({
      id: i.id,
      deliveredQuantity: i.deliveredQuantity,
      fulfilment: i.fulfilment,
    })),
    released: [],
  };
}

/** Gives units back to offers; an order handed over short no longer holds what it did not take. */
export function releaseUnits(tx: Tx, released: Snapshot["released"]) {
  for (const { offerId, units } of released) {
    if (units === 0) continue;
    tx.update(offers)
      .set({ reserved: sql`${offers.reserved} - ${units}` })
      .where(eq(offers.id, offerId))
      .run();
  }
}

/** Moves the order from `from` to its new state, or refuses if another tap got there first. */
export function moveOrder(tx: Tx, orderId: number, from: Order["status"], values: Partial<Order>) {
  const moved = tx
    .update(orders)
    .set(values)
    .where(and(eq(orders.id, orderId), eq(orders.status, from)))
    .run();
  if (moved.changes !== 1) throw new DeskRefusal({ ok: false, error: "notPending" });
}
