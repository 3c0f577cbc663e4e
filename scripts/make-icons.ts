/**
 * The installed app's icons, made from the logo (public/favicon.svg) with sharp. Run once when
 * the logo changes (`npx tsx scripts/make-icons.ts`); the PNGs are committed in public/icons/.
 * - icon-192.png, icon-512.png: the logo as is (rounded square) for launchers and splash screens;
 * - icon-maskable-512.png: full-bleed green with the drawing inside the central 80% "safe zone",
 *   so Android can cut it into a circle or a squircle without clipping the arch;
 * - apple-touch-icon.png (180): opaque, as iOS wants (it rounds the corners itself).
 */
import fs from "node:fs";
import sharp from "sharp";

const logo = fs.readFileSync("public/favicon.svg", "utf8");
const GREEN = "#1f5130";
// The drawing without its background square.
const drawing = logo.replace(/<rect[^>]*\/>/, "").replace(/<\/?svg[^>]*>/g, "");

/** The drawing on a full square of green, scaled to `scale` of the side and centred. */
function fullBleed(scale: number) {
  const offset = (32 * (1 - scale)) / 2;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">` +
    `<rect width="32" height="32" fill="${GREEN}"/>` +
    `<g transform="translate(${offset} ${offset}) scale(${scale})">${drawing}</g></svg>`
  );
}

const render = (svg: string, size: number) =>
  sharp(Buffer.from(svg), { density: (72 * size) / 32 })
    .resize(size, size)
    .png({ compressionLevel: 9 });

fs.mkdirSync("public/icons", { recursive: true });
await render(logo, 192).toFile("public/icons/icon-192.png");
await render(logo, 512).toFile("public/icons/icon-512.png");
await render(fullBleed(0.8), 512).toFile("public/icons/icon-maskable-512.png");
await render(fullBleed(0.9), 180)
  .flatten({ background: GREEN })
  .toFile("public/icons/apple-touch-icon.png");
console.log("Icons written to public/icons/");
