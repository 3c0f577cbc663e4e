import { json } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { DayFormAlert, MarketDayFields } from "../ui/MarketDayFields";
import { PickupSlotsSection } from "../ui/PickupSlotsSection";
import { requireCoordinator } from "../features/access/coordinator.server";
import { getTranslator } from "../infra/i18n.server";
import { backToDay, type DayDone } from "../features/market-days/day-done.server";
import {
  GenerateSlotsSchema,
  MarketDaySchema,
  OrdersStatusSchema,
  SlotCapacitySchema,
  limaDateTimeValue,
  limaTimeValue,
} from "../features/market-days/coord-days-schemas";
import { parseForm } from "../lib/form-parse";
import { idParam } from "../lib/route-params";
import { formatDateTime, formatMarketDate, formatTime, formatTimeRange } from "../lib/format";
import { readFormData, refuseForm } from "../lib/forms.server";
import type { FormReply } from "../lib/form-reply";
import { updateMarketDay } from "../features/market-days/day-edits.server";
import { getMarketDayDetail } from "../features/market-days/day-list.server";
import { ordersActionsOffered, setOrdersStatus } from "../features/market-days/open-close.server";
import { isFinished } from "../features/market-days/day-transaction.server";
import { generateSlots, setSlotCapacity } from "../features/market-days/slots.server";
import { orderWindow } from "../features/market-days/markets.server";
import { titleMeta } from "../lib/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const { t, locale } = await getTranslator(request);
  const detail = getMarketDayDetail({ marketId: market.id, dayId: idParam(params.id) });
  if (!detail) throw new Response("Not found", { status: 404 });
  const { day, slots } = detail;
  const now = new Date();
  const dateLabel = formatMarketDate(day.date, locale);
  return json({
    title: t("coordDays.dayTitle", { date: dateLabel }),
    day: {
      id: day.id,
      status: day.status,
      window: orderWindow(day, now),
      dateLabel,
      place: day.place,
      opensLabel: formatDateTime(day.ordersOpenAt, locale),
      cutoffLabel: formatDateTime(day.cutoffAt, locale),
      pickupLabel: formatTimeRange(day.pickupStartAt, day.pickupEndAt, locale),
      finished: isFinished(day),
    },
    ordersActions: ordersActionsOffered(day, { hasSlots: slots.length > 0, now }),
    orderCount: detail.orderCount,
    activeOrderCount: detail.activeOrderCount,
    defaults: {
      date: day.date,
      ordersOpenAt: limaDateTimeValue(day.ordersOpenAt),
      cutoffAt: limaDateTimeValue(day.cutoffAt),
      pickupStart: limaTimeValue(day.pickupStartAt),
      pickupEnd: limaTimeValue(day.pickupEndAt),
      place: day.place,
    },
    slots: slots.map((s) => ({
      id: s.id,
      label: formatTimeRange(s.startsAt, s.endsAt, locale),
      starts: formatTime(s.startsAt, locale),
      ends: formatTime(s.endsAt, locale),
      capacity: s.capacity,
      booked: s.booked,
    })),
    booked: slots.reduce((sum, s) => sum + s.booked, 0),
  });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  const { locale } = await getTranslator(request);
  const dayId = idParam(params.id);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const actor = { marketId: market.id, actorUserId: user.id };
  const back = (done: DayDone) => backToDay(dayId, done);
  const refuse = (
    formId: string,
    fieldErrors: Record<string, string[] | null> | null,
    status = 400,
    values?: FormReply["values"],
  ) => refuseForm(formData, { formId, fieldErrors, status, values });
  const notFound = () => new Response("Not found", { status: 404 });

  if (intent === "save") {
    const submission = parseForm(formData, MarketDaySchema);
    if (submission.status !== "success") return refuse("day", submission.error);
    const result = updateMarketDay({ ...actor, dayId, input: submission.value });
    if (result.ok) return back(result.slotsCleared ? "slotsCleared" : "saved");
    if (result.error === "notFound") throw notFound();
    const field = result.error === "pickupLocked" ? "pickupStart" : "date";
    const status = result.error === "datePast" ? 400 : 409;
    return refuse("day", { [field]: [`coordDays.errors.${result.error}`] }, status, {
      date: formatMarketDate(submission.value.date, locale),
    });
  }

  if (intent === "generateSlots") {
    const submission = parseForm(formData, GenerateSlotsSchema);
    if (submission.status !== "success") return refuse("slots", submission.error);
    const result = generateSlots({ ...actor, dayId, ...submission.value });
    if (result.ok) return back("slotsGenerated");
    if (result.error === "notFound") throw notFound();
    return refuse("slots", { "": [`coordDays.errors.${result.error}`] }, 409, {
      count: Number(result.booked ?? 0),
    });
  }

  if (intent === "slotCapacity") {
    const submission = parseForm(formData, SlotCapacitySchema);
    const formId = `slot-${String(formData.get("slotId") ?? "")}`;
    if (submission.status !== "success") return refuse(formId, submission.error);
    const result = setSlotCapacity({ ...actor, ...submission.value });
    if (result.ok) return back("capacitySaved");
    if (result.error === "notFound") throw notFound();
    return refuse(formId, { capacity: [`coordDays.errors.${result.error}`] }, 409, {
      count: result.error === "belowBooked" ? result.booked : 0,
    });
  }

  const submission = parseForm(formData, OrdersStatusSchema);
  if (submission.status !== "success") return refuse("status", { "": ["errors.formInvalid"] });
  const result = setOrdersStatus({ ...actor, dayId, action: submission.value.intent });
  if (result.ok) return back(submission.value.intent);
  if (result.error === "notFound") throw notFound();
  return refuse("status", { "": [`coordDays.errors.${result.error}`] }, 409);
}

