/**
 * The pickup desk on market day: find an order, hand it over (whole or in part), take the cash,
 * mark no-shows, and undo a mistaken tap for a few minutes.
 *
 * The desk runs on a tablet over a weak connection, so every action carries a request key from
 * the form that showed it: a retried tap finds its key in the audit log and changes nothing
 * twice. Each action and its audit row are written in one IMMEDIATE transaction, and each
 * UPDATE is conditional on the state the action started from, so two desks tapping the same
 * order at once cannot both succeed.
 */
import { and, asc, desc, eq, gte, inArray, isNull, ne, sql } from "drizzle-orm";
import { deliveredCents } from "../ordering/line-value";
import {
  auditLog,
  marketDays,
  offers,
  orderBundles,
  orderItems,
  orders,
  pickupSlots,
  producers,
  users,
} from "../../../db/schema";
import { db } from "../../infra/db.server";
import { foldText } from "../../lib/text";
import { limaDateOf } from "../../lib/time";
import { auditHistory, recordAudit, type Tx } from "../../infra/audit.server";
import { PICKUP_CODE_ALPHABET, PICKUP_CODE_LENGTH, type Order } from "../ordering/orders.server";

/** How long a desk action can be undone: long enough to notice a slip, short enough to trust. */
export const UNDO_WINDOW_MS = 5 * 60 * 1000;
const DESK_ACTIONS = ["desk.pickup", "desk.no_show"] as const;

export type DeskFailure = {
  ok: false;
  error:
    | "notFound"
    | "notPending"
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
};
export type DeskResult = DeskSuccess | DeskFailure;

/** Thrown inside a transaction to roll it back and report why. */
class DeskRefusal extends Error {
  constructor(readonly failure: DeskFailure) {
    super(failure.error);
  }
}

function runDeskAction(work: (tx: Tx) => DeskResult): DeskResult {
  try {
    return db().transaction(work, { behavior: "immediate" });
  } catch (error) {
    if (error instanceof DeskRefusal) return error.failure;
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Finding orders

/** The market days the desk may work on: the most recent past ones and the next ones. */
export function listDeskDays({ marketId, now = new Date() }: { marketId: number; now?: Date }) {
  const today = limaDateOf(now);
  const columns = { id: marketDays.id, date: marketDays.date, status: marketDays.status };
  const notCancelled = and(eq(marketDays.marketId, marketId), ne(marketDays.status, "cancelled"));
  const coming = db()
    .select(columns)
    .from(marketDays)
    .where(and(notCancelled, gte(marketDays.date, today)))
    .orderBy(asc(marketDays.date))
    .limit(2)
    .all();
  const past = db()
    .select(columns)
    .from(marketDays)
    .where(and(notCancelled, sql`${marketDays.date} < ${today}`))
    .orderBy(desc(marketDays.date))
    .limit(4)
    .all();
  return [...coming.reverse(), ...past];
}

/** Today's market day if there is one, else the next, else the latest: where the desk starts. */
export function defaultDeskDay(days: ReturnType<typeof listDeskDays>, now = new Date()) {
  const today = limaDateOf(now);
  const upcoming = days.filter((d) => d.date >= today);
  return upcoming.at(-1) ?? days.find((d) => d.date < today);
}

/** What the person typed, read as a pickup code, phone digits, and a name at once. */
export function readDeskQuery(query: string) {
  const compact = query.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const code =
    compact.length === PICKUP_CODE_LENGTH &&
    [...compact].every((c) => PICKUP_CODE_ALPHABET.includes(c))
      ? compact
      : null;
  let digits = query.replace(/\D/g, "");
  if (digits.length > 9 && digits.startsWith("51")) digits = digits.slice(2);
  const name = foldText(query.trim());
  return {
    code,
    phoneDigits: digits.length >= 4 ? digits : null,
    name: name.length >= 2 && /\p{L}/u.test(name) ? name : null,
  };
}

const DESK_RESULTS = 30;

/** Orders of one market day of this market matching a pickup code, phone or name. */
export function searchDeskOrders({
  marketId,
  marketDayId,
  query,
}: {
  marketId: number;
  marketDayId: number;
  query: string;
}) {
  const { code, phoneDigits, name } = readDeskQuery(query);
  const matches = [
    code ? sql`${orders.pickupCode} = ${code}` : null,
    phoneDigits ? sql`${users.phone} LIKE ${`%${phoneDigits}%`}` : null,
    name ? sql`fold(${users.name}) LIKE ${`%${name}%`}` : null,
  ].filter((m) => m !== null);
  if (matches.length === 0) return [];
  return db()
    .select({
      id: orders.id,
      pickupCode: orders.pickupCode,
      status: orders.status,
      totalCents: orders.totalCents,
      paymentMethod: orders.paymentMethod,
      name: users.name,
      phone: users.phone,
      slotStartsAt: pickupSlots.startsAt,
      slotEndsAt: pickupSlots.endsAt,
    })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.consumerId))
    .innerJoin(pickupSlots, eq(pickupSlots.id, orders.slotId))
    .where(
      and(
        eq(orders.marketId, marketId),
        eq(orders.marketDayId, marketDayId),
        sql`(${sql.join(matches, sql` OR `)})`,
      ),
    )
    .orderBy(asc(pickupSlots.startsAt), asc(users.name))
    .limit(DESK_RESULTS)
    .all();
}

