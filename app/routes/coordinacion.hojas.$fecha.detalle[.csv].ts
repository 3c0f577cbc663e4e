import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvMoney, csvResponse, toCsv } from "../features/picklists/csv";
import { lineCents } from "../features/ordering/line-value";
import { requireSheetDay } from "../features/picklists/sheet-day.server";
import { listOrderItemsForExport } from "../features/picklists/order-sheets.server";

/**
 * Every line of every order of a market day as a CSV file. A line that went out inside a family
 * basket has no unit price of its own (its subtotal is its share of the basket's price); the
 * basket's name goes in a last column, there only on days with baskets so the columns before
 * it keep their places in spreadsheets made from earlier files.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { market, day, t } = await requireSheetDay(request, params.fecha);
  const c = (key: string) => t(`coordSettlement.csv.${key}`);
  const header = [
    c("code"),
    c("status"),
    c("paymentMethod"),
    c("producer"),
    c("product"),
    c("unit"),
    c("unitPrice"),
    c("quantity"),
    c("delivered"),
    c("fulfilment"),
    c("lineTotal"),
  ];
  const items = listOrderItemsForExport({ marketId: market.id, marketDayId: day.id });
  const withBaskets = items.some((i) => i.bundleName !== null);
  if (withBaskets) header.push(c("basket"));
  const rows = items.map((i) => [
    i.pickupCode,
    t(`orderStatus.${i.orderStatus}`),
    t(`coordSettlement.paymentMethod.${i.paymentMethod}`),
    i.farmName,
    i.productName,
    t(`units.${i.unit}`),
    i.bundleName === null ? csvMoney(i.unitPriceCents) : "",
    i.quantity,
    i.deliveredQuantity,
    t(`coordSettlement.fulfilment.${i.fulfilment}`),
    csvMoney(lineCents(i)),
    ...(withBaskets ? [i.bundleName ?? ""] : []),
  ]);
  return csvResponse(toCsv(header, rows), `detalle-pedidos-${day.date}.csv`);
}
