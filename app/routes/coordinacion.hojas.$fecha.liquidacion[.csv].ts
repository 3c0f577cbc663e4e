import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvMoney, csvResponse, toCsv, type CsvCell } from "../features/picklists/csv";
import { bpsToPercent } from "../features/settlement/coord-settlement-schemas";
import { requireSheetCsv } from "../features/picklists/sheet-loaders.server";
import { getSettlement } from "../features/settlement/settlements.server";

/** The settlement of a market day as a CSV file: a row per producer, then the totals. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, day, column } = await requireSheetCsv(request, params.fecha);
  const settlement = getSettlement(scope);
  const header = [
    "producer",
    "units",
    "gross",
    "card",
    "cash",
    "yape",
    "commissionPercent",
    "commission",
    "net",
    "paidOn",
    "reference",
    "paidNet",
    "difference",
  ].map(column);
  const percent = bpsToPercent(settlement.commissionBps);
  const rows: CsvCell[][] = settlement.rows.map((r) => [
    r.farmName,
    r.units,
    csvMoney(r.grossCents),
    csvMoney(r.cardCents),
    csvMoney(r.cashCents),
    csvMoney(r.yapeCents),
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
    column("totals"),
    s.units,
    csvMoney(s.grossCents),
    csvMoney(s.cardCents),
    csvMoney(s.cashCents),
    csvMoney(s.yapeCents),
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
