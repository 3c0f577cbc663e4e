/**
 * The demo market's Yape QR, made once (`npx tsx scripts/make-demo-qr.ts`) and committed in
 * db/demo-assets/: the seed copies it into the photos folder, since the seed is synchronous and
 * image encoding is not. It encodes a sentence saying it is a demo, not a real Yape account, so
 * nobody can send money with it.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import QRCode from "qrcode";
import sharp from "sharp";
import { PHOTO_WIDTHS } from "../app/features/producers/photos.server";

const TEXT = "Qhatu demo - Yape 900 123 456 - no es una cuenta real / not a real account";

const png = await QRCode.toBuffer(TEXT, { errorCorrectionLevel: "M", margin: 4, width: 960 });
const key = crypto.createHash("sha256").update(png).digest("hex").slice(0, 32);
fs.rmSync("db/demo-assets", { recursive: true, force: true });
fs.mkdirSync("db/demo-assets", { recursive: true });
for (const width of PHOTO_WIDTHS) {
  // Lossless: a QR's edges must stay sharp to scan.
  const webp = await sharp(png).resize({ width }).webp({ lossless: true }).toBuffer();
  fs.writeFileSync(`db/demo-assets/${key}-${width}.webp`, webp);
}
console.log(`demo QR key ${key}`);