/** One order of this market as the desk shows it, or null: items by producer, history, undo. */
export function getDeskOrder({
  marketId,
  orderId,
  now = new Date(),
}: {
  marketId: number;
  orderId: number;
  now?: Date;
}) {
  const found = db()
    .select({ order: orders, name: users.name, phone: users.phone, slot: pickupSlots })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.consumerId))
    .innerJoin(pickupSlots, eq(pickupSlots.id, orders.slotId))
    .where(and(eq(orders.id, orderId), eq(orders.marketId, marketId)))
    .get();
  if (!found) return null;
  const items = db()
    .select({
      id: orderItems.id,
      productName: orderItems.productName,
      unit: orderItems.unit,
      unitPriceCents: orderItems.unitPriceCents,
      quantity: orderItems.quantity,
      shareCents: orderItems.shareCents,
      bundleName: orderBundles.name,
      bundleCount: orderBundles.quantity,
      deliveredQuantity: orderItems.deliveredQuantity,
      fulfilment: orderItems.fulfilment,
      producerId: orderItems.producerId,
      farmName: producers.farmName,
    })
    .from(orderItems)
    .innerJoin(producers, eq(producers.id, orderItems.producerId))
    .leftJoin(orderBundles, eq(orderBundles.id, orderItems.orderBundleId))
    .where(eq(orderItems.orderId, orderId))
    // A product bought alone before the same product inside a basket (they were reserved first).
    .orderBy(asc(producers.farmName), asc(orderItems.productName), asc(orderItems.id))
    .all();
  const history = auditHistory({ marketId, entityType: "order", entityId: orderId });
  const undoable = history.find(
    (h) =>
      (DESK_ACTIONS as readonly string[]).includes(h.action) &&
      h.undoneAt === null &&
      now.getTime() - h.createdAt.getTime() < UNDO_WINDOW_MS,
  );
  return {
    ...found,
    items,
    history,
    undoUntil: undoable ? new Date(undoable.createdAt.getTime() + UNDO_WINDOW_MS) : null,
    noShowAllowed: found.order.status === "confirmed" && found.slot.endsAt <= now,
  };
}

// ---------------------------------------------------------------------------------------------
// Actions

type ActionInput = {
  marketId: number;
  orderId: number;
  actorUserId: number;
  /** From the form that showed the action: the same key twice is one action. */
  requestKey: string;
  now?: Date;
};

/** What an action changed, kept in its audit row so that undo can put it back exactly. */
type Snapshot = {
  order: Pick<Order, "status" | "totalCents" | "paymentStatus" | "cashReceivedCents"> & {
    pickedUpAt: number | null;
  };
  items: { id: number; deliveredQuantity: number | null; fulfilment: string }[];
  /** Units given back to each offer by the action. */
  released: { offerId: number; units: number }[];
};

