import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCoordinator } from "../coordinator.server";
import { getTranslator } from "../i18n.server";
import { csvMoney, csvResponse, toCsv } from "../lib/csv";
import { lineCents } from "../lib/line-value";
import { findMarketDayByDate, listOrderItemsForExport } from "../models/coord-sheets.server";

/** Every line of every order of a market day as a CSV file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const { t } = await getTranslator(request);
  const day = findMarketDayByDate({ marketId: market.id, date: params.fecha ?? "" });
  if (!day) throw new Response("Not found", { status: 404 });
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
  const rows = listOrderItemsForExport({ marketId: market.id, marketDayId: day.id }).map((i) => [
    i.pickupCode,
    t(`orderStatus.${i.orderStatus}`),
    t(`coordSettlement.paymentMethod.${i.paymentMethod}`),
    i.farmName,
    i.productName,
    t(`units.${i.unit}`),
    csvMoney(i.unitPriceCents),
    i.quantity,
    i.deliveredQuantity,
    t(`coordSettlement.fulfilment.${i.fulfilment}`),
    csvMoney(lineCents(i)),
  ]);
  return csvResponse(toCsv(header, rows), `detalle-pedidos-${day.date}.csv`);
}
