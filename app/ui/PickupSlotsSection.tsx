import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { replyFor, typedIn, type FormReply } from "../lib/form-reply";
import { Field } from "./fields";
import { DayFormAlert } from "./MarketDayFields";
import { CellNumberForm, ScrollTable } from "./tables";

export type SlotView = {
  id: number;
  /** "7:00 a. m. – 7:30 a. m." */
  label: string;
  starts: string;
  ends: string;
  capacity: number;
  booked: number;
};

/**
 * A market day's pickup slots on its coordinator page: each slot's bookings and capacity (a
 * form per slot), and the form that lays them out, offered only while nothing is booked.
 */
export function PickupSlotsSection({
  slots,
  finished,
  booked,
  reply,
}: {
  slots: SlotView[];
  /** A cancelled or completed day: shown, no longer changed. */
  finished: boolean;
  /** Bookings over all the slots. */
  booked: number;
  reply?: FormReply;
}) {
  const { t } = useTranslation();
  const slotReply = (id: number) => replyFor(reply, `slot-${id}`);
  /** A field of the generate form, keeping what was typed when it was refused. */
  const wholeNumberField = (name: "minutes" | "capacity", usual: string) => (
    <Field id={`slots-${name}`} label={t(`coordDays.fields.${name}`)}>
      <input
        id={`slots-${name}`}
        name={name}
        type="text"
        inputMode="numeric"
        defaultValue={typedIn(replyFor(reply, "slots"), name) || usual}
      />
    </Field>
  );
  return (
    <section className="card" aria-labelledby="slots-title">
      <h2 id="slots-title">{t("coordDays.slotsTitle")}</h2>
      {slots.length === 0 ? (
        <p>{t("coordDays.noSlots")}</p>
      ) : (
        <ScrollTable
          captionId="slots-caption"
          className="coord-slots"
          caption={t("coordDays.slotsCaption", { count: slots.length })}
          columns={[
            t("coordDays.slotTime"),
            t("coordDays.slotBooked"),
            t("coordDays.slotCapacity"),
          ]}
        >
          <tbody>
            {slots.map((slot) => {
              const mine = slotReply(slot.id);
              const errorId = `slot-${slot.id}-error`;
              return (
                <tr key={slot.id}>
                  <th scope="row">
                    <span className="coord-nowrap">{slot.starts}</span> –{" "}
                    <span className="coord-nowrap">{slot.ends}</span>
                  </th>
                  <td>{slot.booked}</td>
                  <td>
                    {finished ? (
                      slot.capacity
                    ) : (
                      <CellNumberForm
                        intent="slotCapacity"
                        row={{ name: "slotId", value: slot.id }}
                        id={`slot-${slot.id}-capacity`}
                        name="capacity"
                        size={4}
                        stored={String(slot.capacity)}
                        label={t("coordDays.capacityOf", { slot: slot.label })}
                        submit={t("coordDays.saveCapacity")}
                        rowName={slot.label}
                        reply={mine}
                        errorId={errorId}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </ScrollTable>
      )}
      {finished ? null : booked > 0 ? (
        <p className="hint">{t("coordDays.slotsLocked", { count: booked })}</p>
      ) : (
        <Form method="post" aria-labelledby="generate-title" noValidate>
          <h3 id="generate-title">
            {slots.length ? t("coordDays.regenerateSlots") : t("coordDays.generateSlots")}
          </h3>
          <DayFormAlert reply={reply} formId="slots" />
          <input type="hidden" name="intent" value="generateSlots" />
          {wholeNumberField("minutes", "30")}
          {wholeNumberField("capacity", "40")}
          <button type="submit" className="button">
            {t("coordDays.generate")}
          </button>
        </Form>
      )}
    </section>
  );
}
