/**
 * Money the coordinators give back by hand, on the dashboard (/coordinacion): card refunds
 * Stripe refused for good and Yape/Plin payments of orders dropped after verification; each
 * row says which, and is marked done once given back.
 */
import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { useFormReply } from "./CoordForm";
import { FieldError } from "./fields";
import { ColumnHeads } from "./tables";

/** A refund left to the coordinators, worded (contact, amount, date). */
export type RefundByHandView = {
  orderId: number;
  /** How it was paid: a card refund Stripe refused, or a Yape/Plin payment of a dropped order. */
  method: "card" | "yape_plin";
  code: string;
  name: string;
  contact: string;
  amount: string;
  dateLabel: string;
};

/** Card refunds Stripe refused for good: the coordinators give the money back by hand. */
export function RefundsByHand({ refunds }: { refunds: RefundByHandView[] }) {
  const { t } = useTranslation();
  const { errors } = useFormReply("refundedByHand");
  if (refunds.length === 0) return null;
  return (
    <section className="card" aria-labelledby="refunds-title">
      <h2 id="refunds-title">{t("coordDashboard.refunds.title", { count: refunds.length })}</h2>
      <p>{t("coordDashboard.refunds.explain")}</p>
      <FieldError id="refundedByHand--error" errors={errors("")} />
      <table>
        <caption className="visually-hidden">{t("coordDashboard.refunds.caption")}</caption>
        <ColumnHeads
          columns={[
            t("coordDashboard.refunds.order"),
            t("coordDashboard.refunds.person"),
            t("coordDashboard.refunds.amount"),
            t("coordPayments.refundMethod.column"),
            t("coordDashboard.refunds.done"),
          ]}
        />
        <tbody>
          {refunds.map((r) => (
            <tr key={r.orderId}>
              <td>
                <span className="code small">{r.code}</span> · {r.dateLabel}
              </td>
              <td>
                {r.name} · {r.contact}
              </td>
              <td className="nowrap">{r.amount}</td>
              <td>{t(`coordPayments.refundMethod.${r.method}`)}</td>
              <td>
                <Form method="post">
                  <input type="hidden" name="intent" value="refundedByHand" />
                  <input type="hidden" name="orderId" value={r.orderId} />
                  <button
                    type="submit"
                    className="button small"
                    aria-label={t("coordDashboard.refunds.markDoneFor", { code: r.code })}
                  >
                    {t("coordDashboard.refunds.markDone")}
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
