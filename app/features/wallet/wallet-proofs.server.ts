/**
 * Yape/Plin proofs: a family sends the operation number (and maybe a screenshot) of the payment
 * they made in their app; the market's treasurer checks it against the wallet's movements and
 * verifies or rejects it. Each step is one IMMEDIATE transaction that first reads the order's
 * and the proof's current state, so verification, rejection, expiry and cancellation racing
 * for one order end in exactly one outcome. Every treasurer action is audited.
 */
import crypto from "node:crypto";
import { and, desc, eq, ne } from "drizzle-orm";
import {
  marketDays,
  marketWallets,
  orders,
  paymentProofs,
  pickupSlots,
  type Order,
  type WalletApp,
} from "../../../db/schema";
import { recordAudit } from "../../infra/audit.server";
import { db, type Tx } from "../../infra/db.server";
import { queueNotification } from "../notifications/notifications.server";
import { orderConfirmedMessage } from "../ordering/order-messages.server";
import { expireHold } from "../payments/webhook-events.server";
import { dayVerifyDeadline } from "./wallet.server";
import { normalizeOperationNumber, proofWindowEnd } from "./wallet-rules";

export type Proof = typeof paymentProofs.$inferSelect;

/** Why a proof could not be sent, or decided. */
export type ProofError =
  /** No such order of this person (or proof of this market). */
  | "notFound"
  /** The order is not a Yape/Plin order waiting for its payment (paid, cash, card…). */
  | "notWaiting"
  /** The hold ended (expired or cancelled) before this step: stock and place went back. */
  | "holdEnded"
  /** The operation number is not digits of a sensible length. */
  | "operationInvalid"
  /** The same operation number is already verified for another order of this market. */
  | "duplicate"
  /** The family corrected the proof after the treasurer's page showed it: look again. */
  | "changed";

export type ProofResult = { ok: true; proof: Proof } | { ok: false; error: ProofError };

const immediate = { behavior: "immediate" } as const;

/**
 * A Yape/Plin hold still waiting for its payment, read in the caller's transaction. A hold
 * whose time has passed is expired here and now (the sweeper would do it a moment later), so
 * a proof or a verification racing with expiry sees one outcome: "holdEnded".
 */
function waitingHold(tx: Tx, order: Order | undefined, now: Date): Order | ProofError {
  if (!order || order.paymentMethod !== "yape_plin") return "notFound";
  if (order.status !== "pending_payment") {
    return order.status === "confirmed" ? "notWaiting" : "holdEnded";
  }
  if (order.holdExpiresAt && order.holdExpiresAt.getTime() <= now.getTime()) {
    expireHold(tx, order.id, now);
    return "holdEnded";
  }
  return order;
}

/** The treasurer's last moment for this order's market day (its market's lead time). */
function deadlineOf(tx: Tx, order: Order): Date {
  const wallet = tx
    .select({ verifyLeadMinutes: marketWallets.verifyLeadMinutes })
    .from(marketWallets)
    .where(eq(marketWallets.marketId, order.marketId))
    .get() ?? { verifyLeadMinutes: 0 };
  return dayVerifyDeadline(tx, order.marketDayId, wallet) ?? new Date(0);
}

/**
 * A family sends (or corrects) the proof of their own Yape/Plin order while its hold lasts.
 * One proof waits per order: sending again replaces the operation number (and the screenshot,
 * when a new one comes). The order then waits for the treasurer until verification closes for
 * its market day. The screenshot is stored by the caller before this (files are not part of
 * the transaction); on a refusal the caller discards it.
 */
export function submitProof({
  consumerId,
  orderId,
  app,
  operationNumber,
  screenshotKey = null,
  now = new Date(),
}: {
  consumerId: number;
  orderId: number;
  app: WalletApp;
  operationNumber: string;
  screenshotKey?: string | null;
  now?: Date;
}): ProofResult {
  const digits = normalizeOperationNumber(operationNumber);
  if (!digits) return { ok: false, error: "operationInvalid" };
  return db().transaction((tx): ProofResult => {
    const row = tx
      .select()
      .from(orders)
      .where(and(eq(orders.id, orderId), eq(orders.consumerId, consumerId)))
      .get();
    const order = waitingHold(tx, row, now);
    if (typeof order === "string") return { ok: false, error: order };
    const waiting = tx
      .select()
      .from(paymentProofs)
      .where(and(eq(paymentProofs.orderId, order.id), eq(paymentProofs.status, "waiting")))
      .get();
    const fields = {
      app,
      operationNumber: digits,
      amountCents: order.totalCents,
      updatedAt: now,
      ...(screenshotKey ? { screenshotKey } : {}),
    };
    const proof = waiting
      ? tx
          .update(paymentProofs)
          .set(fields)
          .where(eq(paymentProofs.id, waiting.id))
          .returning()
          .get()
      : tx
          .insert(paymentProofs)
          .values({ ...fields, orderId: order.id, marketId: order.marketId, createdAt: now })
          .returning()
          .get();
    // Now it waits for the treasurer, not for the family: until verification closes.
    const deadline = deadlineOf(tx, order);
    if (!order.holdExpiresAt || deadline > order.holdExpiresAt) {
      tx.update(orders)
        .set({ holdExpiresAt: deadline, updatedAt: now })
        .where(eq(orders.id, order.id))
        .run();
    }
    return { ok: true, proof };
  }, immediate);
}

