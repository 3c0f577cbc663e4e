import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { BAR_COLOURS, BarChart, RankedBarChart, type Bar } from "../ui/BarChart";
import { requireCoordinator } from "../features/access/coordinator.server";
import { getTranslator } from "../infra/i18n.server";
import { formatMarketDate, formatMoney, formatTime, INTL_LOCALE } from "../lib/format";
import {
  markRefundedByHand,
  refundsLeftToCoordinators,
} from "../features/payments/refunds-by-hand.server";
import { setFlash } from "../infra/flash.server";
import { readFormData } from "../lib/forms.server";
import { getCoordDashboard, type DaySummary } from "../features/dashboard/coord-dashboard.server";
import { formatPeruvianMobile } from "../lib/phone";

export async function loader({ request }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const { t, locale } = await getTranslator(request);
  const dashboard = getCoordDashboard({ marketId: market.id });
  const percent = new Intl.NumberFormat(INTL_LOCALE[locale], {
    style: "percent",
    maximumFractionDigits: 0,
  });
  const rateLabel = (rate: number | null) => (rate === null ? "—" : percent.format(rate));
  const dayView = (day: DaySummary | null) =>
    day && {
      id: day.id,
      date: day.date,
      dateLabel: formatMarketDate(day.date, locale),
      orders: day.orders,
      pickedUp: day.pickedUp + day.partiallyPickedUp,
      partiallyPickedUp: day.partiallyPickedUp,
      noShows: day.noShows,
      sales: formatMoney(day.salesCents),
      reserved: formatMoney(day.reservedCents),
      noShowRate: rateLabel(day.noShowRate),
      slots: day.slots.map((s) => ({
        id: s.id,
        starts: formatTime(s.startsAt, locale),
        ends: formatTime(s.endsAt, locale),
        orders: s.orders,
        capacity: s.capacity,
      })),
    };
  const history = dashboard.history.map((d) => ({
    id: d.id,
    dateLabel: formatMarketDate(d.date, locale),
    // "14/11": fits under a bar on a phone; the table and hover text carry the full date.
    shortDate: d.date.slice(5).split("-").reverse().join("/"),
    orders: d.orders,
    salesCents: d.salesCents,
    sales: formatMoney(d.salesCents),
    noShows: d.noShows,
    reachedDesk: d.pickedUp + d.partiallyPickedUp + d.noShows,
    noShowRate: d.noShowRate ?? 0,
    noShowRateLabel: rateLabel(d.noShowRate),
  }));
  return json({
    title: t("coordDashboard.title"),
    refunds: refundsLeftToCoordinators(market.id).map((r) => ({
      orderId: r.orderId,
      code: r.pickupCode,
      name: r.name,
      contact: r.phone ? formatPeruvianMobile(r.phone) : (r.email ?? ""),
      amount: formatMoney(r.amountCents),
      dateLabel: formatMarketDate(r.date, locale),
    })),
    next: dayView(dashboard.next),
    last: dayView(dashboard.last),
    history,
    topProducts: dashboard.topProducts.map((p) => ({
      key: `${p.name}|${p.unit}`,
      name: p.name,
      unitLabel: t(`units.${p.unit}`),
      units: p.units,
      value: formatMoney(p.valueCents),
      valueCents: p.valueCents,
    })),
  });
}

