import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvDateTime, csvMoney, csvResponse, csvTime, toCsv } from "../features/picklists/csv";
import { formatPeruvianMobile } from "../lib/phone";
import { requireSheetCsv } from "../features/picklists/sheet-loaders.server";
import { listOrdersForExport } from "../features/picklists/order-sheets.server";

/** Every order of a market day as a CSV file, headers in the coordinator's language. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, day, t, column } = await requireSheetCsv(request, params.fecha);
  const header = [
    "code",
    "slotStart",
    "slotEnd",
    "name",
    "phone",
    "email",
    "status",
    "paymentMethod",
    "paymentStatus",
    "itemCount",
    "total",
    "cashReceived",
    "orderedAt",
    "pickedUpAt",
  ].map(column);
  const rows = listOrdersForExport(scope).map((o) => [
    o.pickupCode,
    csvTime(o.slotStartsAt),
    csvTime(o.slotEndsAt),
    o.consumerName,
    // Local digits ("987 654 321"): a cell starting with "+" would be read as a formula.
    o.phone ? formatPeruvianMobile(o.phone).replace(/^\+51 /, "") : null,
    o.email,
    t(`orderStatus.${o.status}`),
    t(`coordSettlement.paymentMethod.${o.paymentMethod}`),
    t(`coordSettlement.paymentStatus.${o.paymentStatus}`),
    o.itemCount,
    csvMoney(o.totalCents),
    o.cashReceivedCents === null ? null : csvMoney(o.cashReceivedCents),
    csvDateTime(o.createdAt),
    csvDateTime(o.pickedUpAt),
  ]);
  return csvResponse(toCsv(header, rows), `pedidos-${day.date}.csv`);
}
