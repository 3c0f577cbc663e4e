import { json } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { formatMoney, formatTimeRange } from "../lib/format";
import { formatPeruvianMobile } from "../lib/phone";
import { requireSheetPage } from "../features/picklists/sheet-loaders.server";
import { SheetHeading, SheetPage, SlotOrdersTable } from "../ui/SheetHeading";
import { getPickupLists } from "../features/picklists/order-sheets.server";
import { titleMeta } from "../lib/meta";
import { ScrollRegion } from "../ui/tables";

/** The desk's paper lists: each pickup slot with its orders and a box to tick, one slot a page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope, heading, t, locale } = await requireSheetPage(request, params.fecha);
  return json({
    ...heading,
    title: t("coordSettlement.pickup.title", { date: heading.dateLabel }),
    slots: getPickupLists(scope).map((slot) => ({
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
  const { title, date, dateLabel, slots } = useLoaderData<typeof loader>();
  const withOrders = slots.filter((s) => s.orders.length > 0);
  return (
    <article className="coord-sheets">
      <SheetHeading title={title} date={date} />
      {withOrders.length === 0 ? (
        <p className="card">{t("coordSettlement.pickup.nothing")}</p>
      ) : null}
      {withOrders.map((slot) => (
        <SheetPage
          key={slot.id}
          id={`slot-${slot.id}`}
          title={t("coordSettlement.pickup.slotHeading", { slot: slot.label, date: dateLabel })}
        >
          <ScrollRegion labelledBy={`slot-${slot.id}`}>
            <SlotOrdersTable
              caption={t("coordSettlement.pickup.caption", { count: slot.orders.length })}
              check={t("coordSettlement.columns.handedOver")}
              columns={[
                t("coordSettlement.columns.name"),
                t("coordSettlement.columns.phone"),
                t("coordSettlement.columns.items"),
                t("coordSettlement.columns.total"),
                t("coordSettlement.columns.payment"),
              ]}
              orders={slot.orders}
              cells={(o) => (
                <>
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
                </>
              )}
            />
          </ScrollRegion>
        </SheetPage>
      ))}
    </article>
  );
}
