import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCoordinator } from "../features/access/coordinator.server";
import { getTranslator } from "../infra/i18n.server";
import { MarketDaySchema } from "../features/market-days/coord-days-schemas";
import { parseForm } from "../lib/form-parse";
import { formatMarketDate } from "../lib/format";
import { readFormData } from "../lib/forms.server";
import { addDays, limaDateOf, nextWeekday } from "../lib/time";
import { createMarketDay } from "../features/market-days/day-edits.server";
import { latestMarketDay } from "../features/market-days/day-list.server";

/** The market's Saturday after its latest day, or the coming Saturday. */
function suggestedDate(marketId: number, now = new Date()) {
  const today = limaDateOf(now);
  const latest = latestMarketDay(marketId);
  const after = latest && latest.date >= today ? addDays(latest.date, 1) : addDays(today, 1);
  return nextWeekday(after, 6);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const { t } = await getTranslator(request);
  return json({
    title: t("coordDays.newTitle"),
    defaults: {
      date: suggestedDate(market.id),
      ordersOpenAt: "",
      cutoffAt: "",
      pickupStart: "07:00",
      pickupEnd: "13:00",
      place: market.defaultPlace,
    },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Qhatu" }];

export type DayFormReply = {
  formId: string;
  error: Record<string, string[] | null>;
  initialValue: Record<string, unknown>;
  values?: Record<string, string | number>;
};

export async function action({ request }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  const { locale } = await getTranslator(request);
  const formData = await readFormData(request);
  const reply = (
    error: Record<string, string[] | null>,
    status = 400,
    values?: DayFormReply["values"],
  ) =>
    json<DayFormReply>(
      { formId: "day", error, initialValue: Object.fromEntries(formData), values },
      { status },
    );
  const submission = parseForm(formData, MarketDaySchema);
  if (submission.status !== "success") return reply(submission.reply().error ?? {});
  const result = createMarketDay({
    marketId: market.id,
    actorUserId: user.id,
    input: submission.value,
  });
  if (!result.ok) {
    // A taken date conflicts with another day (409); a past date is simply bad input (400).
    const status = result.error === "duplicateDate" ? 409 : 400;
    return reply({ date: [`coordDays.errors.${result.error}`] }, status, {
      date: formatMarketDate(submission.value.date, locale),
    });
  }
  return redirect(`/coordinacion/ferias/${result.day.id}?hecho=created`);
}

/** Date, order window, pickup window and place: the fields of a market day's form. */
export function MarketDayFields({
  reply,
  defaults,
  dateLocked = false,
  pickupLocked = false,
}: {
  reply?: DayFormReply;
  defaults: Record<string, string>;
  dateLocked?: boolean;
  pickupLocked?: boolean;
}) {
  const { t } = useTranslation();
  const mine = reply?.formId === "day" ? reply : undefined;
  const field = (
    name: string,
    type: "date" | "datetime-local" | "time" | "text",
    { hint, locked = false }: { hint?: string; locked?: boolean } = {},
  ) => {
    const id = `day-${name}`;
    const errors = mine?.error[name];
    const describedBy =
      [hint ? `${id}-hint` : "", errors?.length ? `${id}-error` : ""].filter(Boolean).join(" ") ||
      undefined;
    return (
      <div className="field">
        <label htmlFor={id}>{t(`coordDays.fields.${name}`)}</label>
        {hint ? (
          <p className="hint" id={`${id}-hint`}>
            {hint}
          </p>
        ) : null}
        <input
          id={id}
          name={name}
          type={type}
          defaultValue={String(mine?.initialValue[name] ?? defaults[name] ?? "")}
          readOnly={locked}
          required={type !== "datetime-local"}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy}
        />
        {errors?.length ? (
          <p id={`${id}-error`} className="field-error">
            {errors.map((e) => t(e, mine?.values)).join(" ")}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <>
      {field("date", "date", {
        hint: dateLocked ? t("coordDays.dateLocked") : undefined,
        locked: dateLocked,
      })}
      <fieldset>
        <legend>{t("coordDays.orderWindow")}</legend>
        {field("ordersOpenAt", "datetime-local", { hint: t("coordDays.hints.ordersOpenAt") })}
        {field("cutoffAt", "datetime-local", { hint: t("coordDays.hints.cutoffAt") })}
      </fieldset>
      <fieldset>
        <legend>{t("coordDays.pickupWindow")}</legend>
        {pickupLocked ? <p className="hint">{t("coordDays.pickupLocked")}</p> : null}
        {field("pickupStart", "time", { locked: pickupLocked })}
        {field("pickupEnd", "time", { locked: pickupLocked })}
      </fieldset>
      {field("place", "text")}
    </>
  );
}

export default function NewMarketDay() {
  const { t } = useTranslation();
  const { defaults } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as DayFormReply | undefined;
  return (
    <>
      <p>
        <Link to="/coordinacion/ferias">{t("coordDays.backToList")}</Link>
      </p>
      <h1>{t("coordDays.newTitle")}</h1>
      <p className="hint">{t("coordDays.draftExplained")}</p>
      <Form method="post" className="card" noValidate>
        {reply ? (
          <p className="form-error" role="alert">
            {t("coordDays.formHasErrors")}
          </p>
        ) : null}
        <MarketDayFields reply={reply} defaults={defaults} />
        <button type="submit" className="button primary">
          {t("coordDays.create")}
        </button>
      </Form>
    </>
  );
}
