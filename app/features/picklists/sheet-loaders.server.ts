/**
 * What the loaders of the /coordinacion/hojas/:fecha pages and files start with, past
 * requireSheetDay: the day's scope for the sheet queries, and for a page its heading, for a
 * file its columns' names.
 */
import { formatMarketDate } from "../../lib/format";
import { requireSheetDay } from "./sheet-day.server";

async function requireSheetScope(request: Request, fecha: string | undefined) {
  const sheetDay = await requireSheetDay(request, fecha);
  return { ...sheetDay, scope: { marketId: sheetDay.market.id, marketDayId: sheetDay.day.id } };
}

/** A printable sheet: the day, and what its heading and pages say of it. */
export async function requireSheetPage(request: Request, fecha: string | undefined) {
  const sheet = await requireSheetScope(request, fecha);
  const { day, locale } = sheet;
  const heading = {
    date: day.date,
    dateLabel: formatMarketDate(day.date, locale),
    place: day.place,
  };
  return { ...sheet, heading };
}

/** A CSV file of the day: `column` names a column in the coordinator's language. */
export async function requireSheetCsv(request: Request, fecha: string | undefined) {
  const sheet = await requireSheetScope(request, fecha);
  const column = (key: string) => sheet.t(`coordSettlement.csv.${key}`);
  return { ...sheet, column };
}
