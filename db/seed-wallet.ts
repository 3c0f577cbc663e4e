/** The demo market's Yape/Plin wallet, seeded with the rest of the demo (seed-demo.ts). */
import fs from "node:fs";
import path from "node:path";
import {
  PHOTO_WIDTHS,
  photoDirectory,
  photoFileName,
} from "../app/features/producers/photos.server";
import { saveWalletSettings } from "../app/features/wallet/wallet-settings.server";
import { submitProof, verifyProof } from "../app/features/wallet/wallet-proofs.server";
import type { Order } from "./schema";

/** The demo wallet's QR (scripts/make-demo-qr.ts): a demo sentence, not a real account. */
const DEMO_QR_KEY = "4a356153e435785f552d9444f4c3919e";

/**
 * The demo market takes Yape and Plin with demo numbers and the demo QR, set up through the
 * same model the coordinators' page uses (so it is audited like theirs).
 */
export function seedDemoWallet(marketId: number, coordinatorId: number) {
  const folder = photoDirectory();
  fs.mkdirSync(folder, { recursive: true });
  for (const width of PHOTO_WIDTHS) {
    const name = photoFileName(DEMO_QR_KEY, width);
    fs.copyFileSync(path.join("db/demo-assets", name), path.join(folder, name));
  }
  saveWalletSettings({ marketId, actorUserId: coordinatorId, settings: DEMO_WALLET });
}

export const DEMO_WALLET = {
  enabled: true,
  holderName: "Asociación de Productores de Cusco (demo)",
  yapeNumber: "900123456",
  plinNumber: "900654321",
  qrPhotoKey: DEMO_QR_KEY,
  proofWaitMinutes: 60,
  verifyLeadMinutes: 720,
};

/**
 * A demo family sends the proof of its Yape order (a demo operation number), and the demo
 * treasurer verifies it when `verifyAt` is given: through the same models as the pages.
 */
export function payDemoYape(
  order: Order,
  marketId: number,
  treasurerId: number,
  n: number,
  sentAt: Date,
  verifyAt: Date | null,
) {
  const sent = submitProof({
    consumerId: order.consumerId,
    orderId: order.id,
    app: n % 2 === 0 ? "plin" : "yape",
    operationNumber: String(10_000_000 + n * 7919),
    now: sentAt,
  });
  if (!sent.ok) throw new Error(`demo proof of order ${order.id} refused: ${sent.error}`);
  if (!verifyAt) return;
  const verified = verifyProof({
    marketId,
    proofId: sent.proof.id,
    actorUserId: treasurerId,
    now: verifyAt,
  });
  if (!verified.ok)
    throw new Error(`demo proof of order ${order.id} not verified: ${verified.error}`);
}
