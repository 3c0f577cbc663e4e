/**
 * Market days as a coordinator runs them: create and edit, pickup slots, copy last week,
 * open and close orders by hand, cancel. Every function takes the coordinator's `marketId`
 * and scopes its queries with it (DESIGN invariant 6); every change writes an audit row in
 * the same IMMEDIATE transaction.
 */
import { and, asc, count, desc, eq, gte, inArray, lt, ne, notInArray, sql } from "drizzle-orm";
import { marketDays, offers, orderItems, orders, pickupSlots, users } from "../../../db/schema";
import { db } from "../../infra/db.server";
import type { MarketDayInput } from "./coord-days-schemas";
import { addDays, limaDateOf } from "../../lib/time";
import { queueNotification } from "../notifications/notifications.server";
import { recordAudit, type Tx } from "../../infra/audit.server";
import { ACTIVE_ORDER_STATUSES } from "../ordering/orders.server";

export type MarketDayRow = typeof marketDays.$inferSelect;
type Actor = { marketId: number; actorUserId: number };
type Failure<E extends string> = { ok: false; error: E };

const WEEK_MS = 7 * 24 * 3600_000;
/** Orders that happened or may still happen: they pin the day's date and pickup times. */
const LIVE_ORDER_EXCLUDED: ("cancelled" | "expired")[] = ["cancelled", "expired"];
/** Days a coordinator can no longer change. */
const FINISHED: ("cancelled" | "completed")[] = ["cancelled", "completed"];

/** A refused change inside a transaction: thrown to roll back, caught and returned. */
class Refusal<E extends string> extends Error {
  constructor(readonly failure: Failure<E> & Record<string, unknown>) {
    super(failure.error);
  }
}

function immediately<T, E extends string>(
  work: (tx: Tx) => T,
): T | (Failure<E> & Record<string, unknown>) {
  try {
    return db().transaction(work, { behavior: "immediate" });
  } catch (error) {
    if (error instanceof Refusal) return error.failure as Failure<E> & Record<string, unknown>;
    throw error;
  }
}

function refuse<E extends string>(error: E, extra: Record<string, unknown> = {}): never {
  throw new Refusal({ ok: false, error, ...extra });
}

/** The market's day, or undefined when it belongs to another market (or does not exist). */
function ownDay(tx: Tx, { marketId, dayId }: { marketId: number; dayId: number }) {
  return tx
    .select()
    .from(marketDays)
    .where(and(eq(marketDays.id, dayId), eq(marketDays.marketId, marketId)))
    .get();
}

function liveOrderCount(tx: Tx, dayId: number) {
  return (
    tx
      .select({ n: count() })
      .from(orders)
      .where(and(eq(orders.marketDayId, dayId), notInArray(orders.status, LIVE_ORDER_EXCLUDED)))
      .get()?.n ?? 0
  );
}

function isFinished(day: MarketDayRow) {
  return (FINISHED as readonly string[]).includes(day.status);
}

// ---------------------------------------------------------------------------------------------
// Reading

export type MarketDaySummary = MarketDayRow & {
  orderCount: number;
  slotCount: number;
  capacity: number;
  booked: number;
};

/**
 * The market's days for the list: every day from today on (soonest first), then the most
 * recent `pastLimit` past days (latest first). Three queries whatever the number of days.
 */
export function listMarketDays({
  marketId,
  now = new Date(),
  pastLimit = 12,
}: {
  marketId: number;
  now?: Date;
  pastLimit?: number;
}) {
  const today = limaDateOf(now);
  const upcoming = db()
    .select()
    .from(marketDays)
    .where(and(eq(marketDays.marketId, marketId), gte(marketDays.date, today)))
    .orderBy(asc(marketDays.date))
    .all();
  const past = db()
    .select()
    .from(marketDays)
    .where(and(eq(marketDays.marketId, marketId), lt(marketDays.date, today)))
    .orderBy(desc(marketDays.date))
    .limit(pastLimit)
    .all();
  const ids = [...upcoming, ...past].map((d) => d.id);
  const stats = dayStats(marketId, ids);
  const withStats = (day: MarketDayRow): MarketDaySummary => ({
    ...day,
    ...(stats.get(day.id) ?? { orderCount: 0, slotCount: 0, capacity: 0, booked: 0 }),
  });
  return { upcoming: upcoming.map(withStats), past: past.map(withStats) };
}

