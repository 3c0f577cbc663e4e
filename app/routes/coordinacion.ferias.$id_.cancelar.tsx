import { json } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { requireCoordinator } from "../features/access/coordinator.server";
import { getTranslator } from "../infra/i18n.server";
import { CancelDaySchema } from "../features/market-days/coord-days-schemas";
import { idParam } from "../lib/route-params";
import { parseForm } from "../lib/form-parse";
import { formatMarketDate } from "../lib/format";
import { readFormData, refuseForm } from "../lib/forms.server";
import { formErrorsOf } from "../lib/form-reply";
import { cancelMarketDay } from "../features/market-days/cancel-day.server";
import { getMarketDayDetail } from "../features/market-days/day-list.server";
import { backToDay } from "../features/market-days/day-done.server";
import { titleMeta } from "../lib/meta";

/** Cancelling a market day is destructive, so it has its own page that says what will happen. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const { t, locale } = await getTranslator(request);
  const detail = getMarketDayDetail({ marketId: market.id, dayId: idParam(params.id) });
  if (!detail) throw new Response("Not found", { status: 404 });
  const dateLabel = formatMarketDate(detail.day.date, locale);
  return json({
    title: t("coordDays.cancelConfirmTitle", { date: dateLabel }),
    dayId: detail.day.id,
    dateLabel,
    status: detail.day.status,
    activeOrderCount: detail.activeOrderCount,
    cardPaidCount: detail.cardPaidActiveCount,
    walletPaidCount: detail.walletPaidActiveCount,
  });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  const dayId = idParam(params.id);
  const formData = await readFormData(request);
  const submission = parseForm(formData, CancelDaySchema);
  if (submission.status !== "success") {
    return refuseForm(formData, {
      formErrors: ["coordDays.errors.confirmCancel"],
      keepValues: false,
    });
  }
  const result = cancelMarketDay({ marketId: market.id, actorUserId: user.id, dayId });
  if (!result.ok) {
    if (result.error === "notFound") throw new Response("Not found", { status: 404 });
    return refuseForm(formData, {
      status: 409,
      formErrors: [`coordDays.errors.${result.error}`],
      keepValues: false,
    });
  }
  return backToDay(dayId, result.alreadyCancelled ? "alreadyCancelled" : "cancelled");
}

export default function CancelMarketDay() {
  const { t } = useTranslation();
  const { dayId, dateLabel, status, activeOrderCount, cardPaidCount, walletPaidCount } =
    useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={`/coordinacion/ferias/${dayId}`}>{t("coordDays.backToDay")}</Link>
      </p>
      <h1>{t("coordDays.cancelConfirmTitle", { date: dateLabel })}</h1>
      {status === "cancelled" ? (
        <p className="card">{t("coordDays.alreadyCancelled")}</p>
      ) : status === "completed" ? (
        <p className="card">{t("coordDays.errors.completed")}</p>
      ) : (
        <Form method="post" className="card">
          {reply ? (
            <p className="form-error" role="alert">
              {formErrorsOf(reply)
                .map((e) => t(e))
                .join(" ")}
            </p>
          ) : null}
          <p>{t("coordDays.cancelWillDo", { count: activeOrderCount })}</p>
          {cardPaidCount > 0 ? (
            <p className="notice-inline">{t("coordDays.cardRefunds", { count: cardPaidCount })}</p>
          ) : null}
          {walletPaidCount > 0 ? (
            <p className="notice-inline">
              {t("coordDays.walletRefunds", { count: walletPaidCount })}
            </p>
          ) : null}
          <p>{t("coordDays.cannotUndo")}</p>
          <input type="hidden" name="intent" value="cancel" />
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" className="button danger coord-danger">
            {t("coordDays.confirmCancel", { date: dateLabel })}
          </button>{" "}
          <Link to={`/coordinacion/ferias/${dayId}`} className="button">
            {t("coordDays.keepDay")}
          </Link>
        </Form>
      )}
    </>
  );
}