/** "Ya lo devolví": a refused card refund was given back by hand. */
export async function action({ request }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  const formData = await readFormData(request);
  const orderId = Number(formData.get("orderId"));
  if (formData.get("intent") !== "refundedByHand" || !Number.isSafeInteger(orderId)) {
    throw new Response("Bad request", { status: 400 });
  }
  if (!markRefundedByHand({ marketId: market.id, orderId, actorUserId: user.id })) {
    throw new Response("Not found", { status: 404 });
  }
  return redirect("/coordinacion", {
    headers: { "Set-Cookie": await setFlash({ key: "coordDashboard.flash.refundRecorded" }) },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Qhatu" }];

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type DayView = NonNullable<Data["next"]>;
type HistoryView = Data["history"];

export default function CoordinatorDashboard() {
  const { t } = useTranslation();
  const { next, last, history, topProducts } = useLoaderData<typeof loader>();
  if (!next && !last) {
    return (
      <>
        <h1>{t("coordDashboard.title")}</h1>
        <section className="card" aria-labelledby="no-days">
          <h2 id="no-days">{t("coordDashboard.emptyTitle")}</h2>
          <p>{t("coordDashboard.emptyBody")}</p>
          <Link to="/coordinacion/ferias/nueva" className="button primary">
            {t("coordDashboard.createDay")}
          </Link>
        </section>
      </>
    );
  }
  return (
    <>
      <h1>{t("coordDashboard.title")}</h1>
      <RefundsByHand />
      <Definitions />
      <div className="dash-days">
        {next ? (
          <DayPanel id="next-day" kind="next" day={next} />
        ) : (
          <section className="card" aria-labelledby="next-day">
            <h2 id="next-day">{t("coordDashboard.noNextTitle")}</h2>
            <p>
              {t("coordDashboard.noNextBody")}{" "}
              <Link to="/coordinacion/ferias/nueva">{t("coordDashboard.createDay")}</Link>
            </p>
          </section>
        )}
        {last ? <DayPanel id="last-day" kind="last" day={last} /> : null}
      </div>
      <section aria-labelledby="history">
        <h2 id="history">
          {history.length > 0
            ? t("coordDashboard.historyTitle", { count: history.length })
            : t("coordDashboard.pastDays")}
        </h2>
        {history.length === 0 ? (
          <p className="card">{t("coordDashboard.noHistory")}</p>
        ) : (
          <HistoryCharts history={history} topProducts={topProducts} />
        )}
      </section>
    </>
  );
}

/** What each figure counts, in words: the same definitions the numbers are computed with. */
function Definitions() {
  const { t } = useTranslation();
  const terms = ["orders", "pickedUp", "noShows", "sales", "reserved", "noShowRate"] as const;
  return (
    <details className="card dash-definitions">
      <summary>{t("coordDashboard.definitionsTitle")}</summary>
      <dl>
        {terms.map((term) => (
          <div key={term}>
            <dt>{t(`coordDashboard.figures.${term}`)}</dt>
            <dd>{t(`coordDashboard.define.${term}`)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** One market day at a glance: its figures, its slots and where to go from here. */
function DayPanel({ id, kind, day }: { id: string; kind: "next" | "last"; day: DayView }) {
  const { t } = useTranslation();
  const figures: [string, string | number, string?][] = [
    [t("coordDashboard.figures.orders"), day.orders],
    kind === "next"
      ? [t("coordDashboard.figures.reserved"), day.reserved]
      : [t("coordDashboard.figures.sales"), day.sales],
    [
      t("coordDashboard.figures.pickedUp"),
      day.pickedUp,
      day.partiallyPickedUp > 0
        ? t("coordDashboard.partialCount", { count: day.partiallyPickedUp })
        : undefined,
    ],
    [t("coordDashboard.figures.noShows"), day.noShows],
  ];
  if (kind === "last") figures.push([t("coordDashboard.figures.noShowRate"), day.noShowRate]);
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>
        {kind === "next"
          ? t("coordDashboard.nextDay", { date: day.dateLabel })
          : t("coordDashboard.lastDay", { date: day.dateLabel })}
      </h2>
      <dl className="dash-figures">
        {figures.map(([label, value, note]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              <strong>{value}</strong>
              {note ? <span className="hint"> {note}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      {day.slots.length > 0 ? (
        <table className="dash-slots">
          <caption>{t("coordDashboard.slotsTitle")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("coordDashboard.slot")}</th>
              <th scope="col">{t("coordDashboard.slotLoad")}</th>
            </tr>
          </thead>
          <tbody>
            {day.slots.map((s) => (
              <tr key={s.id} className={s.orders >= s.capacity ? "dash-full" : undefined}>
                {/* Each time stays whole; on a narrow phone the end time goes under the start. */}
                <th scope="row">
                  <span className="dash-time">{s.starts}</span> –{" "}
                  <span className="dash-time">{s.ends}</span>
                </th>
                <td>
                  {t("coordDashboard.ofCapacity", { orders: s.orders, capacity: s.capacity })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="hint">{t("coordDashboard.noSlots")}</p>
      )}
      <nav aria-label={t("coordDashboard.dayLinks", { date: day.dateLabel })}>
        <ul className="dash-links">
          <li>
            <Link to={`/coordinacion/ferias/${day.id}`}>{t("coordDashboard.toMarketDay")}</Link>
          </li>
          <li>
            <Link to="/coordinacion/recojo">{t("coordDashboard.toDesk")}</Link>
          </li>
          <li>
            <Link to={`/coordinacion/hojas?fecha=${day.date}`}>{t("coordDashboard.toSheets")}</Link>
          </li>
        </ul>
      </nav>
    </section>
  );
}

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
        <div className="table-scroll" tabIndex={0} role="region" aria-label={title}>
          {table}
        </div>
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
      <thead>
        <tr>
          <th scope="col">{t("coordDashboard.marketDay")}</th>
          <th scope="col">{heading}</th>
        </tr>
      </thead>
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

function HistoryCharts({
  history,
  topProducts,
}: {
  history: HistoryView;
  topProducts: Data["topProducts"];
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
      <ChartCard
        id="chart-sales"
        title={salesTitle}
        definition={t("coordDashboard.define.sales")}
        chart={
          <BarChart
            id="chart-sales-svg"
            title={salesTitle}
            description={t("coordDashboard.chartDesc", { count: history.length })}
            bars={bars(
              (d) => d.salesCents,
              (d) => d.sales,
            )}
          />
        }
        table={
          <SeriesTable
            caption={salesTitle}
            heading={t("coordDashboard.figures.sales")}
            rows={history.map((d) => ({ id: d.id, dateLabel: d.dateLabel, value: d.sales }))}
          />
        }
      />
      <ChartCard
        id="chart-orders"
        title={ordersTitle}
        definition={t("coordDashboard.define.orders")}
        chart={
          <BarChart
            id="chart-orders-svg"
            title={ordersTitle}
            description={t("coordDashboard.chartDesc", { count: history.length })}
            bars={bars(
              (d) => d.orders,
              (d) => String(d.orders),
            )}
          />
        }
        table={
          <SeriesTable
            caption={ordersTitle}
            heading={t("coordDashboard.figures.orders")}
            rows={history.map((d) => ({ id: d.id, dateLabel: d.dateLabel, value: d.orders }))}
          />
        }
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
            <thead>
              <tr>
                <th scope="col">{t("coordDashboard.marketDay")}</th>
                <th scope="col">{t("coordDashboard.figures.noShowRate")}</th>
                <th scope="col">{t("coordDashboard.figures.noShows")}</th>
              </tr>
            </thead>
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
            <thead>
              <tr>
                <th scope="col">{t("coordDashboard.product")}</th>
                <th scope="col">{t("coordDashboard.units")}</th>
                <th scope="col">{t("coordDashboard.figures.sales")}</th>
              </tr>
            </thead>
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

/** Card refunds Stripe refused for good: the coordinators give the money back by hand. */
function RefundsByHand() {
  const { t } = useTranslation();
  const { refunds } = useLoaderData<typeof loader>();
  if (refunds.length === 0) return null;
  return (
    <section className="card" aria-labelledby="refunds-title">
      <h2 id="refunds-title">{t("coordDashboard.refunds.title", { count: refunds.length })}</h2>
      <p>{t("coordDashboard.refunds.explain")}</p>
      <table>
        <caption className="visually-hidden">{t("coordDashboard.refunds.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("coordDashboard.refunds.order")}</th>
            <th scope="col">{t("coordDashboard.refunds.person")}</th>
            <th scope="col">{t("coordDashboard.refunds.amount")}</th>
            <th scope="col">{t("coordDashboard.refunds.done")}</th>
          </tr>
        </thead>
        <tbody>
          {refunds.map((r) => (
            <tr key={r.orderId}>
              <td>
                <span className="code small">{r.code}</span> · {r.dateLabel}
              </td>
              <td>
                {r.name} · {r.contact}
              </td>
              <td className="nowrap">{r.amount}</td>
              <td>
                <Form method="post">
                  <input type="hidden" name="intent" value="refundedByHand" />
                  <input type="hidden" name="orderId" value={r.orderId} />
                  <button
                    type="submit"
                    className="button small"
                    aria-label={t("coordDashboard.refunds.markDoneFor", { code: r.code })}
                  >
                    {t("coordDashboard.refunds.markDone")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