/** Orders and slots per day, for a list of the market's days (two grouped queries). */
function dayStats(marketId: number, dayIds: number[]) {
  const stats = new Map<
    number,
    { orderCount: number; slotCount: number; capacity: number; booked: number }
  >();
  if (dayIds.length === 0) return stats;
  for (const id of dayIds) stats.set(id, { orderCount: 0, slotCount: 0, capacity: 0, booked: 0 });
  const orderRows = db()
    .select({ dayId: orders.marketDayId, n: count() })
    .from(orders)
    .where(
      and(
        eq(orders.marketId, marketId),
        inArray(orders.marketDayId, dayIds),
        notInArray(orders.status, LIVE_ORDER_EXCLUDED),
      ),
    )
    .groupBy(orders.marketDayId)
    .all();
  for (const row of orderRows) stats.get(row.dayId)!.orderCount = row.n;
  const slotRows = db()
    .select({
      dayId: pickupSlots.marketDayId,
      n: count(),
      capacity: sql<number>`coalesce(sum(${pickupSlots.capacity}), 0)`,
      booked: sql<number>`coalesce(sum(${pickupSlots.booked}), 0)`,
    })
    .from(pickupSlots)
    .where(inArray(pickupSlots.marketDayId, dayIds))
    .groupBy(pickupSlots.marketDayId)
    .all();
  for (const row of slotRows) {
    Object.assign(stats.get(row.dayId)!, {
      slotCount: row.n,
      capacity: row.capacity,
      booked: row.booked,
    });
  }
  return stats;
}

/** One of the market's days with its slots and order count, or undefined (another market's). */
export function getMarketDayDetail({ marketId, dayId }: { marketId: number; dayId: number }) {
  const database = db();
  const day = ownDay(database, { marketId, dayId });
  if (!day) return undefined;
  const slots = database
    .select()
    .from(pickupSlots)
    .where(eq(pickupSlots.marketDayId, day.id))
    .orderBy(asc(pickupSlots.startsAt))
    .all();
  const cardPaid =
    database
      .select({ n: count() })
      .from(orders)
      .where(
        and(
          eq(orders.marketDayId, day.id),
          eq(orders.paymentMethod, "card"),
          eq(orders.paymentStatus, "paid"),
          inArray(orders.status, ACTIVE_ORDER_STATUSES),
        ),
      )
      .get()?.n ?? 0;
  return {
    day,
    slots,
    orderCount: liveOrderCount(database, day.id),
    activeOrderCount:
      database
        .select({ n: count() })
        .from(orders)
        .where(and(eq(orders.marketDayId, day.id), inArray(orders.status, ACTIVE_ORDER_STATUSES)))
        .get()?.n ?? 0,
    cardPaidActiveCount: cardPaid,
  };
}

/** The market's latest day (by date), the one "copy last week" starts from. */
export function latestMarketDay(marketId: number) {
  return db()
    .select()
    .from(marketDays)
    .where(and(eq(marketDays.marketId, marketId), ne(marketDays.status, "cancelled")))
    .orderBy(desc(marketDays.date))
    .limit(1)
    .get();
}

// ---------------------------------------------------------------------------------------------
// Creating and editing

export type DayChangeError =
  "notFound" | "duplicateDate" | "datePast" | "finished" | "dateLocked" | "pickupLocked";
export type DayChangeResult =
  | { ok: true; day: MarketDayRow; slotsCleared?: boolean }
  | (Failure<DayChangeError> & Record<string, unknown>);

function assertDateFree(tx: Tx, marketId: number, date: string, exceptId = 0) {
  const taken = tx
    .select({ id: marketDays.id })
    .from(marketDays)
    .where(
      and(
        eq(marketDays.marketId, marketId),
        eq(marketDays.date, date),
        ne(marketDays.id, exceptId),
      ),
    )
    .get();
  if (taken) refuse("duplicateDate", { date, existingId: taken.id });
}

/**
 * A new market day, as a draft ("scheduled"): it takes no orders until the coordinator has
 * set up its slots and opens it, so a half-prepared day never reaches consumers' checkout.
 */
export function createMarketDay({
  marketId,
  actorUserId,
  input,
  now = new Date(),
}: Actor & { input: MarketDayInput; now?: Date }): DayChangeResult {
  return immediately((tx) => {
    if (input.date < limaDateOf(now)) refuse("datePast");
    assertDateFree(tx, marketId, input.date);
    const day = tx
      .insert(marketDays)
      .values({ marketId, ...input, status: "scheduled" })
      .returning()
      .get();
    recordAudit(tx, {
      marketId,
      actorUserId,
      action: "market_day.create",
      entityType: "market_day",
      entityId: day.id,
      data: auditValues(day),
    });
    return { ok: true as const, day };
  });
}

