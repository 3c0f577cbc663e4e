/**
 * When a Yape/Plin order ends before anyone decided on its proof (its hold ran out, the family
 * cancelled, the market day was cancelled), the proof lapses: the treasurer still has to check
 * whether the money came, and give it back if it did (wallet-proofs.server.ts settleLapsedProof).
 */
import { and, eq, inArray } from "drizzle-orm";
import { paymentProofs } from "../../../db/schema";
import type { Tx } from "../../infra/db.server";

/** Lapses the waiting proofs of these orders, in the caller's transaction. Returns how many. */
export function lapseWaitingProofs(tx: Tx, orderIds: number[], now: Date): number {
  if (orderIds.length === 0) return 0;
  return tx
    .update(paymentProofs)
    .set({ status: "lapsed", updatedAt: now })
    .where(and(inArray(paymentProofs.orderId, orderIds), eq(paymentProofs.status, "waiting")))
    .run().changes;
}
