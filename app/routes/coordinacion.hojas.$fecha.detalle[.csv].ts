import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvMoney, csvResponse, toCsv } from "../features/picklists/csv";
import { lineCents } from "../features/ordering/line-value";
import { requireSheetCsv } from "../features/picklists/sheet-loaders.server";
import { listOrderItemsForExport } from "../features/picklists/order-sheets.server";

/**
 * Every line of every order of a market day as a CSV file. A line that went out inside a family
 * basket has no unit price of its own (its subtotal is its share of the basket's price); the
 * basket's name goes in a last column, there only on days with baskets so the columns before
 * it keep their places in spreadsheets made from earlier files.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, day, t, column } = await requireSheetCsv(request, params.fecha);
  const header = [
    "code",
    "status",
    "paymentMethod",
    "producer",
    "product",
    "unit",
    "unitPrice",
    "quantity",
    "delivered",
    "fulfilment",
    "lineTotal",
  ].map(column);
  const items = listOrderItemsForExport(scope);
  const withBaskets = items.some((i) => i.bundleName !== null);
  if (withBaskets) header.push(column("basket"));
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
