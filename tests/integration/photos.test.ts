/** Photos from phones: converted, resized, stripped of metadata, refused when not images. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";

let dataDir: string;
let photos: typeof import("../../app/features/producers/photos.server");

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "qhatu-photos-"));
  process.env.DATA_DIR = dataDir;
  photos = await import("../../app/features/producers/photos.server");
});

/** A 1600×1200 JPEG as a phone takes it: rotated by EXIF, with GPS in its metadata. */
async function phoneJpeg() {
  const image = await sharp({
    create: { width: 1600, height: 1200, channels: 3, background: { r: 180, g: 120, b: 40 } },
  })
    .jpeg()
    .withMetadata({
      orientation: 6,
      exif: {
        IFD0: { Make: "Qhatu test phone" },
        IFD3: { GPSLatitudeRef: "S", GPSLatitude: "13/1 31/1 0/1" },
      },
    })
    .toBuffer();
  return new Blob([new Uint8Array(image)], { type: "image/jpeg" });
}

describe("storing photos", () => {
  it("stores two upright WebP sizes with no metadata, named by content", async () => {
    const result = await photos.storePhoto(await phoneJpeg());
    expect(result.ok).toBe(true);
    const key = (result as { key: string }).key;
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    for (const width of photos.PHOTO_WIDTHS) {
      const file = path.join(dataDir, "fotos", photos.photoFileName(key, width));
      const meta = await sharp(file).metadata();
      expect(meta.format).toBe("webp");
      // Orientation 6 means "rotate 90°": the stored image is upright, so portrait.
      expect(meta.width).toBe(width);
      expect(meta.height).toBe(Math.round((width * 1600) / 1200));
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
    }
    // The same photo again gives the same name.
    expect(await photos.storePhoto(await phoneJpeg())).toEqual({ ok: true, key });
  });

  it("refuses files that are not images, broken images and oversize files, writing nothing", async () => {
    const before = fs.existsSync(path.join(dataDir, "fotos"))
      ? fs.readdirSync(path.join(dataDir, "fotos")).length
      : 0;
    expect(
      await photos.storePhoto(new Blob(["%PDF-1.4 not a photo"], { type: "image/jpeg" })),
    ).toEqual({ ok: false, error: "photoNotImage" });
    const jpeg = new Uint8Array(await (await phoneJpeg()).arrayBuffer());
    const truncated = new Blob([jpeg.slice(0, Math.floor(jpeg.length / 3))], {
      type: "image/jpeg",
    });
    expect((await photos.storePhoto(truncated)).ok).toBe(false);
    const huge = new Blob([new Uint8Array(photos.MAX_PHOTO_BYTES + 1)], { type: "image/jpeg" });
    expect(await photos.storePhoto(huge)).toEqual({ ok: false, error: "photoTooLarge" });
    const after = fs.existsSync(path.join(dataDir, "fotos"))
      ? fs.readdirSync(path.join(dataDir, "fotos")).length
      : 0;
    expect(after).toBe(before);
  });
});
