/**
 * The settlement page's rows (/coordinacion/liquidaciones): whether a producer was paid, and
 * the folded "mark as paid" form. Plain forms: a refused one comes back as a FormReply.
 */
import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { formatMoney } from "../lib/format";
import { Field, FieldError } from "./fields";
import { replyFor, typedIn, type FormReply } from "../lib/form-reply";

/** A producer's row of the settlement, as the page shows it. */
export type SettlementRowView = {
  producerId: number;
  farmName: string;
  netCents: number;
  differenceCents: number;
  paid: { paidOnLabel: string; reference: string; netCents: number } | null;
};

/** The paid state of a row: when, which reference, and any change since. */
export function PaidCell({ row }: { row: SettlementRowView }) {
  const { t } = useTranslation();
  if (!row.paid) return <>{t("coordSettlement.settlement.unpaid")}</>;
  return (
    <>
      {t("coordSettlement.settlement.paidOn", {
        date: row.paid.paidOnLabel,
        reference: row.paid.reference,
      })}
      {row.differenceCents !== 0 ? (
        <strong className="settlement-difference">
          {" "}
          {t("coordSettlement.settlement.difference", {
            difference: `${row.differenceCents > 0 ? "+" : "−"}${formatMoney(Math.abs(row.differenceCents))}`,
            paid: formatMoney(row.paid.netCents),
          })}
        </strong>
      ) : null}
    </>
  );
}

/** One producer's "mark as paid" form, folded away until opened (open again after a refusal). */
export function PayForm({
  row,
  date,
  today,
  reply,
}: {
  row: SettlementRowView;
  date: string;
  today: string;
  reply?: FormReply;
}) {
  const { t } = useTranslation();
  const formId = `pay-${row.producerId}`;
  const mine = replyFor(reply, formId);
  return (
    <details className="pay-producer card" open={mine ? true : undefined}>
      <summary>
        {t("coordSettlement.settlement.paySummary", {
          producer: row.farmName,
          net: formatMoney(row.netCents),
        })}
      </summary>
      <Form method="post" action={`/coordinacion/liquidaciones?fecha=${date}`} id={formId}>
        <input type="hidden" name="intent" value="markPaid" />
        <input type="hidden" name="date" value={date} />
        <input type="hidden" name="producerId" value={row.producerId} />
        <FieldError id={`${formId}-error`} errors={mine?.error?.[""]} />
        <Field
          id={`${formId}-paidOn`}
          label={t("coordSettlement.settlement.paidOnLabel")}
          errors={mine?.error?.paidOn}
        >
          <input
            id={`${formId}-paidOn`}
            name="paidOn"
            type="date"
            max={today}
            min={date}
            required
            defaultValue={typedIn(mine, "paidOn") ?? today}
            aria-invalid={mine?.error?.paidOn?.length ? true : undefined}
            aria-describedby={mine?.error?.paidOn?.length ? `${formId}-paidOn-error` : undefined}
          />
        </Field>
        <Field
          id={`${formId}-reference`}
          label={t("coordSettlement.settlement.referenceLabel")}
          hint={t("coordSettlement.settlement.referenceHint")}
          errors={mine?.error?.reference}
        >
          <input
            id={`${formId}-reference`}
            name="reference"
            type="text"
            maxLength={80}
            required
            defaultValue={typedIn(mine, "reference") ?? ""}
            aria-invalid={mine?.error?.reference?.length ? true : undefined}
            aria-describedby={`${formId}-reference-hint${mine?.error?.reference?.length ? ` ${formId}-reference-error` : ""}`}
          />
        </Field>
        <button type="submit" className="button primary">
          {t("coordSettlement.settlement.markPaid", { producer: row.farmName })}
        </button>
      </Form>
    </details>
  );
}
