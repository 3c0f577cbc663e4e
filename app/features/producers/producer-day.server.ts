/** The market day the producer pages are about: the next one, with its times worded. */
import { formatDateTime, formatMarketDate } from "../../lib/format";
import { getNextMarketDay } from "../market-days/markets.server";
import { offersEditable } from "./producer-offers.server";

export function producerMarketDay(marketId: number, locale: string) {
  // Producers act on the cutoff: read it afresh rather than from the one-second memory.
  const day = getNextMarketDay({ marketId, fresh: true });
  if (!day) return null;
  return {
    day,
    view: {
      date: day.date,
      dateLabel: formatMarketDate(day.date, locale),
      cutoffLabel: formatDateTime(day.cutoffAt, locale),
      editable: offersEditable(day),
    },
  };
}
