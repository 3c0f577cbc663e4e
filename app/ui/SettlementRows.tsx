/**
 * The settlement page's rows (/coordinacion/liquidaciones): their figures, whether a producer
 * was paid, and the folded "mark as paid" form. Plain forms: a refused one comes back as a FormReply.
 */
import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { formatMoney } from "../lib/format";
import { FieldError } from "./fields";
import { TextInput, useFormReply } from "./CoordForm";
import type { SettlementRow } from "../features/settlement/settlements.server";

/** A producer's row of the settlement, as the page shows it. */
export type SettlementRowView = {
  producerId: number;
  farmName: string;
  netCents: number;
  differenceCents: number;
  paid: { paidOnLabel: string; reference: string; netCents: number } | null;
};

/** A row's figures, and the totals' in the same cells: units, gross, card, cash, Yape/Plin, commission, net. */
export function FigureCells({
  figures: f,
}: {
  figures: Pick<
    SettlementRow,
    | "units"
    | "grossCents"
    | "cardCents"
    | "cashCents"
    | "yapeCents"
    | "commissionCents"
    | "netCents"
  >;
}) {
  return (
    <>
      <td>{f.units}</td>
      <td className="nowrap">{formatMoney(f.grossCents)}</td>
      <td className="nowrap">{formatMoney(f.cardCents)}</td>
      <td className="nowrap">{formatMoney(f.cashCents)}</td>
      <td className="nowrap">{formatMoney(f.yapeCents)}</td>
      <td className="nowrap">{formatMoney(f.commissionCents)}</td>
      <td className="nowrap">
        <strong>{formatMoney(f.netCents)}</strong>
      </td>
    </>
  );
}

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
}: {
  row: SettlementRowView;
  date: string;
  today: string;
}) {
  const { t } = useTranslation();
  const form = useFormReply(`pay-${row.producerId}`);
  const { formId } = form;
  return (
    <details className="pay-producer card" open={form.reply ? true : undefined}>
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
        <FieldError id={`${formId}-error`} errors={form.errors("")} />
        <TextInput
          form={form}
          name="paidOn"
          label={t("coordSettlement.settlement.paidOnLabel")}
          type="date"
          max={today}
          min={date}
          required
          defaultValue={today}
        />
        <TextInput
          form={form}
          name="reference"
          label={t("coordSettlement.settlement.referenceLabel")}
          hint={t("coordSettlement.settlement.referenceHint")}
          maxLength={80}
          required
        />
        <button type="submit" className="button primary">
          {t("coordSettlement.settlement.markPaid", { producer: row.farmName })}
        </button>
      </Form>
    </details>
  );
}