/** A key already used: the same action again (nothing to do), or a forged reuse. */
function replayOf(tx: Tx, { requestKey, orderId, marketId }: ActionInput): DeskResult | null {
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
  const data = JSON.parse(seen.data) as { totalCents?: number; changeCents?: number | null };
  return {
    ok: true,
    repeated: true,
    action: seen.action as DeskSuccess["action"],
    totalCents: data.totalCents ?? 0,
    changeCents: data.changeCents ?? null,
  };
}

function loadOrder(tx: Tx, { marketId, orderId }: { marketId: number; orderId: number }) {
  const order = tx
    .select()
    .from(orders)
    .where(and(eq(orders.id, orderId), eq(orders.marketId, marketId)))
    .get();
  if (!order) throw new DeskRefusal({ ok: false, error: "notFound" });
  return order;
}

function snapshotOf(order: Order, items: (typeof orderItems.$inferSelect)[]): Snapshot {
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
function releaseUnits(tx: Tx, released: Snapshot["released"]) {
  for (const { offerId, units } of released) {
    if (units === 0) continue;
    tx.update(offers)
      .set({ reserved: sql`${offers.reserved} - ${units}` })
      .where(eq(offers.id, offerId))
      .run();
  }
}

/** Moves the order from `from` to its new state, or refuses if another tap got there first. */
function moveOrder(tx: Tx, orderId: number, from: Order["status"], values: Partial<Order>) {
  const moved = tx
    .update(orders)
    .set(values)
    .where(and(eq(orders.id, orderId), eq(orders.status, from)))
    .run();
  if (moved.changes !== 1) throw new DeskRefusal({ ok: false, error: "notPending" });
}

/**
 * Hands an order over: `delivered` maps each item id to the units handed over (missing items
 * are delivered whole). Short units are released, the total is what was delivered, and for a
 * cash order the cash received (the exact total when not given) is recorded with the change.
 */
export function recordPickup(
  input: ActionInput & { delivered: Map<number, number>; cashReceivedCents: number | null },
): DeskResult {
  const now = input.now ?? new Date();
  return runDeskAction((tx) => {
    const replay = replayOf(tx, input);
    if (replay) return replay;
    const order = loadOrder(tx, input);
    if (order.status !== "confirmed") throw new DeskRefusal({ ok: false, error: "notPending" });
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
    recordAudit(tx, {
      marketId: input.marketId,
      actorUserId: input.actorUserId,
      action: "desk.pickup",
      entityType: "order",
      entityId: order.id,
      requestKey: input.requestKey,
      data: { totalCents, changeCents, cashReceivedCents: received, whole, before },
    });
    return { ok: true, repeated: false, action: "desk.pickup", totalCents, changeCents };
  });
}

/** Marks an order not collected once its slot is over, and gives its units back. */
export function markNoShow(input: ActionInput): DeskResult {
  const now = input.now ?? new Date();
  return runDeskAction((tx) => {
    const replay = replayOf(tx, input);
    if (replay) return replay;
    const order = loadOrder(tx, input);
    if (order.status !== "confirmed") throw new DeskRefusal({ ok: false, error: "notPending" });
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

/**
 * Puts an order back as it was before its latest desk action, if that was less than
 * UNDO_WINDOW_MS ago. Released units are taken again only if they are still free.
 */
export function undoDeskAction(input: ActionInput): DeskResult {
  const now = input.now ?? new Date();
  return runDeskAction((tx) => {
    const replay = replayOf(tx, input);
    if (replay) return replay;
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

/** How a market day's pickups stand: orders per status. */
export function deskDaySummary({
  marketId,
  marketDayId,
}: {
  marketId: number;
  marketDayId: number;
}) {
  const rows = db()
    .select({ status: orders.status, count: sql<number>`count(*)` })
    .from(orders)
    .where(and(eq(orders.marketId, marketId), eq(orders.marketDayId, marketDayId)))
    .groupBy(orders.status)
    .all();
  const count = (...statuses: Order["status"][]) =>
    rows.filter((r) => statuses.includes(r.status)).reduce((sum, r) => sum + r.count, 0);
  return {
    waiting: count("confirmed"),
    pickedUp: count("picked_up", "partially_picked_up"),
    noShow: count("no_show"),
  };
}
