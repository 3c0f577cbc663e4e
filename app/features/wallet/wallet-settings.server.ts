/**
 * The coordinators set up their market's Yape/Plin wallet: on/off, holder, numbers, QR and
 * timings. One row per market, written with its audit entry in one transaction.
 */
import { eq } from "drizzle-orm";
import { marketWallets } from "../../../db/schema";
import { recordAudit } from "../../infra/audit.server";
import { db } from "../../infra/db.server";
import type { Wallet } from "./wallet.server";

export type WalletSettings = Pick<
  Wallet,
  | "enabled"
  | "holderName"
  | "yapeNumber"
  | "plinNumber"
  | "qrPhotoKey"
  | "proofWaitMinutes"
  | "verifyLeadMinutes"
>;

/** The market's wallet as set up, or the defaults (off) when it never was. */
export function walletSettingsOf(marketId: number): WalletSettings {
  const row = db().select().from(marketWallets).where(eq(marketWallets.marketId, marketId)).get();
  return (
    row ?? {
      enabled: false,
      holderName: "",
      yapeNumber: null,
      plinNumber: null,
      qrPhotoKey: null,
      proofWaitMinutes: 60,
      verifyLeadMinutes: 720,
    }
  );
}

/**
 * Saves a market's wallet (already validated: at least one number and a holder when enabled)
 * and audits what changed.
 */
export function saveWalletSettings({
  marketId,
  actorUserId,
  settings,
  now = new Date(),
}: {
  marketId: number;
  actorUserId: number;
  settings: WalletSettings;
  now?: Date;
}) {
  db().transaction(
    (tx) => {
      const before = tx
        .select()
        .from(marketWallets)
        .where(eq(marketWallets.marketId, marketId))
        .get();
      tx.insert(marketWallets)
        .values({ marketId, ...settings, updatedAt: now })
        .onConflictDoUpdate({
          target: marketWallets.marketId,
          set: { ...settings, updatedAt: now },
        })
        .run();
      recordAudit(tx, {
        marketId,
        actorUserId,
        action: "wallet.update",
        entityType: "market",
        entityId: marketId,
        data: { before: before ? { ...before, updatedAt: undefined } : null, after: settings },
      });
    },
    { behavior: "immediate" },
  );
}
