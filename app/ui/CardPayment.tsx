/**
 * The order page's card payment (/pedidos/:codigo): where it stands, as only the webhook can
 * say, and paying (again) while the hold lasts.
 */
import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import type { CardPaymentState } from "../features/payments/payment-states.server";
import { formatMoney } from "../lib/format";

/** Where a card payment stands, as only the webhook can say, and what the person can do. */
export function CardPayment(data: {
  payment: CardPaymentState;
  /** Back from Stripe: "ok" or "cancelado" (else null). */
  returned: string | null;
  canPay: boolean;
  holdUntilLabel: string;
  order: { totalCents: number };
}) {
  const { t } = useTranslation();
  if (data.payment === "none" || data.payment === "paid") return null;
  const amount = formatMoney(data.order.totalCents);
  let notice: string;
  if (data.payment === "pending" && data.returned === "ok") notice = t("pay.notice.confirming");
  else if (data.payment === "pending" && data.returned === "cancelado")
    notice = t("pay.notice.notPaid", { time: data.holdUntilLabel });
  else if (data.payment === "pending" && data.canPay)
    notice = t("pay.notice.pending", { time: data.holdUntilLabel });
  else if (data.payment === "pending") notice = t("pay.notice.pendingLate");
  else if (data.payment === "refunding") notice = t("pay.notice.refunding", { amount });
  else if (data.payment === "refundFailed") notice = t("pay.notice.refundFailed", { amount });
  else if (data.payment === "refunded") notice = t("pay.notice.refunded", { amount });
  else notice = t("pay.notice.expired");
  return (
    <section className="card card-payment" aria-labelledby="card-payment-title">
      <h2 id="card-payment-title">{t(`pay.state.${data.payment}`)}</h2>
      <p role="status">{notice}</p>
      {data.payment === "pending" && data.canPay && data.returned !== "ok" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="pay" />
          <button type="submit" className="button primary">
            {t(data.returned === "cancelado" ? "pay.payAgain" : "pay.payNow", { amount })}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
