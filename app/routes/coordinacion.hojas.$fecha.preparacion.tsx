import { json } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { formatTimeRange } from "../lib/format";
import { requireSheetPage } from "../features/picklists/sheet-loaders.server";
import { SheetHeading, SheetPage } from "../ui/SheetHeading";
import { getPickLists } from "../features/picklists/pick-lists.server";
import { ForBundles, PickTotalsTable } from "../ui/PickList";
import { titleMeta } from "../lib/meta";
import { ColumnHeads } from "../ui/tables";

/** Every producer's pick list for a market day, one producer per printed A4 page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, heading, t, locale } = await requireSheetPage(request, params.fecha);
  const lists = getPickLists(scope);
  return json({
    ...heading,
    title: t("coordSettlement.pick.title", { date: heading.dateLabel }),
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
  const { title, date, dateLabel, place, lists } = useLoaderData<typeof loader>();
  return (
    <article className="coord-sheets">
      <SheetHeading title={title} date={date} />
      {lists.length === 0 ? <p className="card">{t("coordSettlement.pick.nothing")}</p> : null}
      {lists.map((list) => (
        <SheetPage
          key={list.producerId}
          id={`producer-${list.producerId}`}
          title={list.farmName}
          meta={
            <>
              {t("coordSettlement.pick.producerLine", {
                name: list.producerName,
                place: [list.community, list.province].filter(Boolean).join(", "),
              })}
              <br />
              {t("coordSettlement.pick.dayLine", { date: dateLabel, place })}
            </>
          }
        >
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
        </SheetPage>
      ))}
    </article>
  );
}
