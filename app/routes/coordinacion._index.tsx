import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { HistoryCharts } from "../ui/DashboardCharts";
import { DayPanel, Definitions } from "../ui/DashboardDays";
import { RefundsByHand } from "../ui/RefundsByHand";
import { requireCoordinator } from "../features/access/coordinator.server";
import { getTranslator } from "../infra/i18n.server";
import { formatMarketDate, formatMoney, formatTime, INTL_LOCALE } from "../lib/format";
import {
  markRefundedByHand,
  refundsLeftToCoordinators,
} from "../features/payments/refunds-by-hand.server";
import { setFlash } from "../infra/flash.server";
import { readFormData, refuseForm } from "../lib/forms.server";
import { parseForm } from "../lib/form-parse";
import { RefundedByHandSchema } from "../features/payments/payment-schemas";
import { getCoordDashboard, type DaySummary } from "../features/dashboard/coord-dashboard.server";
import { formatPeruvianMobile } from "../lib/phone";
import { titleMeta } from "../lib/meta";

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
      method: r.method,
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

/** "Ya lo devolví": a refused card refund (or a dropped Yape/Plin payment) was given back by hand. */
export async function action({ request }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  const formData = await readFormData(request);
  const submission = parseForm(formData, RefundedByHandSchema);
  if (submission.status !== "success") {
    return refuseForm(formData, { formId: "refundedByHand", formErrors: ["errors.formInvalid"] });
  }
  const { orderId } = submission.value;
  if (!markRefundedByHand({ marketId: market.id, orderId, actorUserId: user.id })) {
    throw new Response("Not found", { status: 404 });
  }
  return redirect("/coordinacion", {
    headers: { "Set-Cookie": await setFlash({ key: "coordDashboard.flash.refundRecorded" }) },
  });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

export default function CoordinatorDashboard() {
  const { t } = useTranslation();
  const { next, last, history, topProducts, refunds } = useLoaderData<typeof loader>();
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
      <RefundsByHand refunds={refunds} />
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
