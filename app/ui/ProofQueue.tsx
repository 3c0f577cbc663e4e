/**
 * The treasurer's queue at /coordinacion/pagos (plain forms, no JavaScript): each waiting proof
 * as a card with what is needed to find the money (amount, app, operation number, time sent,
 * the family, the order and its screenshot), a flag when its operation number appears on other
 * orders, and "Verificar" / "Rechazar" (with a reason); then the lapsed proofs to settle.
 */
import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { TextInput, useFormReply } from "./CoordForm";
import { FieldError } from "./fields";

export type ProofView = {
  proofId: number;
  app: "yape" | "plin";
  operationNumber: string;
  amount: string;
  sentAt: string;
  name: string;
  contact: string;
  code: string;
  dateLabel: string;
  screenshot: string | null;
  /** The proof's version as shown, posted back with a decision. */
  seen: string;
};

export type WaitingProofView = ProofView & { elsewhere: { code: string; status: string }[] };

function ProofFacts({ proof }: { proof: ProofView }) {
  const { t } = useTranslation();
  return (
    <dl className="facts">
      <dt>{t("coordPayments.amount")}</dt>
      <dd className="nowrap">{proof.amount}</dd>
      <dt>{t("coordPayments.app")}</dt>
      <dd>{t(`coordPayments.apps.${proof.app}`)}</dd>
      <dt>{t("coordPayments.operation")}</dt>
      <dd className="code">{proof.operationNumber}</dd>
      <dt>{t("coordPayments.sentAt")}</dt>
      <dd>{proof.sentAt}</dd>
      <dt>{t("coordPayments.family")}</dt>
      <dd>
        {proof.name} · {proof.contact}
      </dd>
      <dt>{t("coordPayments.order")}</dt>
      <dd>
        <span className="code small">{proof.code}</span> · {proof.dateLabel}
      </dd>
    </dl>
  );
}

function WaitingProof({ proof }: { proof: WaitingProofView }) {
  const { t } = useTranslation();
  const verify = useFormReply(`verify-${proof.proofId}`);
  const reject = useFormReply(`reject-${proof.proofId}`);
  const titleId = `proof-${proof.proofId}-title`;
  return (
    <li className="card" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {t("coordPayments.proofTitle", { code: proof.code, amount: proof.amount })}
      </h3>
      <ProofFacts proof={proof} />
      {proof.elsewhere.length > 0 ? (
        <p className="form-error" role="note">
          {t("coordPayments.sameOperation", {
            orders: proof.elsewhere
              .map((o) => `${o.code} (${t(`coordPayments.statuses.${o.status}`)})`)
              .join(", "),
          })}
        </p>
      ) : null}
      {proof.screenshot ? (
        <p>
          <a href={proof.screenshot}>
            <img
              className="proof-screenshot"
              src={proof.screenshot}
              alt={t("coordPayments.screenshotOf", { code: proof.code })}
              width={240}
              loading="lazy"
            />
          </a>
        </p>
      ) : (
        <p className="hint">{t("coordPayments.noScreenshot")}</p>
      )}
      <FieldError id={`verify-${proof.proofId}--error`} errors={verify.errors("")} />
      <Form method="post">
        <input type="hidden" name="intent" value="verify" />
        <input type="hidden" name="proofId" value={proof.proofId} />
        <input type="hidden" name="seen" value={proof.seen} />
        <button
          type="submit"
          className="button primary"
          aria-label={t("coordPayments.verifyFor", { code: proof.code })}
        >
          {t("coordPayments.verify")}
        </button>
      </Form>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="reject" />
        <input type="hidden" name="proofId" value={proof.proofId} />
        <input type="hidden" name="seen" value={proof.seen} />
        <FieldError id={`reject-${proof.proofId}--error`} errors={reject.errors("")} />
        <TextInput
          form={reject}
          name="reason"
          label={t("coordPayments.reason")}
          hint={t("coordPayments.reasonHint")}
          maxLength={200}
        />
        <button
          type="submit"
          className="button"
          aria-label={t("coordPayments.rejectFor", { code: proof.code })}
        >
          {t("coordPayments.reject")}
        </button>
      </Form>
    </li>
  );
}

function LapsedProof({ proof }: { proof: ProofView }) {
  const { t } = useTranslation();
  const settle = useFormReply(`settle-${proof.proofId}`);
  const titleId = `lapsed-${proof.proofId}-title`;
  return (
    <li className="card" aria-labelledby={titleId}>
      <h3 id={titleId}>
        {t("coordPayments.proofTitle", { code: proof.code, amount: proof.amount })}
      </h3>
      <ProofFacts proof={proof} />
      {proof.screenshot ? (
        <p>
          <a href={proof.screenshot}>{t("coordPayments.seeScreenshot")}</a>
        </p>
      ) : null}
      <FieldError id={`settle-${proof.proofId}--error`} errors={settle.errors("")} />
      {(["returned", "notReceived"] as const).map((outcome) => (
        <Form method="post" key={outcome}>
          <input type="hidden" name="intent" value="settle" />
          <input type="hidden" name="proofId" value={proof.proofId} />
          <input type="hidden" name="outcome" value={outcome} />
          <button
            type="submit"
            className="button small"
            aria-label={t(`coordPayments.lapsed.${outcome}For`, { code: proof.code })}
          >
            {t(`coordPayments.lapsed.${outcome}`)}
          </button>
        </Form>
      ))}
    </li>
  );
}

export function ProofQueue({
  waiting,
  lapsed,
}: {
  waiting: WaitingProofView[];
  lapsed: ProofView[];
}) {
  const { t } = useTranslation();
  const other = useFormReply("proof");
  return (
    <>
      <FieldError id="proof--error" errors={other.errors("")} />
      <section aria-labelledby="waiting-title">
        <h2 id="waiting-title">{t("coordPayments.waitingTitle", { count: waiting.length })}</h2>
        {waiting.length === 0 ? (
          <p>{t("coordPayments.noneWaiting")}</p>
        ) : (
          <ol className="plain-list">
            {waiting.map((p) => (
              <WaitingProof key={p.proofId} proof={p} />
            ))}
          </ol>
        )}
      </section>
      {lapsed.length > 0 ? (
        <section aria-labelledby="lapsed-title">
          <h2 id="lapsed-title">{t("coordPayments.lapsed.title", { count: lapsed.length })}</h2>
          <p className="hint">{t("coordPayments.lapsed.explain")}</p>
          <ol className="plain-list">
            {lapsed.map((p) => (
              <LapsedProof key={p.proofId} proof={p} />
            ))}
          </ol>
        </section>
      ) : null}
    </>
  );
}
