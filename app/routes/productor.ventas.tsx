import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getTranslator } from "../i18n.server";
import { formatMarketDate, formatMoney } from "../lib/format";
import { getSales } from "../models/producer-offers.server";
import { requireProducer } from "../producer.server";

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

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Qhatu" }];

/** Bars of gross sales per market day, drawn on the server: no chart library in the browser. */
function SalesChart({
  sales,
}: {
  sales: { shortDate: string; grossCents: number; dateLabel: string }[];
}) {
  const { t } = useTranslation();
  const width = 320;
  const height = 140;
  const max = Math.max(1, ...sales.map((s) => s.grossCents));
  const bar = width / Math.max(sales.length, 1);
  return (
    <svg
      viewBox={`0 0 ${width} ${height + 20}`}
      role="img"
      aria-labelledby="chart-title"
      className="chart"
    >
      <title id="chart-title">{t("producer.chartTitle")}</title>
      {sales.map((s, i) => {
        const h = Math.round((s.grossCents / max) * height);
        return (
          <g key={s.shortDate}>
            <rect x={i * bar + 3} y={height - h} width={bar - 6} height={h} fill="#1f5130">
              <title>{`${s.dateLabel}: ${formatMoney(s.grossCents)}`}</title>
            </rect>
            <text
              x={i * bar + bar / 2}
              y={height + 14}
              fontSize="9"
              textAnchor="middle"
              fill="#4f4a43"
            >
              {s.shortDate}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export default function ProducerSales() {
  const { t } = useTranslation();
  const { sales } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("producer.salesTitle")}</h1>
      <section className="card">
        <SalesChart sales={sales} />
        <p className="hint">{t("producer.chartHint")}</p>
      </section>
      {/* Scrolls sideways on a phone: focusable so it can be scrolled with the keyboard. */}
      <div
        className="table-scroll"
        tabIndex={0}
        role="region"
        aria-label={t("producer.salesTable")}
      >
        <table className="sales">
          <caption>{t("producer.salesTable")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("order.date")}</th>
              <th scope="col">{t("producer.units")}</th>
              <th scope="col">{t("producer.gross")}</th>
              <th scope="col">{t("payment.cash")}</th>
              <th scope="col">{t("payment.card")}</th>
              <th scope="col">{t("producer.commission")}</th>
              <th scope="col">{t("producer.net")}</th>
            </tr>
          </thead>
          <tbody>
            {[...sales].reverse().map((s) => (
              <tr key={s.date}>
                <th scope="row">{s.dateLabel}</th>
                <td>{s.units}</td>
                <td>{formatMoney(s.grossCents)}</td>
                <td>{formatMoney(s.cashCents)}</td>
                <td>{formatMoney(s.cardCents)}</td>
                <td>{formatMoney(s.commissionCents)}</td>
                <td>
                  <strong>{formatMoney(s.netCents)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
