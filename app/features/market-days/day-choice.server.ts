/**
 * Which of the market's days a coordinator's page is about: the days it lets one choose, one by
 * its date (`?fecha=`), and the one it opens on when the address names none. Every query names
 * the coordinator's market (docs/invariants.md #6): a market day of another market is not found.
 *
 * Consumers' and producers' pages do not choose: they show the next published day
 * (getNextMarketDay in markets.server.ts).
 */
import { and, desc, eq, ne } from "drizzle-orm";
import { marketDays } from "../../../db/schema";
import { db } from "../../infra/db.server";
import { limaDateOf } from "../../lib/time";

/**
 * The day a page opens on, from days listed newest first:
 * - "coming" (sheets, baskets, a producer's offers, the desk): the soonest from today on that
 *   is still to be held (not completed), else the most recent one listed;
 * - "lastHeld" (settlement, which is about sales that happened): the latest on or before
 *   today, else the oldest one listed.
 */
export type DefaultDayRule = "coming" | "lastHeld";

export function defaultMarketDay<T extends { date: string; status: string }>(
  daysNewestFirst: readonly T[],
  rule: DefaultDayRule,
  now = new Date(),
): T | undefined {
  const today = limaDateOf(now);
  if (rule === "lastHeld") {
    return daysNewestFirst.find((d) => d.date <= today) ?? daysNewestFirst.at(-1);
  }
  const coming = daysNewestFirst.filter((d) => d.date >= today && d.status !== "completed");
  return coming.at(-1) ?? daysNewestFirst[0];
}

/** The market's market days (cancelled ones aside), newest first: a page's choices. */
export function listChoosableDays({ marketId, limit = 60 }: { marketId: number; limit?: number }) {
  return db()
    .select()
    .from(marketDays)
    .where(and(eq(marketDays.marketId, marketId), ne(marketDays.status, "cancelled")))
    .orderBy(desc(marketDays.date))
    .limit(limit)
    .all();
}

/** One market day of this market by its local date, or undefined (another market's too). */
export function findMarketDayByDate({ marketId, date }: { marketId: number; date: string }) {
  return db()
    .select()
    .from(marketDays)
    .where(and(eq(marketDays.marketId, marketId), eq(marketDays.date, date)))
    .get();
}

/**
 * The choices and the chosen day of a page: the day of the `date` asked for, else (none, or
 * empty) the default by `rule`. `unknownDate` when a date was asked for and the market has no
 * day on it (the page answers 404); `day` is undefined then, and when the market has no days.
 */
export function chooseMarketDay({
  marketId,
  date,
  rule,
  now = new Date(),
}: {
  marketId: number;
  date: string | null | undefined;
  rule: DefaultDayRule;
  now?: Date;
}) {
  const days = listChoosableDays({ marketId });
  if (!date) return { days, day: defaultMarketDay(days, rule, now), unknownDate: false };
  const day = findMarketDayByDate({ marketId, date });
  return { days, day, unknownDate: day === undefined };
}
