/**
 * Product and producer photos, from a phone's camera or gallery. Every upload is decoded and
 * re-encoded on the server with sharp: turned upright (EXIF orientation), resized to two WebP
 * widths, and written without any metadata (no EXIF, no GPS position of the farm). Files are
 * named after their content, so a name never changes meaning and can be cached forever.
 */
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { env } from "../../infra/env.server";

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Lists use the small one; a product's own page the large one. */
export const PHOTO_WIDTHS = [320, 960] as const;
const ACCEPTED_FORMATS = new Set(["jpeg", "png", "webp", "heif", "avif", "tiff", "gif"]);
/** 50 megapixels: beyond any phone camera, short of decompression bombs. */
const MAX_PIXELS = 50_000_000;

export type PhotoError = "photoTooLarge" | "photoNotImage" | "photoBroken";
export type PhotoResult = { ok: true; key: string } | { ok: false; error: PhotoError };

export function photoDirectory() {
  return path.resolve(env().DATA_DIR, "fotos");
}

/** The file name of one size of a stored photo. */
export function photoFileName(key: string, width: number) {
  return `${key}-${width}.webp`;
}

/** Where an image is kept and at which widths (Yape/Plin proofs use their own private folder). */
export type ImagePlace = { directory: string; widths: readonly number[] };

/** Checks, converts and stores an uploaded photo; nothing is written when it is refused. */
export async function storePhoto(
  upload: Blob,
  { directory, widths }: ImagePlace = { directory: photoDirectory(), widths: PHOTO_WIDTHS },
): Promise<PhotoResult> {
  if (upload.size > MAX_PHOTO_BYTES) return { ok: false, error: "photoTooLarge" };
  const input = Buffer.from(await upload.arrayBuffer());
  let format: string | undefined;
  try {
    format = (await sharp(input, { limitInputPixels: MAX_PIXELS }).metadata()).format;
  } catch {
    return { ok: false, error: "photoNotImage" };
  }
  if (!format || !ACCEPTED_FORMATS.has(format)) return { ok: false, error: "photoNotImage" };

  const key = crypto.createHash("sha256").update(input).digest("hex").slice(0, 32);
  await fs.mkdir(directory, { recursive: true });
  try {
    // Decode fully (failOn "error") so a truncated or corrupt file is refused, not half-stored.
    const encoded = await Promise.all(
      widths.map((width) =>
        sharp(input, { limitInputPixels: MAX_PIXELS, failOn: "error" })
          .rotate()
          .resize({ width, withoutEnlargement: true })
          .webp({ quality: 78 })
          .toBuffer(),
      ),
    );
    // Write each size under a temporary name, then rename: readers never see half a file.
    await Promise.all(
      widths.map(async (width, i) => {
        const final = path.join(directory, photoFileName(key, width));
        const temporary = `${final}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
        await fs.writeFile(temporary, encoded[i]);
        await fs.rename(temporary, final);
      }),
    );
  } catch {
    return { ok: false, error: "photoBroken" };
  }
  return { ok: true, key };
}
