/**
 * The order page's Yape/Plin part (/pedidos/:codigo): what a family sees while their order
 * waits for its payment (how to pay, the proof they sent, why it was rejected, that the hold
 * ended) and sending the proof. The rules themselves are wallet-proofs.server.ts's.
 */
import { and, eq, sql } from "drizzle-orm";
import {
  marketDays,
  marketWallets,
  orders,
  paymentProofs,
  type Order,
  type WalletApp,
} from "../../../db/schema";
import { db } from "../../infra/db.server";
import { refuseForm } from "../../lib/forms.server";
import { parseForm } from "../../lib/form-parse";
import { formatDateTime } from "../../lib/format";
import { ProofSchema } from "./proof-schemas";
import { discardProofScreenshot, storeProofScreenshot } from "./proof-images.server";
import { latestProofOf, submitProof } from "./wallet-proofs.server";

export type WalletPaymentState = "waitingProof" | "proofSent" | "rejected" | "ended";

/** The refusals of the proof form come back with this formId (the page has other forms). */
export const PROOF_FORM_ID = "proof";

/** What the order page shows about a Yape/Plin payment, or null (not Yape/Plin, or settled). */
export function walletPaymentOf(order: Order, locale: string, now = new Date()) {
  if (order.paymentMethod !== "yape_plin") return null;
  const holding =
    order.status === "pending_payment" &&
    order.holdExpiresAt !== null &&
    order.holdExpiresAt.getTime() > now.getTime();
  const ended =
    (order.status === "pending_payment" && !holding) ||
    ((order.status === "expired" || order.status === "cancelled") &&
      order.paymentStatus !== "paid" &&
      order.paymentStatus !== "refunded");
  if (!holding && !ended) return null;
  if (ended) return { state: "ended" } as const;
  const wallet = db()
    .select()
    .from(marketWallets)
    .where(eq(marketWallets.marketId, order.marketId))
    .get();
  const proof = latestProofOf(order.id);
  const state: Exclude<WalletPaymentState, "ended"> =
    proof?.status === "waiting"
      ? "proofSent"
      : proof?.status === "rejected"
        ? "rejected"
        : "waitingProof";
  const apps: WalletApp[] = [];
  if (wallet?.yapeNumber) apps.push("yape");
  if (wallet?.plinNumber) apps.push("plin");
  return {
    state,
    totalCents: order.totalCents,
    holderName: wallet?.holderName ?? "",
    yapeNumber: wallet?.yapeNumber ?? null,
    plinNumber: wallet?.plinNumber ?? null,
    qrPhotoKey: wallet?.qrPhotoKey ?? null,
    apps,
    untilLabel: order.holdExpiresAt ? formatDateTime(order.holdExpiresAt, locale) : "",
    proof: proof
      ? {
          app: proof.app,
          operationNumber: proof.operationNumber,
          rejectReason: proof.status === "rejected" ? proof.rejectReason : null,
        }
      : null,
  } as const;
}

export type WalletPayment = NonNullable<ReturnType<typeof walletPaymentOf>>;

/**
 * Sends (or corrects) the proof of a family's own Yape/Plin order. The screenshot is stored
 * only once the rest is known good; a refusal answers 4xx with the typed values kept.
 * Returns null on success (the caller redirects) or the refusal to return.
 */
export async function sendProof({
  consumerId,
  order,
  formData,
}: {
  consumerId: number;
  order: Order;
  formData: FormData;
}): Promise<ReturnType<typeof refuseForm> | null> {
  const refuse = (
    status: number,
    errors: { formErrors?: string[]; fieldErrors?: Record<string, string[]> },
  ) =>
    refuseForm(formData, {
      status,
      formId: PROOF_FORM_ID,
      keepValues: ["app", "operationNumber"],
      ...errors,
    });
  const submission = parseForm(formData, ProofSchema);
  if (submission.status !== "success") {
    const fieldErrors: Record<string, string[]> = {};
    for (const [name, messages] of Object.entries(submission.error ?? {})) {
      if (messages && (name === "app" || name === "operationNumber")) fieldErrors[name] = messages;
    }
    return Object.keys(fieldErrors).length > 0
      ? refuse(400, { fieldErrors })
      : refuse(400, { formErrors: ["errors.checkoutInvalid"] });
  }
  if (order.paymentMethod !== "yape_plin") {
    return refuse(400, { formErrors: ["errors.checkoutInvalid"] });
  }
  if (order.status !== "pending_payment") {
    return refuse(409, {
      formErrors: [
        order.status === "confirmed" ? "wallet.errors.notWaiting" : "wallet.errors.holdEnded",
      ],
    });
  }
  // Only an app the market takes (the form offers no other).
  const wallet = db()
    .select({ yapeNumber: marketWallets.yapeNumber, plinNumber: marketWallets.plinNumber })
    .from(marketWallets)
    .where(eq(marketWallets.marketId, order.marketId))
    .get();
  const takes = submission.value.app === "yape" ? wallet?.yapeNumber : wallet?.plinNumber;
  if (!takes) return refuse(400, { fieldErrors: { app: ["wallet.errors.appRequired"] } });
  const photo = formData.get("photo");
  let screenshotKey: string | undefined;
  if (photo instanceof Blob && photo.size > 0) {
    const stored = await storeProofScreenshot(photo);
    if (!stored.ok) return refuse(400, { fieldErrors: { photo: [`errors.${stored.error}`] } });
    screenshotKey = stored.key;
  }
  const result = submitProof({
    consumerId,
    orderId: order.id,
    app: submission.value.app,
    operationNumber: submission.value.operationNumber,
    screenshotKey,
  });
  if (result.ok) return null;
  // Refused (the hold ended meanwhile…): the family's screenshot is not kept for nothing.
  if (screenshotKey) await discardProofScreenshot(screenshotKey);
  switch (result.error) {
    case "operationInvalid":
      return refuse(400, { fieldErrors: { operationNumber: ["wallet.errors.operationInvalid"] } });
    case "holdEnded":
      return refuse(409, { formErrors: ["wallet.errors.holdEnded"] });
    case "notWaiting":
      return refuse(409, { formErrors: ["wallet.errors.notWaiting"] });
    case "duplicate":
      return refuse(409, { fieldErrors: { operationNumber: ["wallet.errors.duplicate"] } });
    default:
      throw new Response("Not found", { status: 404 });
  }
}

/**
 * A family's Yape/Plin orders still waiting for their payment, for the order list: by
 * "<market date>-<pickup code>", whether a proof was sent ("proofSent") or not ("waitingProof").
 * One query.
 */
export function walletStatesOfConsumer(consumerId: number): Map<string, WalletPaymentState> {
  const rows = db()
    .select({
      code: orders.pickupCode,
      date: marketDays.date,
      proofSent: sql<number>`EXISTS (SELECT 1 FROM ${paymentProofs} WHERE ${paymentProofs.orderId} = ${orders.id} AND ${paymentProofs.status} = 'waiting')`,
    })
    .from(orders)
    .innerJoin(marketDays, eq(marketDays.id, orders.marketDayId))
    .where(
      and(
        eq(orders.consumerId, consumerId),
        eq(orders.paymentMethod, "yape_plin"),
        eq(orders.status, "pending_payment"),
      ),
    )
    .all();
  return new Map(
    rows.map((r) => [`${r.date}-${r.code}`, r.proofSent ? "proofSent" : "waitingProof"] as const),
  );
}
