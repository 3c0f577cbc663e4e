import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getTranslator } from "../infra/i18n.server";
import { formatTime } from "../lib/format";
import type { PickItem } from "../features/picklists/pick-lists.server";
import { getPickList } from "../features/producers/producer-offers.server";
import { producerMarketDay } from "../features/producers/producer-day.server";
import { requireProducer } from "../features/access/producer.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { producer, market } = await requireProducer(request);
  const { t, locale } = await getTranslator(request);
  const next = producerMarketDay(market.id, locale);
  const list = next
    ? getPickList({ producerId: producer.id, marketDayId: next.day.id })
    : { totals: [], lines: [] };
  // Group the lines into orders, and orders into pickup slots, in the order they came.
  const slots: {
    label: string;
    orders: {
      code: string;
      firstName: string;
      items: PickItem[];
    }[];
  }[] = [];
  for (const line of list.lines) {
    const label = `${formatTime(line.slotStartsAt, locale)} – ${formatTime(line.slotEndsAt, locale)}`;
    let slot = slots.at(-1);
    if (!slot || slot.label !== label) slots.push((slot = { label, orders: [] }));
    let order = slot.orders.at(-1);
    if (!order || order.code !== line.pickupCode)
      slot.orders.push(
        (order = { code: line.pickupCode, firstName: line.consumerFirstName, items: [] }),
      );
    order.items.push({
      productName: line.productName,
      unit: line.unit,
      quantity: line.quantity,
      bundle: line.bundle,
    });
  }
  return json({
    title: t("producer.pickListTitle"),
    day: next?.view ?? null,
    totals: list.totals,
    slots,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Qhatu" }];

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
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("producer.product")}</th>
                  <th scope="col">{t("producer.quantity")}</th>
                </tr>
              </thead>
              <tbody>
                {totals.map((row) => (
                  <tr key={`${row.productName}-${row.unit}`}>
                    <td>{row.productName}</td>
                    <td>
                      <strong>{row.quantity}</strong> {t(`units.${row.unit}`)}
                      {row.inBaskets ? (
                        <span className="muted">
                          {" "}
                          {t("producer.inBaskets", { quantity: row.inBaskets })}
                        </span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
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
                            {item.bundle ? (
                              <>
                                {" — "}
                                <strong>
                                  {t("producer.forBasket", {
                                    baskets: item.bundle.count,
                                    name: item.bundle.name,
                                  })}
                                </strong>
                              </>
                            ) : null}
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
