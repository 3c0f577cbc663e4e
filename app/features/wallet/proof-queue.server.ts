/**
 * The treasurer's queue (/coordinacion/pagos): the proofs of one market waiting for a decision,
 * oldest first, and those that lapsed (their order ended before anyone decided) and still need
 * settling. Every read is scoped by the market in its WHERE.
 */
import { and, asc, count, eq } from "drizzle-orm";
import { marketDays, orders, paymentProofs, users } from "../../../db/schema";
import { db } from "../../infra/db.server";
import { proofVersion } from "./wallet-proofs.server";

export type QueuedProof = {
  proofId: number;
  orderId: number;
  app: "yape" | "plin";
  operationNumber: string;
  amountCents: number;
  hasScreenshot: boolean;
  sentAt: Date;
  pickupCode: string;
  date: string;
  name: string;
  phone: string | null;
  email: string | null;
  /** What the page shows of it, posted back with a decision (wallet-proofs proofVersion). */
  version: string;
};

function proofsWith(marketId: number, status: "waiting" | "lapsed"): QueuedProof[] {
  return db()
    .select({
      proofId: paymentProofs.id,
      orderId: paymentProofs.orderId,
      app: paymentProofs.app,
      operationNumber: paymentProofs.operationNumber,
      amountCents: paymentProofs.amountCents,
      screenshotKey: paymentProofs.screenshotKey,
      sentAt: paymentProofs.updatedAt,
      pickupCode: orders.pickupCode,
      date: marketDays.date,
      name: users.name,
      phone: users.phone,
      email: users.email,
    })
    .from(paymentProofs)
    .innerJoin(
      orders,
      and(eq(orders.id, paymentProofs.orderId), eq(orders.marketId, paymentProofs.marketId)),
    )
    .innerJoin(marketDays, eq(marketDays.id, orders.marketDayId))
    .innerJoin(users, eq(users.id, orders.consumerId))
    .where(and(eq(paymentProofs.marketId, marketId), eq(paymentProofs.status, status)))
    .orderBy(asc(paymentProofs.updatedAt), asc(paymentProofs.id))
    .all()
    .map(({ screenshotKey, ...row }) => ({
      ...row,
      hasScreenshot: Boolean(screenshotKey),
      version: proofVersion({ ...row, screenshotKey, updatedAt: row.sentAt }),
    }));
}

/** Proofs waiting for the treasurer, oldest first. */
export function waitingProofs(marketId: number): QueuedProof[] {
  return proofsWith(marketId, "waiting");
}

/** Proofs whose order ended before anyone decided: the money may have to go back by hand. */
export function lapsedProofs(marketId: number): QueuedProof[] {
  return proofsWith(marketId, "lapsed");
}

/** How many proofs wait (the menu's badge). */
export function waitingProofCount(marketId: number): number {
  return (
    db()
      .select({ n: count() })
      .from(paymentProofs)
      .where(and(eq(paymentProofs.marketId, marketId), eq(paymentProofs.status, "waiting")))
      .get()?.n ?? 0
  );
}

/** The stored screenshot key of a proof of this market, or null. */
export function proofScreenshotKeyOf(marketId: number, proofId: number): string | null {
  return (
    db()
      .select({ key: paymentProofs.screenshotKey })
      .from(paymentProofs)
      .where(and(eq(paymentProofs.id, proofId), eq(paymentProofs.marketId, marketId)))
      .get()?.key ?? null
  );
}
