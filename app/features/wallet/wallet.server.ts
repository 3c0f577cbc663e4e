/**
 * A market's Yape/Plin wallet as the rest of the app reads it: whether families may pay with it
 * for a market day, and until when their reservation waits for a proof. The coordinators' form
 * that sets it up is wallet-settings.server.ts.
 */
import { eq } from "drizzle-orm";
import { marketDays, marketWallets } from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import { proofWindowEnd, verifyDeadline } from "./wallet-rules";

export type Wallet = typeof marketWallets.$inferSelect;

/** The market's wallet when it is on and has a number to pay to; otherwise undefined. */
export function activeWallet(marketId: number, tx: Tx = db()): Wallet | undefined {
  const wallet = tx.select().from(marketWallets).where(eq(marketWallets.marketId, marketId)).get();
  if (!wallet?.enabled || !(wallet.yapeNumber || wallet.plinNumber)) return undefined;
  return wallet;
}

/** The last instant proofs for this market day are verified (and Yape/Plin reservations taken). */
export function dayVerifyDeadline(
  tx: Tx,
  marketDayId: number,
  wallet: Pick<Wallet, "verifyLeadMinutes">,
): Date | undefined {
  const day = tx
    .select({ pickupStartAt: marketDays.pickupStartAt })
    .from(marketDays)
    .where(eq(marketDays.id, marketDayId))
    .get();
  return day && verifyDeadline(day.pickupStartAt, wallet.verifyLeadMinutes);
}

/**
 * Until when a new Yape/Plin reservation for this market day holds its stock and place waiting
 * for a proof, or undefined when Yape/Plin is not offered for it (off, or too late to verify).
 */
export function walletHoldEnd(
  tx: Tx,
  { marketId, marketDayId, now }: { marketId: number; marketDayId: number; now: Date },
): Date | undefined {
  const wallet = activeWallet(marketId, tx);
  if (!wallet) return undefined;
  const deadline = dayVerifyDeadline(tx, marketDayId, wallet);
  // At least a few minutes to pay in the app and copy the number, or it is not offered.
  if (!deadline || deadline.getTime() - now.getTime() < MIN_PROOF_WINDOW_MS) return undefined;
  return proofWindowEnd(now, wallet.proofWaitMinutes, deadline);
}

/** Less time than this before verification closes and Yape/Plin is not offered any more. */
export const MIN_PROOF_WINDOW_MS = 10 * 60_000;

/** Whether a market day's checkout may offer Yape/Plin right now (pages; not in a transaction). */
export function walletOffered(marketId: number, marketDayId: number, now = new Date()): boolean {
  return walletHoldEnd(db(), { marketId, marketDayId, now }) !== undefined;
}
