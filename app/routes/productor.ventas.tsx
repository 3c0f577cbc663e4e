import { json } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { BarChart } from "../ui/BarChart";
import { getTranslator } from "../infra/i18n.server";
import { formatMarketDate, formatMoney } from "../lib/format";
import { getSales } from "../features/producers/producer-sales.server";
import { requireProducer } from "../features/access/producer.server";
import { titleMeta } from "../lib/meta";
import { ColumnHeads, ScrollRegion } from "../ui/tables";

export async function loader({ request }: LoaderFunctionArgs) {
  const { producer, market } = await requireProducer(request);
  const { t, locale } = await getTranslator(request);
  const sales = getSales({ producerId: producer.id, marketId: market.id }).map((day) => ({
    ...day,
    dateLabel: formatMarketDate(day.date, locale),
    shortDate: day.date.slice(5).split("-").reverse().join("/"),
  }));
  return json({ title: t("producer.salesTitle"), sales });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

export default function ProducerSales() {
  const { t } = useTranslation();
  const { sales } = useLoaderData<typeof loader>();
  // The family baskets' column only for producers who sold through them.
  const baskets = sales.some((s) => s.basketCents > 0);
  return (
    <>
      <h1>{t("producer.salesTitle")}</h1>
      <section className="card">
        <BarChart
          id="sales-chart"
          title={t("producer.chartTitle")}
          bars={sales.map((day) => ({
            key: day.date,
            label: day.shortDate,
            longLabel: day.dateLabel,
            value: day.grossCents,
            valueLabel: formatMoney(day.grossCents),
          }))}
        />
        <p className="hint">{t("producer.chartHint")}</p>
      </section>
      {/* Scrolls sideways on a phone: focusable so it can be scrolled with the keyboard. */}
      <ScrollRegion label={t("producer.salesTable")}>
        <table className="sales">
          <caption>{t("producer.salesTable")}</caption>
          <ColumnHeads
            columns={[
              t("order.date"),
              t("producer.units"),
              t("producer.gross"),
              baskets ? t("producer.basketSales") : null,
              t("payment.cash"),
              t("payment.card"),
              t("payment.yape_plin"),
              t("producer.commission"),
              t("producer.net"),
            ]}
          />
          <tbody>
            {[...sales].reverse().map((s) => (
              <tr key={s.date}>
                <th scope="row">{s.dateLabel}</th>
                <td>{s.units}</td>
                <td>{formatMoney(s.grossCents)}</td>
                {baskets ? <td>{formatMoney(s.basketCents)}</td> : null}
                <td>{formatMoney(s.cashCents)}</td>
                <td>{formatMoney(s.cardCents)}</td>
                <td>{formatMoney(s.yapeCents)}</td>
                <td>{formatMoney(s.commissionCents)}</td>
                <td>
                  <strong>{formatMoney(s.netCents)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {baskets ? <p className="hint">{t("producer.basketSalesHint")}</p> : null}
    </>
  );
}
