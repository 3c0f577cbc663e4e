/**
 * The order page's Yape/Plin payment (/pedidos/:codigo): how to pay (amount, the market's QR,
 * numbers and holder), the proof form (app, operation number, optional screenshot), the proof
 * sent or rejected, and the hold that ended. A plain multipart form: no JavaScript needed.
 */
import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import type { WalletPayment as WalletPaymentData } from "../features/wallet/order-wallet.server";
import { formErrorsOf, typedIn, type FormReply } from "../lib/form-reply";
import { formatMoney } from "../lib/format";
import { Field, FieldError } from "./fields";

export function WalletPayment({
  wallet,
  refusal,
  submitting,
}: {
  wallet: WalletPaymentData;
  /** The proof form's refusal, when it was the one refused. */
  refusal?: FormReply;
  submitting: boolean;
}) {
  const { t } = useTranslation();
  if (wallet.state === "ended") {
    return (
      <section className="card wallet-payment" aria-labelledby="wallet-title">
        <h2 id="wallet-title">{t("wallet.order.endedTitle")}</h2>
        <p role="status">{t("wallet.order.ended")}</p>
      </section>
    );
  }
  const amount = formatMoney(wallet.totalCents);
  const fieldErrors = (name: string) => refusal?.error?.[name] ?? null;
  const chosenApp = typedIn(refusal, "app") ?? wallet.proof?.app ?? wallet.apps[0] ?? "yape";
  const typedNumber =
    typedIn(refusal, "operationNumber") ??
    (wallet.state === "proofSent" ? wallet.proof?.operationNumber : undefined) ??
    "";
  return (
    <section className="card wallet-payment" aria-labelledby="wallet-title">
      <h2 id="wallet-title">
        {t(wallet.state === "proofSent" ? "wallet.order.proofSentTitle" : "wallet.order.payTitle")}
      </h2>
      {wallet.state === "proofSent" ? (
        <p role="status">
          {t("wallet.order.proofSent", {
            number: wallet.proof?.operationNumber ?? "",
            time: wallet.untilLabel,
          })}
        </p>
      ) : null}
      {wallet.state === "rejected" ? (
        <div className="form-error" role="status">
          <p>{t("wallet.order.rejected", { time: wallet.untilLabel })}</p>
          {wallet.proof?.rejectReason ? (
            <p>{t("wallet.order.rejectReason", { reason: wallet.proof.rejectReason })}</p>
          ) : null}
        </div>
      ) : null}
      <p className="grand-total">
        {t("wallet.order.amount")}: <strong>{amount}</strong>
      </p>
      {wallet.state !== "proofSent" ? (
        <p>{t("wallet.order.holdUntil", { time: wallet.untilLabel })}</p>
      ) : null}
      {wallet.qrPhotoKey ? (
        <img
          className="wallet-qr"
          src={`/fotos/${wallet.qrPhotoKey}-960.webp`}
          width={320}
          height={320}
          alt={t("wallet.order.qrAlt", { name: wallet.holderName })}
          loading={wallet.state === "proofSent" ? "lazy" : undefined}
        />
      ) : null}
      <dl className="facts">
        {wallet.yapeNumber ? (
          <div>
            <dt>{t("wallet.order.yapeNumber")}</dt>
            <dd>{wallet.yapeNumber}</dd>
          </div>
        ) : null}
        {wallet.plinNumber ? (
          <div>
            <dt>{t("wallet.order.plinNumber")}</dt>
            <dd>{wallet.plinNumber}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t("wallet.order.holder")}</dt>
          <dd>{wallet.holderName}</dd>
        </div>
      </dl>
      {wallet.state !== "proofSent" ? (
        <ol className="wallet-steps">
          <li>{t("wallet.order.step1", { amount })}</li>
          <li>{t("wallet.order.step2")}</li>
          <li>{t("wallet.order.step3")}</li>
        </ol>
      ) : null}
      <Form method="post" encType="multipart/form-data" aria-labelledby="proof-title">
        <h3 id="proof-title">
          {t(
            wallet.state === "proofSent" ? "wallet.order.correctTitle" : "wallet.order.proofTitle",
          )}
        </h3>
        <input type="hidden" name="intent" value="proof" />
        {formErrorsOf(refusal).length > 0 ? (
          <div className="form-error" role="alert">
            {formErrorsOf(refusal).map((e) => (
              <p key={e}>{t(e)}</p>
            ))}
          </div>
        ) : null}
        <fieldset
          className="field radio-group"
          aria-describedby={fieldErrors("app") ? "proof-app-error" : undefined}
        >
          <legend>{t("wallet.order.paidWith")}</legend>
          {wallet.apps.map((app) => (
            <div key={app} className="radio">
              <input
                type="radio"
                id={`proof-app-${app}`}
                name="app"
                value={app}
                defaultChecked={app === chosenApp}
              />
              <label htmlFor={`proof-app-${app}`}>{t(`wallet.app.${app}`)}</label>
            </div>
          ))}
          <FieldError id="proof-app-error" errors={fieldErrors("app")} />
        </fieldset>
        <Field
          id="operationNumber"
          label={t("wallet.order.operationNumber")}
          hint={t("wallet.order.operationHint")}
          errors={fieldErrors("operationNumber")}
        >
          <input
            id="operationNumber"
            name="operationNumber"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            required
            maxLength={40}
            defaultValue={typedNumber}
            aria-describedby={
              fieldErrors("operationNumber")
                ? "operationNumber-hint operationNumber-error"
                : "operationNumber-hint"
            }
            aria-invalid={fieldErrors("operationNumber") ? true : undefined}
          />
        </Field>
        <Field
          id="proof-photo"
          label={t("wallet.order.screenshot")}
          hint={t("wallet.order.screenshotHint")}
          errors={fieldErrors("photo")}
        >
          <input
            id="proof-photo"
            name="photo"
            type="file"
            accept="image/*"
            aria-describedby={
              fieldErrors("photo") ? "proof-photo-hint proof-photo-error" : "proof-photo-hint"
            }
            aria-invalid={fieldErrors("photo") ? true : undefined}
          />
        </Field>
        <button type="submit" className="button primary" disabled={submitting}>
          {submitting
            ? t("forms.sending")
            : t(wallet.state === "proofSent" ? "wallet.order.correct" : "wallet.order.send")}
        </button>
      </Form>
    </section>
  );
}
