import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvMoney, csvResponse, toCsv, type CsvCell } from "../features/picklists/csv";
import { bpsToPercent } from "../features/settlement/coord-settlement-schemas";
import { requireSheetDay } from "../features/picklists/sheet-day.server";
import { getSettlement } from "../features/settlement/settlements.server";

/** The settlement of a market day as a CSV file: a row per producer, then the totals. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { market, day, t } = await requireSheetDay(request, params.fecha);
  const settlement = getSettlement({ marketId: market.id, marketDayId: day.id });
  const c = (key: string) => t(`coordSettlement.csv.${key}`);
  const header = [
    c("producer"),
    c("units"),
    c("gross"),
    c("card"),
    c("cash"),
    c("commissionPercent"),
    c("commission"),
    c("net"),
    c("paidOn"),
    c("reference"),
    c("paidNet"),
    c("difference"),
  ];
  const percent = bpsToPercent(settlement.commissionBps);
  const rows: CsvCell[][] = settlement.rows.map((r) => [
    r.farmName,
    r.units,
    csvMoney(r.grossCents),
    csvMoney(r.cardCents),
    csvMoney(r.cashCents),
    { numeric: percent },
    csvMoney(r.commissionCents),
    csvMoney(r.netCents),
    r.paid?.paidOn ?? null,
    r.paid?.reference ?? null,
    r.paid ? csvMoney(r.paid.netCents) : null,
    r.paid ? csvMoney(r.differenceCents) : null,
  ]);
  const s = settlement.totals;
  rows.push([
    c("totals"),
    s.units,
    csvMoney(s.grossCents),
    csvMoney(s.cardCents),
    csvMoney(s.cashCents),
    { numeric: percent },
    csvMoney(s.commissionCents),
    csvMoney(s.netCents),
    null,
    null,
    csvMoney(s.paidNetCents),
    null,
  ]);
  return csvResponse(toCsv(header, rows), `liquidacion-${day.date}.csv`);
}
