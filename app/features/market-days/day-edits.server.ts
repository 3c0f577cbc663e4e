/**
 * Creating and editing a market day. Every change writes an audit row in the same IMMEDIATE
 * transaction, and is scoped by the coordinator's `marketId` (docs/invariants.md #6).
 */
import { eq } from "drizzle-orm";
import { marketDays, pickupSlots, type MarketDay } from "../../../db/schema";
import type { MarketDayInput } from "./coord-days-schemas";
import { limaDateOf } from "../../lib/time";
import { recordAudit } from "../../infra/audit.server";
import type { Tx } from "../../infra/db.server";
import {
  changeOwnDay,
  dayOnDate,
  immediately,
  isFinished,
  liveOrderCount,
  refuse,
  totalBooked,
  updateOwnDay,
  type Actor,
  type Failure,
} from "./day-transaction.server";

export type DayChangeError =
  "notFound" | "duplicateDate" | "datePast" | "finished" | "dateLocked" | "pickupLocked";
export type DayChangeResult =
  | { ok: true; day: MarketDay; slotsCleared?: boolean }
  | (Failure<DayChangeError> & Record<string, unknown>);

function assertDateFree(tx: Tx, marketId: number, date: string, exceptId = 0) {
  const taken = dayOnDate(tx, { marketId, date, exceptId });
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
  return changeOwnDay({ marketId, dayId }, (tx, before) => {
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
    const day = updateOwnDay(
      tx,
      { marketId, dayId },
      { ...input, ...(backToDraft ? { status: "scheduled" as const } : {}) },
    );
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
