import { json } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { formatMoney, formatTimeRange } from "../lib/format";
import { requireSheetPage } from "../features/picklists/sheet-loaders.server";
import { SheetHeading, SheetPage, SlotOrdersTable } from "../ui/SheetHeading";
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
  const { scope, heading, t, locale } = await requireSheetPage(request, params.fecha);
  const sheet = getPackingSheet(scope);
  return json({
    ...heading,
    title: t("coordSettlement.packing.title", { date: heading.dateLabel }),
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
  const { title, date, dateLabel, place, baskets, producers, slots } =
    useLoaderData<typeof loader>();
  const times = (b: { name: string; count: number }) =>
    t("coordSettlement.packing.times", { baskets: b.count, name: b.name });
  const dayLine = t("coordSettlement.pick.dayLine", { date: dateLabel, place });
  return (
    <article className="coord-sheets">
      <SheetHeading title={title} date={date}>
        <p className="hint">{t("coordSettlement.packing.which")}</p>
      </SheetHeading>
      {baskets.length === 0 ? <p className="card">{t("coordSettlement.packing.nothing")}</p> : null}

      {baskets.map((basket) => (
        <SheetPage
          key={basket.bundleId}
          id={`basket-${basket.bundleId}`}
          title={t("coordSettlement.packing.heading", { name: basket.name, baskets: basket.count })}
          meta={t("coordSettlement.packing.meta", {
            price: basket.price,
            count: basket.orderCount,
            date: dateLabel,
            place,
          })}
        >
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
        </SheetPage>
      ))}

      {/* With one basket kind its page already says what each producer brings. */}
      {baskets.length > 1 ? (
        <SheetPage
          id="packing-producers"
          title={t("coordSettlement.packing.producersTitle")}
          meta={dayLine}
        >
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
        </SheetPage>
      ) : null}

      {slots.length > 0 ? (
        <SheetPage
          id="packing-slots"
          title={t("coordSettlement.packing.slotsTitle")}
          meta={dayLine}
        >
          {slots.map((slot) => (
            <SlotOrdersTable
              key={slot.id}
              caption={t("coordSettlement.packing.slotCaption", {
                slot: slot.label,
                baskets: slot.counts.map(times).join(", "),
              })}
              check={t("coordSettlement.packing.packed")}
              columns={[t("coordSettlement.columns.name"), t("coordSettlement.packing.baskets")]}
              orders={slot.orders.map((o) => ({ ...o, code: o.pickupCode }))}
              cells={(o) => (
                <>
                  <td>{o.firstName}</td>
                  <td>{o.baskets.map(times).join(", ")}</td>
                </>
              )}
            />
          ))}
        </SheetPage>
      ) : null}
    </article>
  );
}
