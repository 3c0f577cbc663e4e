/**
 * A market day's pickup slots: laid across its pickup window, and each one's capacity. A
 * booking is never taken away or squeezed out (docs/invariants.md #2).
 */
import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";
import { marketDays, pickupSlots } from "../../../db/schema";
import { recordAudit } from "../../infra/audit.server";
import type { Tx } from "../../infra/db.server";
import {
  changeOwnDay,
  FINISHED,
  immediately,
  isFinished,
  refuse,
  totalBooked,
  type Actor,
  type Failure,
} from "./day-transaction.server";

/** The day's pickup slots, earliest first. The caller has scoped the day to its market. */
export function slotsOfDay(tx: Tx, marketDayId: number) {
  return tx
    .select()
    .from(pickupSlots)
    .where(eq(pickupSlots.marketDayId, marketDayId))
    .orderBy(asc(pickupSlots.startsAt))
    .all();
}

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
  return changeOwnDay({ marketId, dayId }, (tx, day) => {
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
