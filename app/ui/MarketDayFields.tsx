/**
 * The market day's forms on the coordinator's pages (new day, a day's page): the reply a
 * refused form comes back with, its alert, and the fields of a day.
 */
import { useTranslation } from "../infra/translate";
import { allErrorsOf, replyFor, typedIn, type FormReply } from "../lib/form-reply";
import { Field } from "./fields";

/** Every error of the refused form `formId`, read out as an alert above it. */
export function DayFormAlert({ reply, formId }: { reply?: FormReply; formId: string }) {
  const { t } = useTranslation();
  if (reply?.formId !== formId) return null;
  const messages = allErrorsOf(reply);
  return (
    <div className="form-error" role="alert">
      {messages.map((e) => (
        <p key={e}>{t(e, reply.values)}</p>
      ))}
    </div>
  );
}

/** Date, order window, pickup window and place: the fields of a market day's form. */
export function MarketDayFields({
  reply,
  defaults,
  dateLocked = false,
  pickupLocked = false,
}: {
  reply?: FormReply;
  defaults: Record<string, string>;
  dateLocked?: boolean;
  pickupLocked?: boolean;
}) {
  const { t } = useTranslation();
  const mine = replyFor(reply, "day");
  const field = (
    name: string,
    type: "date" | "datetime-local" | "time" | "text",
    { hint, locked = false }: { hint?: string; locked?: boolean } = {},
  ) => {
    const id = `day-${name}`;
    const errors = mine?.error?.[name];
    const describedBy =
      [hint ? `${id}-hint` : "", errors?.length ? `${id}-error` : ""].filter(Boolean).join(" ") ||
      undefined;
    return (
      <Field
        id={id}
        label={t(`coordDays.fields.${name}`)}
        hint={hint}
        errors={errors}
        errorValues={mine?.values}
      >
        <input
          id={id}
          name={name}
          type={type}
          defaultValue={typedIn(mine, name) ?? defaults[name] ?? ""}
          readOnly={locked}
          required={type !== "datetime-local"}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy}
        />
      </Field>
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
