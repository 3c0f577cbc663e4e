/**
 * Forms of the coordinator's market-day pages (zod/mini). Messages are i18n keys under
 * "coordDays.errors.*". Times are typed as Lima wall-clock times and become UTC instants here.
 */
import {
  enum as oneOf,
  object,
  optional,
  pipe,
  string,
  superRefine,
  transform,
  trim,
} from "zod/mini";
import { addDays, limaInstant } from "../../lib/time";
import { isCalendarDate, required, requiredLine, wholeNumber } from "../../lib/form-fields";

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

const dateField = string(required).check(
  trim(),
  superRefine((raw, ctx) => {
    if (!isCalendarDate(raw))
      ctx.issues.push({ code: "custom", message: "coordDays.errors.date", input: raw });
  }),
);

const timeField = string(required).check(
  trim(),
  superRefine((raw, ctx) => {
    if (!TIME.test(raw))
      ctx.issues.push({ code: "custom", message: "coordDays.errors.time", input: raw });
  }),
);

/** "2027-03-05T20:00" (datetime-local; seconds tolerated) → its date and time parts. */
const dateTimeField = string(required).check(
  trim(),
  superRefine((raw, ctx) => {
    const [date, time = ""] = raw.split("T");
    if (!isCalendarDate(date) || !TIME.test(time.slice(0, 5)))
      ctx.issues.push({ code: "custom", message: "coordDays.errors.dateTime", input: raw });
  }),
);

const instantOf = (dateTime: string) => {
  const [date, time] = dateTime.split("T");
  return limaInstant(date, time.slice(0, 5));
};

/**
 * The usual order window of a market date: orders close the evening before at 20:00 and
 * open a week before that, as the association has always run it.
 */
export function defaultOrderWindow(date: string) {
  const cutoff = limaInstant(addDays(date, -1), "20:00");
  return { open: new Date(cutoff.getTime() - 7 * 24 * 3600_000), cutoff };
}

function orderWindowOf(value: { date: string; ordersOpenAt?: string; cutoffAt?: string }) {
  const usual = defaultOrderWindow(value.date);
  const cutoff = value.cutoffAt ? instantOf(value.cutoffAt) : usual.cutoff;
  const open = value.ordersOpenAt
    ? instantOf(value.ordersOpenAt)
    : new Date(cutoff.getTime() - 7 * 24 * 3600_000);
  return { open, cutoff };
}

function isWellFormed(value: {
  date: string;
  ordersOpenAt?: string;
  cutoffAt?: string;
  pickupStart: string;
  pickupEnd: string;
}) {
  const dateTimeOk = (v?: string) =>
    v === undefined ||
    (isCalendarDate(v.split("T")[0]) && TIME.test((v.split("T")[1] ?? "").slice(0, 5)));
  return (
    typeof value.date === "string" &&
    isCalendarDate(value.date) &&
    TIME.test(value.pickupStart ?? "") &&
    TIME.test(value.pickupEnd ?? "") &&
    dateTimeOk(value.ordersOpenAt) &&
    dateTimeOk(value.cutoffAt)
  );
}

/** A whole number of a field, with the field's own message when it is out of range. */
const boundedNumber = (min: number, max: number, message: string) =>
  wholeNumber(min, max, { invalid: message });

export const MarketDaySchema = pipe(
  object({
    date: dateField,
    // Empty: the usual week (see defaultOrderWindow).
    ordersOpenAt: optional(dateTimeField),
    cutoffAt: optional(dateTimeField),
    pickupStart: timeField,
    pickupEnd: timeField,
    place: requiredLine(3, 160, {
      tooShort: "coordDays.errors.placeTooShort",
      tooLong: "coordDays.errors.placeTooLong",
      visible: false,
    }),
  }).check(
    // The order of the day: orders open < cutoff ≤ pickup start < pickup end.
    superRefine((value, ctx) => {
      const issue = (path: string, message: string) =>
        ctx.issues.push({ code: "custom", path: [path], message, input: value });
      // Fields already refused (a bad date or time) say so themselves.
      if (!isWellFormed(value)) return;
      const { open, cutoff } = orderWindowOf(value);
      const start = limaInstant(value.date, value.pickupStart);
      const end = limaInstant(value.date, value.pickupEnd);
      if (open >= cutoff) issue("cutoffAt", "coordDays.errors.cutoffBeforeOpen");
      else if (cutoff > start) issue("cutoffAt", "coordDays.errors.cutoffAfterPickup");
      if (start >= end) issue("pickupEnd", "coordDays.errors.pickupEndBeforeStart");
    }),
  ),
  transform((value) => ({
    date: value.date,
    place: value.place,
    ordersOpenAt: orderWindowOf(value).open,
    cutoffAt: orderWindowOf(value).cutoff,
    pickupStartAt: limaInstant(value.date, value.pickupStart),
    pickupEndAt: limaInstant(value.date, value.pickupEnd),
  })),
);
export type MarketDayInput = {
  date: string;
  place: string;
  ordersOpenAt: Date;
  cutoffAt: Date;
  pickupStartAt: Date;
  pickupEndAt: Date;
};

export const SLOT_MINUTES = { min: 5, max: 240 } as const;
export const SLOT_CAPACITY = { min: 1, max: 2000 } as const;

export const GenerateSlotsSchema = object({
  intent: oneOf(["generateSlots"]),
  minutes: boundedNumber(SLOT_MINUTES.min, SLOT_MINUTES.max, "coordDays.errors.slotMinutes"),
  capacity: boundedNumber(SLOT_CAPACITY.min, SLOT_CAPACITY.max, "coordDays.errors.slotCapacity"),
});

export const SlotCapacitySchema = object({
  intent: oneOf(["slotCapacity"]),
  slotId: boundedNumber(1, Number.MAX_SAFE_INTEGER, "errors.formInvalid"),
  // A slot may be closed to new bookings with 0.
  capacity: boundedNumber(0, SLOT_CAPACITY.max, "coordDays.errors.slotCapacity"),
});

export const OrdersStatusSchema = object({
  intent: oneOf(["openNow", "openOnSchedule", "close"]),
});

export const CopyWeekSchema = object({
  intent: oneOf(["copyWeek"]),
  fromDayId: boundedNumber(1, Number.MAX_SAFE_INTEGER, "errors.formInvalid"),
});

export const CancelDaySchema = object({
  intent: oneOf(["cancel"]),
  confirm: oneOf(["yes"], { error: "coordDays.errors.confirmCancel" }),
});

/** An instant as a datetime-local value in Lima, "2027-03-05T20:00". */
export function limaDateTimeValue(instant: Date) {
  return new Date(instant.getTime() - 5 * 3600_000).toISOString().slice(0, 16);
}

/** An instant's Lima wall-clock time as a time input value, "07:00". */
export function limaTimeValue(instant: Date) {
  return limaDateTimeValue(instant).slice(11);
}
