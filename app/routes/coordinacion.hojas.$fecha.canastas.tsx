import { json } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { formatMarketDate, formatMoney, formatTimeRange } from "../lib/format";
import { requireSheetDay } from "../features/picklists/sheet-day.server";
import { OrderRowStart, SheetHeading } from "../ui/SheetHeading";
import { getPackingSheet } from "../features/picklists/packing-sheet.server";
import { Quantity } from "../ui/PickList";
import { titleMeta } from "../lib/meta";
import { ColumnHeads, ScrollRegion } from "../ui/tables";

/**
 * The family baskets' packing sheet of a market day: one A4 page per basket kind (how many to
 * assemble, what goes into one, what each producer brings for them), then the baskets each
 * order of each pickup slot takes.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { market, day, t, locale } = await requireSheetDay(request, params.fecha);
  const sheet = getPackingSheet({ marketId: market.id, marketDayId: day.id });
  const dateLabel = formatMarketDate(day.date, locale);
  return json({
    title: t("coordSettlement.packing.title", { date: dateLabel }),
    date: day.date,
    dateLabel,
    place: day.place,
    baskets: sheet.baskets.map((b) => ({ ...b, price: formatMoney(b.priceCents) })),
    producers: sheet.producers,
    slots: sheet.slots.map((slot) => ({
      id: slot.slotId,
      label: formatTimeRange(slot.startsAt, slot.endsAt, locale),
      counts: slot.counts,
      orders: slot.orders,
    })),
  });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

export default function PackingSheet() {
  const { t } = useTranslation();
  const { date, dateLabel, place, baskets, producers, slots } = useLoaderData<typeof loader>();
  const times = (b: { name: string; count: number }) =>
    t("coordSettlement.packing.times", { baskets: b.count, name: b.name });
  return (
    <article className="coord-sheets">
      <SheetHeading title={t("coordSettlement.packing.title", { date: dateLabel })} date={date}>
        <p className="hint">{t("coordSettlement.packing.which")}</p>
      </SheetHeading>
      {baskets.length === 0 ? <p className="card">{t("coordSettlement.packing.nothing")}</p> : null}

      {baskets.map((basket) => (
        <section
          key={basket.bundleId}
          className="sheet-page"
          aria-labelledby={`basket-${basket.bundleId}`}
        >
          <h2 id={`basket-${basket.bundleId}`}>
            {t("coordSettlement.packing.heading", { name: basket.name, baskets: basket.count })}
          </h2>
          <p className="sheet-meta">
            {t("coordSettlement.packing.meta", {
              price: basket.price,
              count: basket.orderCount,
              date: dateLabel,
              place,
            })}
          </p>
          <ScrollRegion labelledBy={`basket-${basket.bundleId}`}>
            <table className="sheet-table">
              <caption>{t("coordSettlement.packing.contents")}</caption>
              <ColumnHeads
                columns={[
                  t("coordSettlement.columns.producer"),
                  t("coordSettlement.columns.product"),
                  t("coordSettlement.packing.perBasket"),
                  t("coordSettlement.packing.toBring", { count: basket.count }),
                ]}
              />
              <tbody>
                {basket.contents.map((c) => (
                  <tr key={`${c.offerId}|${c.perBundle}`}>
                    <td>{c.farmName}</td>
                    <td>{c.productName}</td>
                    <td className="nowrap">
                      {c.perBundle} {t(`units.${c.unit}`)}
                    </td>
                    <td>
                      <Quantity
                        amount={c.units}
                        unit={c.unit}
                        note={
                          c.baskets !== basket.count
                            ? t("coordSettlement.packing.onlyIn", { count: c.baskets })
                            : null
                        }
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </section>
      ))}

      {/* With one basket kind its page already says what each producer brings. */}
      {baskets.length > 1 ? (
        <section className="sheet-page" aria-labelledby="packing-producers">
          <h2 id="packing-producers">{t("coordSettlement.packing.producersTitle")}</h2>
          <p className="sheet-meta">
            {t("coordSettlement.pick.dayLine", { date: dateLabel, place })}
          </p>
          <table className="sheet-table">
            <ColumnHeads
              columns={[
                t("coordSettlement.columns.producer"),
                t("coordSettlement.columns.quantity"),
                t("coordSettlement.columns.product"),
              ]}
            />
            {producers.map((p) => (
              <tbody key={p.producerId} className="sheet-order">
                {p.items.map((item, i) => (
                  <tr key={`${item.productName}|${item.unit}`}>
                    {i === 0 ? (
                      <th scope="rowgroup" rowSpan={p.items.length}>
                        {p.farmName}
                      </th>
                    ) : null}
                    <td className="nowrap">
                      <Quantity amount={item.units} unit={item.unit} />
                    </td>
                    <td>{item.productName}</td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </section>
      ) : null}

      {slots.length > 0 ? (
        <section className="sheet-page" aria-labelledby="packing-slots">
          <h2 id="packing-slots">{t("coordSettlement.packing.slotsTitle")}</h2>
          <p className="sheet-meta">
            {t("coordSettlement.pick.dayLine", { date: dateLabel, place })}
          </p>
          {slots.map((slot) => (
            <table key={slot.id} className="sheet-table">
              <caption>
                {t("coordSettlement.packing.slotCaption", {
                  slot: slot.label,
                  baskets: slot.counts.map(times).join(", "),
                })}
              </caption>
              <ColumnHeads
                check={t("coordSettlement.packing.packed")}
                columns={[
                  t("coordSettlement.columns.code"),
                  t("coordSettlement.columns.name"),
                  t("coordSettlement.packing.baskets"),
                ]}
              />
              <tbody>
                {slot.orders.map((o) => (
                  <tr key={o.orderId}>
                    <OrderRowStart status={o.status} code={o.pickupCode} />
                    <td>{o.firstName}</td>
                    <td>{o.baskets.map(times).join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </section>
      ) : null}
    </article>
  );
}
