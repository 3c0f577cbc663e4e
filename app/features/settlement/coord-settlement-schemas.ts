/**
 * The settlement page's forms (zod/mini, shared with the browser like app/lib/form-fields.ts).
 * Messages are i18n keys; the page's own live under "coordSettlement.errors".
 */
import { literal, object, pipe, string, transform, trim } from "zod/mini";
import { idField, isCalendarDate, required, requiredLine } from "../../lib/form-fields";

export const dateField = pipe(
  string(required).check(trim()),
  transform((raw, ctx) => {
    if (!isCalendarDate(raw)) {
      ctx.issues.push({ code: "custom", message: "coordSettlement.errors.dateFormat", input: raw });
    }
    return raw;
  }),
);

/**
 * A percentage as a coordinator types it ("8.5", "8,5", "8.5 %", "10") into basis points
 * (850, 1000): 0 to 100, at most two decimals, so the stored integer is exact.
 */
export const percentField = pipe(
  string(required).check(trim()),
  transform((raw, ctx) => {
    const match = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%?$/.exec(raw);
    if (!match) {
      ctx.issues.push({
        code: "custom",
        message: "coordSettlement.errors.percentFormat",
        input: raw,
      });
      return 0;
    }
    const bps = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
    if (bps > 10_000) {
      ctx.issues.push({
        code: "custom",
        message: "coordSettlement.errors.percentRange",
        input: raw,
      });
    }
    return bps;
  }),
);

export const CommissionSchema = object({
  intent: literal("commission"),
  date: dateField,
  percent: percentField,
});

export const MarkPaidSchema = object({
  intent: literal("markPaid"),
  date: dateField,
  producerId: idField,
  paidOn: dateField,
  reference: requiredLine(1, 80, {
    tooShort: required.error,
    tooLong: "errors.textTooLong",
    visible: false,
  }),
});

/** Basis points as a percentage for the form and the page: 850 → "8.5", 1000 → "10". */
export function bpsToPercent(bps: number): string {
  return (bps / 100).toFixed(2).replace(/\.?0+$/, "");
}
