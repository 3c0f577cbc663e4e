/**
 * The market days a coordinator's sheets are about: the list to choose from and one day by its
 * date. Every query names the coordinator's market (DESIGN invariant 6): a market day of
 * another market is simply not found.
 */
import { and, desc, eq, ne } from "drizzle-orm";
import { marketDays } from "../../../db/schema";
import { db } from "../../infra/db.server";
import { limaDateOf } from "../../lib/time";

export type SheetDay = Pick<
  typeof marketDays.$inferSelect,
  "id" | "date" | "status" | "place" | "pickupStartAt" | "pickupEndAt"
>;

const dayColumns = {
  id: marketDays.id,
  date: marketDays.date,
  status: marketDays.status,
  place: marketDays.place,
  pickupStartAt: marketDays.pickupStartAt,
  pickupEndAt: marketDays.pickupEndAt,
};

/** The market's market days (cancelled ones aside), newest first: the choices of the sheets page. */
export function listSheetDays({ marketId, limit = 60 }: { marketId: number; limit?: number }) {
  return db()
    .select(dayColumns)
    .from(marketDays)
    .where(and(eq(marketDays.marketId, marketId), ne(marketDays.status, "cancelled")))
    .orderBy(desc(marketDays.date))
    .limit(limit)
    .all();
}

/** One market day of this market by its local date, or undefined (another market's too). */
export function findMarketDayByDate({
  marketId,
  date,
}: {
  marketId: number;
  date: string;
}): SheetDay | undefined {
  return db()
    .select(dayColumns)
    .from(marketDays)
    .where(and(eq(marketDays.marketId, marketId), eq(marketDays.date, date)))
    .get();
}

/** The day the sheets page opens on: the next one from today, else the most recent. */
export function defaultSheetDay(days: SheetDay[], now = new Date()) {
  const today = limaDateOf(now);
  const coming = days.filter((d) => d.date >= today && d.status !== "completed");
  return coming.at(-1) ?? days[0];
}
