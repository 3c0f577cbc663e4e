/**
 * Screenshots of Yape/Plin payments. They show a family's name, phone and money, so unlike
 * product photos they are private: kept under DATA_DIR/comprobantes (never under the public
 * /fotos), and served only to the coordinators of the order's market. Processed like product
 * photos (re-encoded, upright, every bit of metadata dropped), at one width that keeps the
 * app's small print readable.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { eq } from "drizzle-orm";
import { paymentProofs } from "../../../db/schema";
import { db } from "../../infra/db.server";
import { env } from "../../infra/env.server";
import { photoFileName, storePhoto, type PhotoResult } from "../producers/photos.server";

export const PROOF_WIDTH = 1080;

export function proofDirectory() {
  return path.resolve(env().DATA_DIR, "comprobantes");
}

/** Checks, re-encodes and stores a screenshot; nothing is written when it is refused. */
export function storeProofScreenshot(upload: Blob): Promise<PhotoResult> {
  return storePhoto(upload, { directory: proofDirectory(), widths: [PROOF_WIDTH] });
}

/** The file of a stored screenshot (keys are hex content hashes, never a path from input). */
export function proofScreenshotFile(key: string): string | null {
  if (!/^[0-9a-f]{32}$/.test(key)) return null;
  return path.join(proofDirectory(), photoFileName(key, PROOF_WIDTH));
}

/** Reads a stored screenshot, or null when it is gone. */
export async function readProofScreenshot(key: string): Promise<Buffer | null> {
  const file = proofScreenshotFile(key);
  if (!file) return null;
  return fs.readFile(file).catch(() => null);
}

/**
 * Removes a screenshot stored for a proof that was then refused, unless a proof keeps it (keys
 * are content hashes: the same picture sent for another order is the same file).
 */
export async function discardProofScreenshot(key: string): Promise<void> {
  const file = proofScreenshotFile(key);
  if (!file) return;
  const kept = db()
    .select({ id: paymentProofs.id })
    .from(paymentProofs)
    .where(eq(paymentProofs.screenshotKey, key))
    .get();
  if (!kept) await fs.rm(file, { force: true });
}
