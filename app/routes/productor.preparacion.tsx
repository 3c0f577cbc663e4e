import { json } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { getTranslator } from "../infra/i18n.server";
import { formatTimeRange } from "../lib/format";
import { lastGroupOr } from "../lib/group";
import { getPickLists, type PickItem } from "../features/picklists/pick-lists.server";
import { producerMarketDay } from "../features/producers/producer-day.server";
import { requireProducer } from "../features/access/producer.server";
import { ForBundles, PickTotalsTable } from "../ui/PickList";
import { titleMeta } from "../lib/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const { producer, market } = await requireProducer(request);
  const { t, locale } = await getTranslator(request);
  const next = producerMarketDay(market.id, locale);
  const [list] = next
    ? getPickLists({ marketId: market.id, marketDayId: next.day.id, producerId: producer.id })
    : [];
  // The orders come in pickup order: put them under one heading per pickup slot.
  const slots: {
    label: string;
    orders: { code: string; firstName: string; items: PickItem[] }[];
  }[] = [];
  for (const order of list?.orders ?? []) {
    const label = formatTimeRange(order.slotStartsAt, order.slotEndsAt, locale);
    lastGroupOr(
      slots,
      (s) => s.label === label,
      () => ({ label, orders: [] }),
    ).orders.push({
      code: order.pickupCode,
      firstName: order.consumerFirstName,
      items: order.items,
    });
  }
  return json({
    title: t("producer.pickListTitle"),
    day: next?.view ?? null,
    totals: list?.totals ?? [],
    slots,
  });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

export default function PickList() {
  const { t } = useTranslation();
  const { day, totals, slots } = useLoaderData<typeof loader>();
  if (!day) return <p className="card">{t("home.noMarketDay")}</p>;
  return (
    <article className="pick-list">
      <h1>{t("producer.pickListFor", { date: day.dateLabel })}</h1>
      {totals.length === 0 ? (
        <p>{t("producer.nothingReserved")}</p>
      ) : (
        <>
          <section aria-labelledby="totals-title">
            <h2 id="totals-title">{t("producer.toBring")}</h2>
            <PickTotalsTable totals={totals} />
          </section>
          <section aria-labelledby="orders-title">
            <h2 id="orders-title">{t("producer.toPack")}</h2>
            {slots.map((slot) => (
              <section key={slot.label} className="pick-slot" aria-label={slot.label}>
                <h3>{slot.label}</h3>
                <ul>
                  {slot.orders.map((order) => (
                    <li key={order.code} className="pick-order">
                      <span className="code small">{order.code}</span> · {order.firstName}
                      <ul>
                        {order.items.map((item, i) => (
                          <li key={`${item.productName}|${item.bundle?.name ?? ""}|${i}`}>
                            {item.quantity} {t(`units.${item.unit}`)} · {item.productName}
                            <ForBundles bundle={item.bundle} />
                          </li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </section>
        </>
      )}
    </article>
  );
}
