/**
 * The dashboard's history (/coordinacion): sales, orders, no-shows and the best-selling
 * products as bar charts, each with what it counts and the same figures as a table.
 */
import type { ReactNode } from "react";
import { useTranslation } from "../infra/translate";
import { BAR_COLOURS, BarChart, RankedBarChart, type Bar } from "./BarChart";
import { ColumnHeads, ScrollRegion } from "./tables";

/** One past market day in the charts (money and rates also worded). */
export type DashboardHistoryDay = {
  id: number;
  dateLabel: string;
  shortDate: string;
  orders: number;
  salesCents: number;
  sales: string;
  noShows: number;
  reachedDesk: number;
  noShowRate: number;
  noShowRateLabel: string;
};

/** A product among the best sold. */
export type DashboardTopProduct = {
  key: string;
  name: string;
  unitLabel: string;
  units: number;
  value: string;
  valueCents: number;
};

type HistoryView = DashboardHistoryDay[];

/** A chart with its heading, what it counts, and the same figures as a table. */
function ChartCard({
  id,
  title,
  definition,
  chart,
  table,
}: {
  id: string;
  title: string;
  definition: string;
  chart: ReactNode;
  table: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section className="card dash-chart" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{title}</h3>
      <p className="hint">{definition}</p>
      {chart}
      <details>
        <summary>{t("coordDashboard.asTable", { chart: title })}</summary>
        {/* Long dates may not fit a phone: the table scrolls, and takes focus to scroll by keyboard. */}
        <ScrollRegion label={title}>{table}</ScrollRegion>
      </details>
    </section>
  );
}

/** A two-column table of a series: market day and its figure. */
function SeriesTable({
  caption,
  heading,
  rows,
}: {
  caption: string;
  heading: string;
  rows: { id: number; dateLabel: string; value: string | number }[];
}) {
  const { t } = useTranslation();
  return (
    <table>
      <caption>{caption}</caption>
      <ColumnHeads columns={[t("coordDashboard.marketDay"), heading]} />
      <tbody>
        {[...rows].reverse().map((r) => (
          <tr key={r.id}>
            <th scope="row">{r.dateLabel}</th>
            <td>{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A market day series: its bar chart and, folded, the same figures as a table. */
function SeriesCard({
  id,
  title,
  definition,
  bars,
  heading,
  rows,
}: {
  id: string;
  title: string;
  definition: string;
  bars: Bar[];
  heading: string;
  rows: { id: number; dateLabel: string; value: string | number }[];
}) {
  const { t } = useTranslation();
  return (
    <ChartCard
      id={id}
      title={title}
      definition={definition}
      chart={
        <BarChart
          id={`${id}-svg`}
          title={title}
          description={t("coordDashboard.chartDesc", { count: rows.length })}
          bars={bars}
        />
      }
      table={<SeriesTable caption={title} heading={heading} rows={rows} />}
    />
  );
}

export function HistoryCharts({
  history,
  topProducts,
}: {
  history: HistoryView;
  topProducts: DashboardTopProduct[];
}) {
  const { t } = useTranslation();
  const bars = (
    value: (d: HistoryView[number]) => number,
    label: (d: HistoryView[number]) => string,
  ) =>
    history.map((d): Bar => ({
      key: String(d.id),
      label: d.shortDate,
      longLabel: d.dateLabel,
      value: value(d),
      valueLabel: label(d),
    }));
  const salesTitle = t("coordDashboard.charts.sales");
  const ordersTitle = t("coordDashboard.charts.orders");
  const rateTitle = t("coordDashboard.charts.noShowRate");
  const topTitle = t("coordDashboard.charts.topProducts");
  return (
    <div className="dash-charts">
      <SeriesCard
        id="chart-sales"
        title={salesTitle}
        definition={t("coordDashboard.define.sales")}
        bars={bars(
          (d) => d.salesCents,
          (d) => d.sales,
        )}
        heading={t("coordDashboard.figures.sales")}
        rows={history.map((d) => ({ id: d.id, dateLabel: d.dateLabel, value: d.sales }))}
      />
      <SeriesCard
        id="chart-orders"
        title={ordersTitle}
        definition={t("coordDashboard.define.orders")}
        bars={bars(
          (d) => d.orders,
          (d) => String(d.orders),
        )}
        heading={t("coordDashboard.figures.orders")}
        rows={history.map((d) => ({ id: d.id, dateLabel: d.dateLabel, value: d.orders }))}
      />
      <ChartCard
        id="chart-no-shows"
        title={rateTitle}
        definition={t("coordDashboard.define.noShowRate")}
        chart={
          <BarChart
            id="chart-no-shows-svg"
            title={rateTitle}
            description={t("coordDashboard.chartDesc", { count: history.length })}
            colour={BAR_COLOURS.terracotta}
            bars={bars(
              (d) => d.noShowRate,
              (d) => d.noShowRateLabel,
            )}
          />
        }
        table={
          <table>
            <caption>{rateTitle}</caption>
            <ColumnHeads
              columns={[
                t("coordDashboard.marketDay"),
                t("coordDashboard.figures.noShowRate"),
                t("coordDashboard.figures.noShows"),
              ]}
            />
            <tbody>
              {[...history].reverse().map((d) => (
                <tr key={d.id}>
                  <th scope="row">{d.dateLabel}</th>
                  <td>{d.noShowRateLabel}</td>
                  <td>
                    {t("coordDashboard.noShowsOf", { noShows: d.noShows, total: d.reachedDesk })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
      <ChartCard
        id="chart-top"
        title={topTitle}
        definition={t("coordDashboard.define.topProducts")}
        chart={
          topProducts.length > 0 ? (
            <RankedBarChart
              id="chart-top-svg"
              title={topTitle}
              description={t("coordDashboard.topDesc", { count: topProducts.length })}
              bars={topProducts.map((p) => ({
                key: p.key,
                label: shorten(`${p.name} (${p.unitLabel})`, 44),
                longLabel: `${p.name}: ${p.units} ${p.unitLabel}`,
                value: p.valueCents,
                valueLabel: p.value,
              }))}
            />
          ) : (
            <p>{t("coordDashboard.noSales")}</p>
          )
        }
        table={
          <table>
            <caption>{topTitle}</caption>
            <ColumnHeads
              columns={[
                t("coordDashboard.product"),
                t("coordDashboard.units"),
                t("coordDashboard.figures.sales"),
              ]}
            />
            <tbody>
              {topProducts.map((p) => (
                <tr key={p.key}>
                  <th scope="row">{p.name}</th>
                  <td>
                    {p.units} {p.unitLabel}
                  </td>
                  <td>{p.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      />
    </div>
  );
}

/** Cuts a label that would run off a phone-width chart; the table keeps the whole name. */
function shorten(text: string, max: number) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