/** The buttons that open or close orders by hand, as the model offers them now. */
function OrdersControls({
  actions,
  needsSlots,
}: ReturnType<typeof useLoaderData<typeof loader>>["ordersActions"]) {
  const { t } = useTranslation();
  const label = {
    openNow: "coordDays.openNow",
    openOnSchedule: "coordDays.openOnSchedule",
    close: "coordDays.closeNow",
  };
  return (
    <div className="coord-day-actions">
      {actions.map((intent) => (
        <Form key={intent} method="post" className="inline-form">
          <input type="hidden" name="intent" value={intent} />
          <button type="submit" className="button">
            {t(label[intent])}
          </button>
        </Form>
      ))}
      {needsSlots ? <p className="hint">{t("coordDays.needSlotsToOpen")}</p> : null}
    </div>
  );
}

export default function MarketDayPage() {
  const { t } = useTranslation();
  const { day, orderCount, activeOrderCount, defaults, slots, booked, ordersActions } =
    useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/coordinacion/ferias">{t("coordDays.backToList")}</Link>
      </p>
      <h1>{t("coordDays.dayTitle", { date: day.dateLabel })}</h1>

      <section className="card" aria-labelledby="orders-title">
        <h2 id="orders-title">{t("coordDays.ordersTitle")}</h2>
        <p>
          <span className="badge">{t(`coordDays.status.${day.status}`)}</span>{" "}
          {t(`coordDays.window.${day.window}`)}
        </p>
        <p>
          {t("coordDays.opensAt", { when: day.opensLabel })}
          <br />
          {t("coordDays.cutoffAt", { when: day.cutoffLabel })}
          <br />
          {t("coordDays.pickupAt", { when: day.pickupLabel })}
          <br />
          {day.place}
        </p>
        <p>{t("coordDays.orderCount", { count: orderCount })}</p>
        <DayFormAlert reply={reply} formId="status" />
        {day.finished ? null : <OrdersControls {...ordersActions} />}
      </section>

      <PickupSlotsSection slots={slots} finished={day.finished} booked={booked} reply={reply} />

      {day.finished ? null : (
        <section className="card" aria-labelledby="edit-title">
          <h2 id="edit-title">{t("coordDays.editTitle")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="save" />
            <DayFormAlert reply={reply} formId="day" />
            <MarketDayFields
              reply={reply}
              defaults={defaults}
              dateLocked={orderCount > 0}
              pickupLocked={orderCount > 0}
            />
            <button type="submit" className="button primary">
              {t("coordDays.save")}
            </button>
          </Form>
        </section>
      )}

      {day.finished ? null : (
        <section className="card" aria-labelledby="cancel-title">
          <h2 id="cancel-title">{t("coordDays.cancelTitle")}</h2>
          <p>{t("coordDays.cancelExplained", { count: activeOrderCount })}</p>
          <Link
            to={`/coordinacion/ferias/${day.id}/cancelar`}
            className="button danger coord-danger"
          >
            {t("coordDays.cancelDay")}
          </Link>
        </section>
      )}
    </>
  );
}
