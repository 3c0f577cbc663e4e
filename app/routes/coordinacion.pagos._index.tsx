/**
 * The treasurer's queue: Yape/Plin proofs waiting for a decision (oldest first) with what is
 * needed to find the money in the wallet's movements, and proofs that lapsed (their order ended
 * before anyone decided) to settle. Scoped to the coordinator's market.
 */
import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireCoordinator } from "../features/access/coordinator.server";
import {
  RejectProofSchema,
  SettleLapsedSchema,
  VerifyProofSchema,
} from "../features/wallet/coord-wallet-schemas";
import {
  lapsedProofs,
  waitingProofs,
  type QueuedProof,
} from "../features/wallet/proof-queue.server";
import {
  rejectProof,
  sameOperationElsewhere,
  settleLapsedProof,
  verifyProof,
  type ProofError,
} from "../features/wallet/wallet-proofs.server";
import { walletSettingsOf } from "../features/wallet/wallet-settings.server";
import { setFlash } from "../infra/flash.server";
import { getTranslator } from "../infra/i18n.server";
import { useTranslation } from "../infra/translate";
import { parseForm } from "../lib/form-parse";
import { formatDateTime, formatMarketDate, formatMoney } from "../lib/format";
import { readFormData, refuseForm } from "../lib/forms.server";
import { titleMeta } from "../lib/meta";
import { formatPeruvianMobile } from "../lib/phone";
import { ProofQueue } from "../ui/ProofQueue";

export const handle = { hydrate: false };

export async function loader({ request }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const { t, locale } = await getTranslator(request);
  const view = (p: QueuedProof) => ({
    proofId: p.proofId,
    app: p.app,
    operationNumber: p.operationNumber,
    amount: formatMoney(p.amountCents),
    sentAt: formatDateTime(p.sentAt, locale),
    name: p.name,
    contact: p.phone ? formatPeruvianMobile(p.phone) : (p.email ?? ""),
    code: p.pickupCode,
    dateLabel: formatMarketDate(p.date, locale),
    screenshot: p.hasScreenshot ? `/coordinacion/pagos/comprobante/${p.proofId}` : null,
    seen: p.version,
  });
  const wallet = walletSettingsOf(market.id);
  return json({
    title: t("coordPayments.title"),
    enabled: wallet.enabled && Boolean(wallet.yapeNumber || wallet.plinNumber),
    waiting: waitingProofs(market.id).map((p) => ({
      ...view(p),
      elsewhere: sameOperationElsewhere(market.id, p.operationNumber, p.orderId).map((o) => ({
        code: o.pickupCode,
        status: o.status,
      })),
    })),
    lapsed: lapsedProofs(market.id).map(view),
  });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

/** The model's refusals, as the status a form refusal gets. */
const STATUS: Record<ProofError, number> = {
  notFound: 404,
  notWaiting: 409,
  holdEnded: 409,
  duplicate: 409,
  changed: 409,
  operationInvalid: 400,
};

export async function action({ request }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const formId = `${intent || "proof"}-${String(formData.get("proofId") ?? "")}`.slice(0, 40);
  const refuse = (fieldErrors: Record<string, string[] | null> | null | undefined, status = 400) =>
    refuseForm(formData, { formId, fieldErrors, status });
  const refused = (error: ProofError) => {
    if (error === "notFound") throw new Response("Not found", { status: 404 });
    return refuse({ "": [`coordPayments.errors.${error}`] }, STATUS[error]);
  };
  const done = async (key: string) =>
    redirect("/coordinacion/pagos", {
      headers: { "Set-Cookie": await setFlash({ key: `coordPayments.flash.${key}` }) },
    });
  const actor = { marketId: market.id, actorUserId: user.id };

  if (intent === "verify") {
    const submission = parseForm(formData, VerifyProofSchema);
    if (submission.status !== "success") return refuse({ "": ["errors.formInvalid"] });
    const { proofId, seen } = submission.value;
    const result = verifyProof({ ...actor, proofId, seen });
    return result.ok ? done("verified") : refused(result.error);
  }
  if (intent === "reject") {
    const submission = parseForm(formData, RejectProofSchema);
    if (submission.status !== "success") return refuse(submission.error);
    const { proofId, reason, seen } = submission.value;
    const result = rejectProof({ ...actor, proofId, reason, seen });
    return result.ok ? done("rejected") : refused(result.error);
  }
  if (intent === "settle") {
    const submission = parseForm(formData, SettleLapsedSchema);
    if (submission.status !== "success") return refuse({ "": ["errors.formInvalid"] });
    const { proofId, outcome } = submission.value;
    const result = settleLapsedProof({ ...actor, proofId, outcome });
    return result.ok ? done(outcome) : refused(result.error);
  }
  return refuseForm(formData, { formId: "proof", formErrors: ["errors.formInvalid"] });
}

export default function TreasurerQueue() {
  const { t } = useTranslation();
  const { enabled, waiting, lapsed } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("coordPayments.title")}</h1>
      {enabled ? (
        <p className="hint">{t("coordPayments.explain")}</p>
      ) : (
        <p className="notice" role="status">
          {t("coordPayments.off")}
        </p>
      )}
      <p>
        <Link to="/coordinacion/pagos/yape">{t("coordPayments.setupLink")}</Link>
      </p>
      <ProofQueue waiting={waiting} lapsed={lapsed} />
    </>
  );
}