/**
 * What the treasurer's page showed of a proof (app, number, screenshot, when sent): posted back
 * with "Verificar" and "Rechazar" so a proof the family corrected meanwhile is not decided
 * unseen (verifying a number nobody checked would leave the checked one free for reuse).
 */
export function proofVersion(
  proof: Pick<Proof, "app" | "operationNumber" | "screenshotKey" | "updatedAt">,
): string {
  const basis = [proof.app, proof.operationNumber, proof.screenshotKey ?? "", +proof.updatedAt];
  return crypto.createHash("sha256").update(basis.join("|")).digest("base64url").slice(0, 22);
}

/** A waiting proof of this market, with its order, for the treasurer's decisions. */
function waitingProof(
  tx: Tx,
  marketId: number,
  proofId: number,
  now: Date,
  seen: string | undefined,
): { proof: Proof; order: Order } | ProofError {
  const proof = tx
    .select()
    .from(paymentProofs)
    .where(and(eq(paymentProofs.id, proofId), eq(paymentProofs.marketId, marketId)))
    .get();
  if (!proof) return "notFound";
  if (proof.status !== "waiting") return proof.status === "lapsed" ? "holdEnded" : "notWaiting";
  if (seen !== undefined && seen !== proofVersion(proof)) return "changed";
  const row = tx.select().from(orders).where(eq(orders.id, proof.orderId)).get();
  const order = waitingHold(tx, row, now);
  return typeof order === "string" ? order : { proof, order };
}

/**
 * The treasurer found the money: the order is confirmed and paid, and the family is told as
 * with any confirmation. An operation number already verified for another order is refused
 * (the partial unique index holds it even against a bug here).
 */
export function verifyProof({
  marketId,
  proofId,
  actorUserId,
  seen,
  now = new Date(),
}: {
  marketId: number;
  proofId: number;
  actorUserId: number;
  /** proofVersion of the proof as the treasurer saw it, when the page sent it. */
  seen?: string;
  now?: Date;
}): ProofResult {
  return db().transaction((tx): ProofResult => {
    const found = waitingProof(tx, marketId, proofId, now, seen);
    if (typeof found === "string") return { ok: false, error: found };
    const { proof, order } = found;
    const used = tx
      .select({ id: paymentProofs.id })
      .from(paymentProofs)
      .where(
        and(
          eq(paymentProofs.marketId, marketId),
          eq(paymentProofs.operationNumber, proof.operationNumber),
          eq(paymentProofs.status, "verified"),
        ),
      )
      .get();
    if (used) return { ok: false, error: "duplicate" };
    const verified = tx
      .update(paymentProofs)
      .set({ status: "verified", decidedByUserId: actorUserId, decidedAt: now, updatedAt: now })
      .where(eq(paymentProofs.id, proof.id))
      .returning()
      .get();
    tx.update(orders)
      .set({ status: "confirmed", paymentStatus: "paid", holdExpiresAt: null, updatedAt: now })
      .where(and(eq(orders.id, order.id), eq(orders.status, "pending_payment")))
      .run();
    queueNotification(tx, orderConfirmedMessage(order, pickupOf(tx, order)));
    recordAudit(tx, {
      marketId,
      actorUserId,
      action: "payment.proof_verified",
      entityType: "order",
      entityId: order.id,
      data: { proofId: proof.id, app: proof.app, operationNumber: proof.operationNumber },
    });
    return { ok: true, proof: verified };
  }, immediate);
}

/**
 * The treasurer did not find the money (or not all of it): the proof is rejected with the
 * reason the family is told, and the family gets a new window to send another proof (as long
 * as a new reservation would, never past verification's close).
 */
