/**
 * The forms of the coordinator's producer pages (/coordinacion/productores), in zod/mini like
 * app/lib/form-fields.ts. Messages are i18n keys: the shared "errors.*" where one fits, else
 * "coordProducers.errors.*".
 */
import {
  enum as oneOf,
  maxLength,
  minLength,
  object,
  optional,
  pipe,
  refine,
  string,
  transform,
  trim,
} from "zod/mini";
import { CERTIFICATION_KINDS, MEMBERSHIP_STATUSES } from "../../../db/schema-enums";
import { CUSCO_PROVINCES } from "../../lib/cusco";
import { idField, isCalendarDate, localPath, required, requiredLine } from "../../lib/form-fields";
import { visibleText } from "../../lib/form-fields";
import { limaDateOf } from "../../lib/time";

/** Free text with a length limit, trimmed; "" when left empty (the columns are NOT NULL). */
const optionalText = (max: number, error: string) =>
  pipe(
    optional(string().check(trim(), maxLength(max, { error }), visibleText)),
    transform((value) => value ?? ""),
  );

export const STATUS_TRANSITIONS = ["approve", "suspend", "reinstate"] as const;
export type StatusTransition = (typeof STATUS_TRANSITIONS)[number];

/**
 * Approve, suspend or reinstate. `requestKey` is drawn when the page is shown, so the same
 * form sent twice (a double tap, a retry on a weak connection) changes nothing the second time.
 */
export const StatusChangeSchema = object({
  intent: oneOf(STATUS_TRANSITIONS, { error: "errors.formInvalid" }),
  reason: optionalText(300, "coordProducers.errors.reasonTooLong"),
  requestKey: optional(string().check(minLength(16), maxLength(64))),
});

export const ProfileSchema = object({
  intent: oneOf(["profile"]),
  farmName: requiredLine(2, 80, {
    tooShort: "coordProducers.errors.farmNameTooShort",
    tooLong: "errors.textTooLong",
  }),
  community: optionalText(80, "errors.textTooLong"),
  district: optionalText(80, "errors.textTooLong"),
  province: oneOf(CUSCO_PROVINCES, { error: "errors.provinceInvalid" }),
  story: optionalText(1000, "coordProducers.errors.storyTooLong"),
});
export type ProfileInput = Omit<(typeof ProfileSchema)["_zod"]["output"], "intent">;

/** The earliest grant date we accept: before any certifier in the region existed. */
export const EARLIEST_CERTIFICATION_DATE = "1990-01-01";

export const AddCertificationSchema = object({
  intent: oneOf(["addCertification"]),
  kind: oneOf(CERTIFICATION_KINDS, { error: "errors.chooseOption" }),
  certifier: requiredLine(2, 120, {
    tooShort: "coordProducers.errors.certifierTooShort",
    tooLong: "coordProducers.errors.certifierTooLong",
    visible: false,
  }),
  certifiedOn: string(required).check(
    trim(),
    refine(isCalendarDate, { error: "coordProducers.errors.dateInvalid", abort: true }),
    // Judged in Lima, where the market is: a date granted "today" there is never refused.
    refine((date) => date <= limaDateOf(new Date()), {
      error: "coordProducers.errors.dateInFuture",
      abort: true,
    }),
    refine((date) => date >= EARLIEST_CERTIFICATION_DATE, {
      error: "coordProducers.errors.dateTooOld",
    }),
  ),
});

export const RemoveCertificationSchema = object({
  intent: oneOf(["removeCertification"]),
  certificationId: idField,
});

/** The list's filters come from the address bar: anything unknown is ignored, not refused. */
export function readProducerFilters(url: URL) {
  const get = (name: string) => url.searchParams.get(name)?.trim() || undefined;
  const status = MEMBERSHIP_STATUSES.find((s) => s === get("estado"));
  const page = Number(get("pagina") ?? "1");
  return {
    status,
    q: get("q")?.slice(0, 80),
    page: Number.isSafeInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

/** Where a form may send the coordinator back to: only these pages' own addresses. */
export function safeReturnPath(value: unknown, fallback: string) {
  const path = typeof value === "string" ? localPath(value) : undefined;
  return path && /^\/coordinacion\/productores(?:[/?]|$)/.test(path) ? path : fallback;
}