function auditValues(day: MarketDayInput) {
  return {
    date: day.date,
    place: day.place,
    ordersOpenAt: day.ordersOpenAt.toISOString(),
    cutoffAt: day.cutoffAt.toISOString(),
    pickupStartAt: day.pickupStartAt.toISOString(),
    pickupEndAt: day.pickupEndAt.toISOString(),
  };
}

/**
 * Changes a day's date, times and place. Once the day has orders its date and pickup window
 * are fixed: consumers chose a pickup time on that date and were told so, and their slots
 * would fall outside a moved window. The order window and place can still change.
 * A new pickup window on a day without bookings removes its (now misplaced) slots, and a
 * published day goes back to draft until it has slots again.
 */
export function updateMarketDay({
  marketId,
  actorUserId,
  dayId,
  input,
  now = new Date(),
}: Actor & { dayId: number; input: MarketDayInput; now?: Date }): DayChangeResult {
  return immediately((tx) => {
    const before = ownDay(tx, { marketId, dayId });
    if (!before) return refuse("notFound");
    if (isFinished(before)) return refuse("finished");
    const hasOrders = liveOrderCount(tx, dayId) > 0;
    const pickupMoved =
      before.pickupStartAt.getTime() !== input.pickupStartAt.getTime() ||
      before.pickupEndAt.getTime() !== input.pickupEndAt.getTime();
    if (hasOrders && before.date !== input.date) refuse("dateLocked");
    if (hasOrders && pickupMoved) refuse("pickupLocked");
    if (before.date !== input.date) {
      if (input.date < limaDateOf(now)) refuse("datePast");
      assertDateFree(tx, marketId, input.date, dayId);
    }
    let slotsCleared = false;
    if (pickupMoved) {
      if (totalBooked(tx, dayId) > 0) refuse("pickupLocked");
      slotsCleared =
        tx.delete(pickupSlots).where(eq(pickupSlots.marketDayId, dayId)).run().changes > 0;
    }
    // A published day without slots would take no orders yet look open: back to draft until
    // its slots are generated again and it is opened.
    const backToDraft = slotsCleared && before.status !== "scheduled";
    const day = tx
      .update(marketDays)
      .set({ ...input, ...(backToDraft ? { status: "scheduled" as const } : {}) })
      .where(and(eq(marketDays.id, dayId), eq(marketDays.marketId, marketId)))
      .returning()
      .get();
    recordAudit(tx, {
      marketId,
      actorUserId,
      action: "market_day.update",
      entityType: "market_day",
      entityId: dayId,
      data: { before: auditValues(before), after: auditValues(day), slotsCleared },
    });
    return { ok: true as const, day, slotsCleared };
  });
}

function totalBooked(tx: Tx, dayId: number) {
  return (
    tx
      .select({ booked: sql<number>`coalesce(sum(${pickupSlots.booked}), 0)` })
      .from(pickupSlots)
      .where(eq(pickupSlots.marketDayId, dayId))
      .get()?.booked ?? 0
  );
}

// ---------------------------------------------------------------------------------------------
// Pickup slots

/** Windows of `minutes` from start to end; the last one ends with the pickup window. */
export function slotWindows(start: Date, end: Date, minutes: number) {
  const windows: { startsAt: Date; endsAt: Date }[] = [];
  const step = minutes * 60_000;
  for (let t = start.getTime(); t < end.getTime(); t += step) {
    windows.push({ startsAt: new Date(t), endsAt: new Date(Math.min(t + step, end.getTime())) });
  }
  return windows;
}

export type SlotsResult =
  | { ok: true; count: number }
  | (Failure<"notFound" | "finished" | "hasBookings"> & Record<string, unknown>);

/**
 * Lays the day's pickup slots across its pickup window. Existing slots are replaced only when
 * none has a booking: a consumer's chosen time is never taken away.
 */