export function rejectProof({
  marketId,
  proofId,
  actorUserId,
  reason,
  seen,
  now = new Date(),
}: {
  marketId: number;
  proofId: number;
  actorUserId: number;
  reason: string;
  /** proofVersion of the proof as the treasurer saw it, when the page sent it. */
  seen?: string;
  now?: Date;
}): ProofResult {
  return db().transaction((tx): ProofResult => {
    const found = waitingProof(tx, marketId, proofId, now, seen);
    if (typeof found === "string") return { ok: false, error: found };
    const { proof, order } = found;
    const rejected = tx
      .update(paymentProofs)
      .set({
        status: "rejected",
        rejectReason: reason,
        decidedByUserId: actorUserId,
        decidedAt: now,
        updatedAt: now,
      })
      .where(eq(paymentProofs.id, proof.id))
      .returning()
      .get();
    const wait = tx
      .select({ minutes: marketWallets.proofWaitMinutes })
      .from(marketWallets)
      .where(eq(marketWallets.marketId, marketId))
      .get();
    const until = proofWindowEnd(now, wait?.minutes ?? 60, deadlineOf(tx, order));
    tx.update(orders)
      .set({ holdExpiresAt: until, updatedAt: now })
      .where(eq(orders.id, order.id))
      .run();
    queueNotification(tx, {
      userId: order.consumerId,
      template: "payment_proof_rejected",
      dedupeKey: `proof-rejected:${proof.id}`,
      payload: {
        orderId: order.id,
        pickupCode: order.pickupCode,
        reason,
        until: until.toISOString(),
      },
    });
    recordAudit(tx, {
      marketId,
      actorUserId,
      action: "payment.proof_rejected",
      entityType: "order",
      entityId: order.id,
      data: { proofId: proof.id, operationNumber: proof.operationNumber, reason },
    });
    return { ok: true, proof: rejected };
  }, immediate);
}

/**
 * A lapsed proof (its order ended before anyone decided) is settled by the treasurer: the money
 * had come and was given back by hand ("returned"), or it never came ("rejected", with that as
 * the reason). Audited; a second tap finds nothing left to settle.
 */
export function settleLapsedProof({
  marketId,
  proofId,
  actorUserId,
  outcome,
  reason = "",
  now = new Date(),
}: {
  marketId: number;
  proofId: number;
  actorUserId: number;
  outcome: "returned" | "notReceived";
  reason?: string;
  now?: Date;
}): ProofResult {
  return db().transaction((tx): ProofResult => {
    const settled = tx
      .update(paymentProofs)
      .set({
        status: outcome === "returned" ? "returned" : "rejected",
        rejectReason: outcome === "returned" ? null : reason || null,
        decidedByUserId: actorUserId,
        decidedAt: now,
        updatedAt: now,
      })
      .where(
        and(
          eq(paymentProofs.id, proofId),
          eq(paymentProofs.marketId, marketId),
          eq(paymentProofs.status, "lapsed"),
        ),
      )
      .returning()
      .get();
    if (!settled) return { ok: false, error: "notFound" };
    recordAudit(tx, {
      marketId,
      actorUserId,
      action: outcome === "returned" ? "payment.proof_returned" : "payment.proof_not_received",
      entityType: "order",
      entityId: settled.orderId,
      data: { proofId, operationNumber: settled.operationNumber, amountCents: settled.amountCents },
    });
    return { ok: true, proof: settled };
  }, immediate);
}

/** Other orders of the market whose proofs carry this operation number (the queue flags them). */
export function sameOperationElsewhere(
  marketId: number,
  operationNumber: string,
  orderId: number,
): { orderId: number; pickupCode: string; status: Proof["status"] }[] {
  return db()
    .select({
      orderId: paymentProofs.orderId,
      pickupCode: orders.pickupCode,
      status: paymentProofs.status,
    })
    .from(paymentProofs)
    .innerJoin(orders, eq(orders.id, paymentProofs.orderId))
    .where(
      and(
        eq(paymentProofs.marketId, marketId),
        eq(paymentProofs.operationNumber, operationNumber),
        ne(paymentProofs.orderId, orderId),
      ),
    )
    .all();
}

/** The latest proof of an order (the order page shows its state), or undefined. */
export function latestProofOf(orderId: number): Proof | undefined {
  return db()
    .select()
    .from(paymentProofs)
    .where(eq(paymentProofs.orderId, orderId))
    .orderBy(desc(paymentProofs.id))
    .limit(1)
    .get();
}

function pickupOf(tx: Tx, order: Order) {
  const day = tx.select().from(marketDays).where(eq(marketDays.id, order.marketDayId)).get()!;
  const slot = tx.select().from(pickupSlots).where(eq(pickupSlots.id, order.slotId)).get()!;
  return { date: day.date, place: day.place, startsAt: slot.startsAt, endsAt: slot.endsAt };
}
