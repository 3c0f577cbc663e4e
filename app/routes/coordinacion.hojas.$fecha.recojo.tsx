import { json } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { formatMarketDate, formatMoney, formatTimeRange } from "../lib/format";
import { formatPeruvianMobile } from "../lib/phone";
import { requireSheetDay } from "../features/picklists/sheet-day.server";
import { OrderRowStart, SheetHeading } from "../ui/SheetHeading";
import { getPickupLists } from "../features/picklists/order-sheets.server";
import { titleMeta } from "../lib/meta";
import { ColumnHeads, ScrollRegion } from "../ui/tables";

/** The desk's paper lists: each pickup slot with its orders and a box to tick, one slot a page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { market, day, t, locale } = await requireSheetDay(request, params.fecha);
  const dateLabel = formatMarketDate(day.date, locale);
  return json({
    title: t("coordSettlement.pickup.title", { date: dateLabel }),
    date: day.date,
    dateLabel,
    slots: getPickupLists({ marketId: market.id, marketDayId: day.id }).map((slot) => ({
      id: slot.id,
      label: formatTimeRange(slot.startsAt, slot.endsAt, locale),
      orders: slot.orders.map((o) => ({
        code: o.pickupCode,
        name: o.consumerName,
        contact: o.phone ? formatPeruvianMobile(o.phone) : (o.email ?? ""),
        itemCount: o.itemCount,
        total: formatMoney(o.totalCents),
        status: o.status,
        paymentMethod: o.paymentMethod,
        paymentStatus: o.paymentStatus,
      })),
    })),
  });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

export default function PickupLists() {
  const { t } = useTranslation();
  const { date, dateLabel, slots } = useLoaderData<typeof loader>();
  const withOrders = slots.filter((s) => s.orders.length > 0);
  return (
    <article className="coord-sheets">
      <SheetHeading title={t("coordSettlement.pickup.title", { date: dateLabel })} date={date} />
      {withOrders.length === 0 ? (
        <p className="card">{t("coordSettlement.pickup.nothing")}</p>
      ) : null}
      {withOrders.map((slot) => (
        <section key={slot.id} className="sheet-page" aria-labelledby={`slot-${slot.id}`}>
          <h2 id={`slot-${slot.id}`}>
            {t("coordSettlement.pickup.slotHeading", { slot: slot.label, date: dateLabel })}
          </h2>
          <ScrollRegion labelledBy={`slot-${slot.id}`}>
            <table className="sheet-table">
              <caption>
                {t("coordSettlement.pickup.caption", { count: slot.orders.length })}
              </caption>
              <ColumnHeads
                check={t("coordSettlement.columns.handedOver")}
                columns={[
                  t("coordSettlement.columns.code"),
                  t("coordSettlement.columns.name"),
                  t("coordSettlement.columns.phone"),
                  t("coordSettlement.columns.items"),
                  t("coordSettlement.columns.total"),
                  t("coordSettlement.columns.payment"),
                ]}
              />
              <tbody>
                {slot.orders.map((o) => (
                  <tr key={o.code}>
                    <OrderRowStart status={o.status} code={o.code} />
                    <td>{o.name}</td>
                    <td className="nowrap">{o.contact}</td>
                    <td>{o.itemCount}</td>
                    <td className="nowrap">{o.total}</td>
                    <td>
                      {t("coordSettlement.pickup.payment", {
                        method: t(`coordSettlement.paymentMethod.${o.paymentMethod}`),
                        status: t(`coordSettlement.paymentStatus.${o.paymentStatus}`),
                      })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </section>
      ))}
    </article>
  );
}
