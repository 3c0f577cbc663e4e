/** Helpers of the treasurer's tests (tests/integration/wallet-treasurer.test.ts). */
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { db } from "../../app/infra/db.server";
import { reserveOrder } from "../../app/features/ordering/reserve.server";
import { submitProof } from "../../app/features/wallet/wallet-proofs.server";
import { saveWalletSettings } from "../../app/features/wallet/wallet-settings.server";
import { auditLog, orders, paymentProofs } from "../../db/schema";
import { createCoordinator, createUser } from "../factories";
import { loggedInCookie } from "../helpers";
import { openMarketDayScenario } from "../scenario";

export function walletOn(marketId: number, actorUserId: number) {
  saveWalletSettings({
    marketId,
    actorUserId,
    settings: {
      enabled: true,
      holderName: "Rosa Quispe",
      yapeNumber: "+51987654321",
      plinNumber: null,
      qrPhotoKey: null,
      proofWaitMinutes: 60,
      verifyLeadMinutes: 720,
    },
  });
}

export async function marketWithWallet() {
  const s = openMarketDayScenario({ offers: { papa: {} } });
  const coordinator = createCoordinator({ marketId: s.market.id });
  walletOn(s.market.id, coordinator.id);
  return { s, coordinator, cookie: await loggedInCookie(coordinator.id) };
}

let keys = 0;
export async function pngBlob() {
  const image = await sharp({
    create: { width: 400, height: 300, channels: 3, background: { r: 90, g: 30, b: 140 } },
  })
    .png()
    .toBuffer();
  return new Blob([new Uint8Array(image)], { type: "image/png" });
}

/** A family's Yape/Plin order with a proof sent. */
export function orderWithProof(
  s: Awaited<ReturnType<typeof marketWithWallet>>["s"],
  operationNumber = "12345678",
  screenshotKey: string | null = null,
) {
  const family = createUser({ name: `Familia ${++keys}` });
  const reserved = reserveOrder({
    consumerId: family.id,
    marketDayId: s.day.id,
    slotId: s.slots[0]!.id,
    lines: [{ offerId: s.offers.papa.id, quantity: 1 }],
    paymentMethod: "yape_plin",
    idempotencyKey: `wallet-treasurer-${keys}-${Date.now()}`,
  });
  if (!reserved.ok) throw new Error(`reserve: ${reserved.error}`);
  const sent = submitProof({
    consumerId: family.id,
    orderId: reserved.order.id,
    app: "yape",
    operationNumber,
    screenshotKey,
  });
  if (!sent.ok) throw new Error(`proof: ${sent.error}`);
  return { family, order: reserved.order, proof: sent.proof };
}

export const proofNow = (id: number) =>
  db().select().from(paymentProofs).where(eq(paymentProofs.id, id)).get()!;
export const orderNow = (id: number) => db().select().from(orders).where(eq(orders.id, id)).get()!;
export const auditsOf = (marketId: number, action: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.marketId, marketId), eq(auditLog.action, action)))
    .all();

export const setupFields = (fields: Record<string, string> = {}) => ({
  intent: "save",
  enabled: "on",
  holderName: "Rosa Quispe Huamán",
  yapeNumber: "987 654 321",
  plinNumber: "",
  proofWaitMinutes: "45",
  verifyLeadHours: "10",
  ...fields,
});
