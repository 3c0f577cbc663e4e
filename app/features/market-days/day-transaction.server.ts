/**
 * What every coordinator change to a market day shares: the transaction that turns a refusal
 * into a returned failure, the market's own day (scoped by `marketId`, docs/invariants.md #6),
 * and the counts that decide what may still change.
 */
import { and, count, eq, ne, notInArray, sql } from "drizzle-orm";
import { marketDays, orders, pickupSlots, type MarketDay } from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import { isOwnRow } from "../../infra/market-scope";
import { DROPPED_ORDER_STATUSES } from "../ordering/order-status";

export type Actor = { marketId: number; actorUserId: number };
export type Failure<E extends string> = { ok: false; error: E };
/** Days a coordinator can no longer change. */
export const FINISHED: ("cancelled" | "completed")[] = ["cancelled", "completed"];

/** A refused change inside a transaction: thrown to roll back, caught and returned. */
class Refusal<E extends string> extends Error {
  constructor(readonly failure: Failure<E> & Record<string, unknown>) {
    super(failure.error);
  }
}

export function immediately<T, E extends string>(
  work: (tx: Tx) => T,
): T | (Failure<E> & Record<string, unknown>) {
  try {
    return db().transaction(work, { behavior: "immediate" });
  } catch (error) {
    if (error instanceof Refusal) return error.failure as Failure<E> & Record<string, unknown>;
    throw error;
  }
}

export function refuse<E extends string>(error: E, extra: Record<string, unknown> = {}): never {
  throw new Refusal({ ok: false, error, ...extra });
}

type OwnDay = { marketId: number; dayId: number };
const isOwnDay = ({ marketId, dayId }: OwnDay) => isOwnRow(marketDays, { marketId, id: dayId });

/** The market's day, or undefined when it belongs to another market (or does not exist). */
export function ownDay(tx: Tx, day: OwnDay) {
  return tx.select().from(marketDays).where(isOwnDay(day)).get();
}

/**
 * The market's other day on `date` (not `exceptId`), if there is one: a market holds one day
 * per date, so creating, moving or copying a day to a taken date is refused.
 */
export function dayOnDate(
  tx: Tx,
  { marketId, date, exceptId = 0 }: { marketId: number; date: string; exceptId?: number },
) {
  return tx
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
}

/**
 * A change to one of the market's days, in one IMMEDIATE transaction: `change` gets the day as
 * it is; another market's day (or none) is "notFound" and nothing is written.
 */
export function changeOwnDay<T, E extends string>(
  scope: OwnDay,
  change: (tx: Tx, day: MarketDay) => T,
): T | (Failure<E | "notFound"> & Record<string, unknown>) {
  return immediately<T, E | "notFound">((tx) => {
    const day = ownDay(tx, scope);
    if (!day) refuse("notFound");
    return change(tx, day);
  });
}

/** Changes the market's day (another market's is left alone) and returns it as it is now. */
export function updateOwnDay(tx: Tx, day: OwnDay, values: Partial<MarketDay>) {
  return tx.update(marketDays).set(values).where(isOwnDay(day)).returning().get();
}

/** Orders that happened or may still happen (not dropped): they pin the day's date and times. */
export function liveOrderCount(tx: Tx, dayId: number) {
  return (
    tx
      .select({ n: count() })
      .from(orders)
      .where(
        and(eq(orders.marketDayId, dayId), notInArray(orders.status, [...DROPPED_ORDER_STATUSES])),
      )
      .get()?.n ?? 0
  );
}

export function isFinished(day: Pick<MarketDay, "status">) {
  return (FINISHED as readonly string[]).includes(day.status);
}

/** Pickup-slot bookings of the day, all slots together. */
export function totalBooked(tx: Tx, dayId: number) {
  return (
    tx
      .select({ booked: sql<number>`coalesce(sum(${pickupSlots.booked}), 0)` })
      .from(pickupSlots)
      .where(eq(pickupSlots.marketDayId, dayId))
      .get()?.booked ?? 0
  );
}
