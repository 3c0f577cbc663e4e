/** Opening and closing a market day's orders by hand. */
import { count, eq } from "drizzle-orm";
import { pickupSlots, type MarketDay } from "../../../db/schema";
import { recordAudit } from "../../infra/audit.server";
import { changeOwnDay, isFinished, updateOwnDay, type Actor } from "./day-transaction.server";

export type OrdersAction = "openNow" | "openOnSchedule" | "close";
export type OrdersStatusResult =
  | { ok: true; day: MarketDay }
  | { ok: false; error: "notFound" | "finished" | "cutoffPassed" | "noSlots" };

/**
 * The by-hand actions a day's page offers now, in the order it shows them, and whether it
 * should say that slots are needed first. setOrdersStatus still checks whatever is posted.
 */
export function ordersActionsOffered(
  day: MarketDay,
  { hasSlots, now = new Date() }: { hasSlots: boolean; now?: Date },
) {
  const actions: OrdersAction[] = [];
  if (isFinished(day)) return { actions, needsSlots: false };
  const cutoffPassed = now >= day.cutoffAt;
  const opensInFuture = day.ordersOpenAt > now;
  const canOpen = day.status !== "open" && !cutoffPassed;
  // A day published on schedule can still be opened at once.
  const canOpenNow = (canOpen || (day.status === "open" && opensInFuture)) && !cutoffPassed;
  if (canOpenNow && hasSlots) actions.push("openNow");
  if (canOpen && hasSlots && opensInFuture) actions.push("openOnSchedule");
  if (day.status === "open") actions.push("close");
  return { actions, needsSlots: canOpen && !hasSlots };
}

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
  return changeOwnDay({ marketId, dayId }, (tx, before): OrdersStatusResult => {
    if (isFinished(before)) return { ok: false, error: "finished" };
    let change: Partial<MarketDay>;
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
    const day = updateOwnDay(tx, { marketId, dayId }, change);
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
