import { json } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { requireCoordinator } from "../features/access/coordinator.server";
import { getTranslator } from "../infra/i18n.server";
import { CopyWeekSchema } from "../features/market-days/coord-days-schemas";
import { parseForm } from "../lib/form-parse";
import { formatDateTime, formatMarketDate, formatTimeRange } from "../lib/format";
import { readFormData, refuseForm } from "../lib/forms.server";
import { formErrorsOf } from "../lib/form-reply";
import { addDays } from "../lib/time";
import { copyMarketDayWeekLater } from "../features/market-days/copy-week.server";
import {
  latestMarketDay,
  listMarketDays,
  type MarketDaySummary,
} from "../features/market-days/day-list.server";
import { orderWindow } from "../features/market-days/markets.server";
import { backToDay } from "../features/market-days/day-done.server";
import { titleMeta } from "../lib/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const { t, locale } = await getTranslator(request);
  const now = new Date();
  const { upcoming, past } = listMarketDays({ marketId: market.id, now });
  const view = (day: MarketDaySummary) => ({
    id: day.id,
    dateLabel: formatMarketDate(day.date, locale),
    status: day.status,
    window: orderWindow(day, now),
    ordersLabel: `${formatDateTime(day.ordersOpenAt, locale)} – ${formatDateTime(day.cutoffAt, locale)}`,
    pickupLabel: formatTimeRange(day.pickupStartAt, day.pickupEndAt, locale),
    orderCount: day.orderCount,
    slotCount: day.slotCount,
    booked: day.booked,
    capacity: day.capacity,
  });
  const latest = latestMarketDay(market.id);
  return json({
    title: t("coordDays.title"),
    upcoming: upcoming.map(view),
    past: past.map(view),
    copy: latest
      ? {
          fromDayId: latest.id,
          fromLabel: formatMarketDate(latest.date, locale),
          toLabel: formatMarketDate(addDays(latest.date, 7), locale),
        }
      : null,
  });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

export async function action({ request }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  const { locale } = await getTranslator(request);
  const formData = await readFormData(request);
  const submission = parseForm(formData, CopyWeekSchema);
  if (submission.status !== "success") {
    return refuseForm(formData, { formErrors: ["errors.formInvalid"], keepValues: false });
  }
  const result = copyMarketDayWeekLater({
    marketId: market.id,
    actorUserId: user.id,
    fromDayId: submission.value.fromDayId,
  });
  if (result.ok) return backToDay(result.day.id, "copied");
  if (result.error === "notFound") throw new Response("Not found", { status: 404 });
  return refuseForm(formData, {
    status: 409,
    formErrors: ["coordDays.errors.copyExists"],
    keepValues: false,
    values: { date: formatMarketDate(result.date ?? "", locale) },
    ...(result.existingId ? { existingId: result.existingId } : {}),
  });
}

type DayView = ReturnType<typeof useLoaderData<typeof loader>>["upcoming"][number];

function DayList({ days, labelledBy }: { days: DayView[]; labelledBy: string }) {
  const { t } = useTranslation();
  return (
    <ul className="coord-day-list" aria-labelledby={labelledBy}>
      {days.map((day) => (
        <li key={day.id} className="card">
          <h3>
            <Link to={`/coordinacion/ferias/${day.id}`}>{day.dateLabel}</Link>
          </h3>
          <p>
            <span className="badge">{t(`coordDays.status.${day.status}`)}</span>{" "}
            {t(`coordDays.window.${day.window}`)}
          </p>
          <p>
            {t("coordDays.ordersBetween", { when: day.ordersLabel })}
            <br />
            {t("coordDays.pickupAt", { when: day.pickupLabel })}
          </p>
          <p>
            {t("coordDays.orderCount", { count: day.orderCount })} ·{" "}
            {day.slotCount > 0
              ? t("coordDays.slotSummary", {
                  count: day.slotCount,
                  booked: day.booked,
                  capacity: day.capacity,
                })
              : t("coordDays.noSlots")}
          </p>
        </li>
      ))}
    </ul>
  );
}

export default function MarketDays() {
  const { t } = useTranslation();
  const { upcoming, past, copy } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <h1>{t("coordDays.title")}</h1>
      <div className="coord-day-actions">
        <Link to="/coordinacion/ferias/nueva" className="button">
          {t("coordDays.newDay")}
        </Link>
        {copy ? (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="copyWeek" />
            <input type="hidden" name="fromDayId" value={copy.fromDayId} />
            <button type="submit" className="button">
              {t("coordDays.copyWeek")}
            </button>
          </Form>
        ) : null}
      </div>
      {copy ? (
        <p className="hint">
          {t("coordDays.copyWeekHint", { from: copy.fromLabel, to: copy.toLabel })}
        </p>
      ) : null}
      {reply ? (
        <p className="form-error" role="alert">
          {formErrorsOf(reply)
            .map((e) => t(e, reply.values))
            .join(" ")}{" "}
          {reply.existingId ? (
            <Link to={`/coordinacion/ferias/${reply.existingId}`}>
              {t("coordDays.openExisting")}
            </Link>
          ) : null}
        </p>
      ) : null}

      <h2 id="upcoming-title">{t("coordDays.upcoming")}</h2>
      {upcoming.length ? (
        <DayList days={upcoming} labelledBy="upcoming-title" />
      ) : (
        <p>{t("coordDays.noUpcoming")}</p>
      )}
      <h2 id="past-title">{t("coordDays.past")}</h2>
      {past.length ? (
        <DayList days={past} labelledBy="past-title" />
      ) : (
        <p>{t("coordDays.noPast")}</p>
      )}
    </>
  );
}