export function generateSlots({
  marketId,
  actorUserId,
  dayId,
  minutes,
  capacity,
}: Actor & { dayId: number; minutes: number; capacity: number }): SlotsResult {
  return immediately((tx) => {
    const day = ownDay(tx, { marketId, dayId });
    if (!day) return refuse("notFound");
    if (isFinished(day)) return refuse("finished");
    const booked = totalBooked(tx, dayId);
    if (booked > 0) return refuse("hasBookings", { booked });
    const replaced = tx.delete(pickupSlots).where(eq(pickupSlots.marketDayId, dayId)).run().changes;
    const windows = slotWindows(day.pickupStartAt, day.pickupEndAt, minutes);
    tx.insert(pickupSlots)
      .values(windows.map((w) => ({ marketDayId: dayId, ...w, capacity })))
      .run();
    recordAudit(tx, {
      marketId,
      actorUserId,
      action: "market_day.generate_slots",
      entityType: "market_day",
      entityId: dayId,
      data: { minutes, capacity, count: windows.length, replaced },
    });
    return { ok: true as const, count: windows.length };
  });
}

export type SlotCapacityResult =
  | { ok: true }
  | { ok: false; error: "notFound" | "finished" }
  | { ok: false; error: "belowBooked"; booked: number };

/**
 * Sets one slot's capacity. "Never below its bookings" is part of the UPDATE itself
 * (`booked <= :capacity`), so a booking that lands in the same instant cannot be squeezed out.
 */
export function setSlotCapacity({
  marketId,
  actorUserId,
  slotId,
  capacity,
}: Actor & { slotId: number; capacity: number }): SlotCapacityResult {
  return immediately((tx): SlotCapacityResult => {
    const ownDays = tx
      .select({ id: marketDays.id })
      .from(marketDays)
      .where(and(eq(marketDays.marketId, marketId), notInArray(marketDays.status, FINISHED)));
    const updated = tx
      .update(pickupSlots)
      .set({ capacity })
      .where(
        and(
          eq(pickupSlots.id, slotId),
          inArray(pickupSlots.marketDayId, ownDays),
          sql`${pickupSlots.booked} <= ${capacity}`,
        ),
      )
      .returning()
      .get();
    if (!updated) {
      const slot = tx
        .select({ booked: pickupSlots.booked, status: marketDays.status })
        .from(pickupSlots)
        .innerJoin(marketDays, eq(marketDays.id, pickupSlots.marketDayId))
        .where(and(eq(pickupSlots.id, slotId), eq(marketDays.marketId, marketId)))
        .get();
      if (!slot) return { ok: false, error: "notFound" };
      if ((FINISHED as readonly string[]).includes(slot.status))
        return { ok: false, error: "finished" };
      return { ok: false, error: "belowBooked", booked: slot.booked };
    }
    recordAudit(tx, {
      marketId,
      actorUserId,
      action: "pickup_slot.capacity",
      entityType: "pickup_slot",
      entityId: slotId,
      data: { capacity, booked: updated.booked, marketDayId: updated.marketDayId },
    });
    return { ok: true };
  }) as SlotCapacityResult;
}

// ---------------------------------------------------------------------------------------------
// Copying last week

export type CopyResult =
  | { ok: true; day: MarketDayRow; slotCount: number }
  | (Failure<"notFound" | "exists"> & { date?: string; existingId?: number });

/**
 * A new draft day a week after `fromDayId`: same times a week later, same place, same slots
 * and capacities. The page posts the day it showed, so a second tap aims at the same date,
 * finds it taken and creates nothing.
 */
export function copyMarketDayWeekLater({
  marketId,
  actorUserId,
  fromDayId,
}: Actor & { fromDayId: number }): CopyResult {
  return immediately((tx) => {
    const from = ownDay(tx, { marketId, dayId: fromDayId });
    if (!from) return refuse("notFound");
    const date = addDays(from.date, 7);
    const taken = tx
      .select({ id: marketDays.id })
      .from(marketDays)
      .where(and(eq(marketDays.marketId, marketId), eq(marketDays.date, date)))
      .get();
    if (taken) return refuse("exists", { date, existingId: taken.id });
    const later = (d: Date) => new Date(d.getTime() + WEEK_MS);
    const day = tx
      .insert(marketDays)
      .values({
        marketId,
        date,
        place: from.place,
        status: "scheduled",
        ordersOpenAt: later(from.ordersOpenAt),
        cutoffAt: later(from.cutoffAt),
        pickupStartAt: later(from.pickupStartAt),
        pickupEndAt: later(from.pickupEndAt),
      })
      .returning()
      .get();
    const slots = tx
      .select()
      .from(pickupSlots)
      .where(eq(pickupSlots.marketDayId, from.id))
      .orderBy(asc(pickupSlots.startsAt))
      .all();
    if (slots.length > 0) {
      tx.insert(pickupSlots)
        .values(
          slots.map((s) => ({
            marketDayId: day.id,
            startsAt: later(s.startsAt),
            endsAt: later(s.endsAt),
            capacity: s.capacity,
          })),
        )
        .run();
    }
    recordAudit(tx, {
      marketId,
      actorUserId,
      action: "market_day.copy_week",
      entityType: "market_day",
      entityId: day.id,
      data: { fromDayId: from.id, date, slotCount: slots.length },
    });
    return { ok: true as const, day, slotCount: slots.length };
  }) as CopyResult;
}

