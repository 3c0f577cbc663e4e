/**
 * What every /coordinacion/hojas/:fecha page and file starts with: the coordinator, the day of
 * their market on that date (any other is a 404, docs/invariants.md #6) and their language.
 */
import { requireCoordinator } from "../access/coordinator.server";
import { getTranslator } from "../../infra/i18n.server";
import { findMarketDayByDate } from "../market-days/day-choice.server";

export async function requireSheetDay(request: Request, fecha: string | undefined) {
  const { market } = await requireCoordinator(request);
  const { t, locale } = await getTranslator(request);
  const day = findMarketDayByDate({ marketId: market.id, date: fecha ?? "" });
  if (!day) throw new Response("Not found", { status: 404 });
  return { market, day, t, locale };
}
