/**
 * What a coordinator's page about one market day starts with (sheets, baskets, settlement):
 * the coordinator, their language, and the day chosen by the address's `?fecha=` (else by
 * `rule`), with the days to choose from in words. A date the market has no day on is a 404.
 */
import { requireCoordinator } from "../access/coordinator.server";
import { getTranslator } from "../../infra/i18n.server";
import { formatMarketDate } from "../../lib/format";
import { chooseMarketDay, type DefaultDayRule } from "./day-choice.server";

export async function requireCoordinatorDay(request: Request, rule: DefaultDayRule) {
  const { user, market } = await requireCoordinator(request);
  const { t, locale } = await getTranslator(request);
  const { days, day, unknownDate } = chooseMarketDay({
    marketId: market.id,
    date: new URL(request.url).searchParams.get("fecha"),
    rule,
  });
  if (unknownDate) throw new Response("Not found", { status: 404 });
  const choices = days.map((d) => ({
    date: d.date,
    label: formatMarketDate(d.date, locale),
    status: d.status,
  }));
  return { user, market, t, locale, day, choices };
}
