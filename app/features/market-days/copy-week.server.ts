/** "Copy last week": a new draft market day a week after another, with its slots. */
import { marketDays, pickupSlots, type MarketDay } from "../../../db/schema";
import { addDays } from "../../lib/time";
import { recordAudit } from "../../infra/audit.server";
import {
  changeOwnDay,
  dayOnDate,
  refuse,
  type Actor,
  type Failure,
} from "./day-transaction.server";
import { slotsOfDay } from "./slots.server";

const WEEK_MS = 7 * 24 * 3600_000;

export type CopyResult =
  | { ok: true; day: MarketDay; slotCount: number }
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
  return changeOwnDay({ marketId, dayId: fromDayId }, (tx, from) => {
    const date = addDays(from.date, 7);
    const taken = dayOnDate(tx, { marketId, date });
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
    const slots = slotsOfDay(tx, from.id);
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