// ---------------------------------------------------------------------------------------------
// Opening and closing orders by hand

export type OrdersAction = "openNow" | "openOnSchedule" | "close";
export type OrdersStatusResult =
  | { ok: true; day: MarketDayRow }
  | { ok: false; error: "notFound" | "finished" | "cutoffPassed" | "noSlots" };

/**
 * "Open now": orders from this instant (ordersOpenAt moves to now if it was later).
 * "Open on schedule": orders follow ordersOpenAt..cutoffAt. "Close": closed by hand until
 * reopened. Opening needs slots (a checkout needs a pickup time) and a cutoff still ahead.
 */
export function setOrdersStatus({
  marketId,
  actorUserId,
  dayId,
  action,
  now = new Date(),
}: Actor & { dayId: number; action: OrdersAction; now?: Date }): OrdersStatusResult {
  return immediately((tx): OrdersStatusResult => {
    const before = ownDay(tx, { marketId, dayId });
    if (!before) return { ok: false, error: "notFound" };
    if (isFinished(before)) return { ok: false, error: "finished" };
    let change: Partial<MarketDayRow>;
    if (action === "close") {
      change = { status: "closed" };
    } else {
      if (now >= before.cutoffAt) return { ok: false, error: "cutoffPassed" };
      const slotCount =
        tx.select({ n: count() }).from(pickupSlots).where(eq(pickupSlots.marketDayId, dayId)).get()
          ?.n ?? 0;
      if (slotCount === 0) return { ok: false, error: "noSlots" };
      change =
        action === "openNow" && before.ordersOpenAt > now
          ? { status: "open", ordersOpenAt: now }
          : { status: "open" };
    }
    const day = tx
      .update(marketDays)
      .set(change)
      .where(and(eq(marketDays.id, dayId), eq(marketDays.marketId, marketId)))
      .returning()
      .get();
    recordAudit(tx, {
      marketId,
      actorUserId,
      action: `market_day.${action === "close" ? "close" : "open"}`,
      entityType: "market_day",
      entityId: dayId,
      data: {
        action,
        statusBefore: before.status,
        status: day.status,
        ordersOpenAt: day.ordersOpenAt.toISOString(),
      },
    });
    return { ok: true, day };
  }) as OrdersStatusResult;
}

// ---------------------------------------------------------------------------------------------
// Cancelling a market day

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
  return immediately((tx): CancelResult => {
    const day = ownDay(tx, { marketId, dayId });
    if (!day) return { ok: false, error: "notFound" };
    if (day.status === "completed") return { ok: false, error: "completed" };
    // Once the desk has handed orders over (or marked no-shows) the day has taken place: its
    // sales are settled with producers, so it is closed or completed, never cancelled.
    const handedOver = tx
      .select({ id: orders.id })
      .from(orders)
      .where(
        and(
          eq(orders.marketDayId, dayId),
          inArray(orders.status, ["picked_up", "partially_picked_up", "no_show"]),
        ),
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
      .where(
        and(
          eq(orders.marketId, marketId),
          eq(orders.marketDayId, dayId),
          inArray(orders.status, ACTIVE_ORDER_STATUSES),
        ),
      )
      .all();
    if (day.status === "cancelled" && active.length === 0) {
      return { ok: true, cancelledOrders: 0, cardPaidOrders: 0, alreadyCancelled: true };
    }
    const orderIds = active.map((o) => o.id);
    releaseStock(tx, orderIds);
    releaseSlots(tx, active);
    if (orderIds.length > 0) {
      tx.update(orders)
        .set({
          status: "cancelled",
          cancelledAt: now,
          updatedAt: now,
          // An unpaid card hold is no longer waiting for a payment (as cancelOrder does); a
          // paid one stays "paid" so the refund job refunds it.
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
    tx.update(marketDays)
      .set({ status: "cancelled" })
      .where(and(eq(marketDays.id, dayId), eq(marketDays.marketId, marketId)))
      .run();
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
