import { json } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { formatMarketDate, formatTimeRange } from "../lib/format";
import { requireSheetDay } from "../features/picklists/sheet-day.server";
import { SheetHeading } from "../ui/SheetHeading";
import { getPickLists } from "../features/picklists/pick-lists.server";
import { ForBundles, PickTotalsTable } from "../ui/PickList";
import { titleMeta } from "../lib/meta";
import { ColumnHeads } from "../ui/tables";

/** Every producer's pick list for a market day, one producer per printed A4 page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { market, day, t, locale } = await requireSheetDay(request, params.fecha);
  const lists = getPickLists({ marketId: market.id, marketDayId: day.id });
  const dateLabel = formatMarketDate(day.date, locale);
  return json({
    title: t("coordSettlement.pick.title", { date: dateLabel }),
    date: day.date,
    dateLabel,
    place: day.place,
    lists: lists.map((list) => ({
      ...list,
      orders: list.orders.map((o) => ({
        code: o.pickupCode,
        slot: formatTimeRange(o.slotStartsAt, o.slotEndsAt, locale),
        items: o.items,
      })),
    })),
  });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

export default function PickLists() {
  const { t } = useTranslation();
  const { date, dateLabel, place, lists } = useLoaderData<typeof loader>();
  return (
    <article className="coord-sheets">
      <SheetHeading title={t("coordSettlement.pick.title", { date: dateLabel })} date={date} />
      {lists.length === 0 ? <p className="card">{t("coordSettlement.pick.nothing")}</p> : null}
      {lists.map((list) => (
        <section
          key={list.producerId}
          className="sheet-page"
          aria-labelledby={`producer-${list.producerId}`}
        >
          <h2 id={`producer-${list.producerId}`}>{list.farmName}</h2>
          <p className="sheet-meta">
            {t("coordSettlement.pick.producerLine", {
              name: list.producerName,
              place: [list.community, list.province].filter(Boolean).join(", "),
            })}
            <br />
            {t("coordSettlement.pick.dayLine", { date: dateLabel, place })}
          </p>
          <PickTotalsTable
            totals={list.totals}
            caption={t("coordSettlement.pick.toBring")}
            className="sheet-table"
          />
          <table className="sheet-table">
            <caption>{t("coordSettlement.pick.toPack", { count: list.orders.length })}</caption>
            <ColumnHeads
              columns={[
                t("coordSettlement.columns.code"),
                t("coordSettlement.columns.slot"),
                t("coordSettlement.columns.quantity"),
                t("coordSettlement.columns.product"),
              ]}
            />
            {list.orders.map((order) => (
              <tbody key={order.code} className="sheet-order">
                {order.items.map((item, i) => (
                  <tr key={`${item.productName}|${item.unit}|${item.bundle?.name ?? ""}|${i}`}>
                    {i === 0 ? (
                      <>
                        <th scope="rowgroup" rowSpan={order.items.length} className="sheet-code">
                          {order.code}
                        </th>
                        <td rowSpan={order.items.length}>{order.slot}</td>
                      </>
                    ) : null}
                    <td>
                      {item.quantity} {t(`units.${item.unit}`)}
                    </td>
                    <td>
                      {item.productName}
                      <ForBundles bundle={item.bundle} />
                    </td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </section>
      ))}
    </article>
  );
}
