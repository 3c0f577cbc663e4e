/**
 * The desk's camera scanner under the Content-Security-Policy: Chromium's fake camera plays a
 * video of an order's QR code; the scanner downloads jsQR on demand (this Chromium has no
 * BarcodeDetector), reads the code and opens the order. Any CSP violation fails the test.
 */
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import QRCode from "qrcode";
import config, { BASE_URL } from "../../playwright.config";
import { seedOrder } from "./desk-orders";
import { expect, loginAs, takeCspViolations, test } from "./fixtures";

const WIDTH = 320;
const HEIGHT = 240;

/** A short Y4M video (what Chromium's fake camera plays) showing `text` as a QR code. */
function qrVideo(text: string, file: string) {
  const qr = QRCode.create(text, { errorCorrectionLevel: "M" });
  const modules = qr.modules.size;
  const scale = Math.floor(Math.min(WIDTH, HEIGHT) / (modules + 8));
  const left = Math.floor((WIDTH - modules * scale) / 2);
  const top = Math.floor((HEIGHT - modules * scale) / 2);
  const luma = Buffer.alloc(WIDTH * HEIGHT, 235);
  for (let y = 0; y < modules * scale; y++) {
    for (let x = 0; x < modules * scale; x++) {
      if (qr.modules.get(Math.floor(y / scale), Math.floor(x / scale))) {
        luma[(top + y) * WIDTH + left + x] = 16;
      }
    }
  }
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  fs.writeFileSync(file, Buffer.concat([header, frame, frame, frame]));
}

test("the camera scanner reads an order's QR code and opens it", async () => {
  const order = seedOrder("next");
  const video = path.resolve(`tests/.tmp/desk-qr-${process.pid}.y4m`);
  qrVideo(order.code, video);
  const launch = config.projects?.[0]?.use?.launchOptions ?? {};
  const browser = await chromium.launch({
    ...launch,
    args: [
      ...(launch.args ?? []),
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  try {
    const context = await browser.newContext({
      baseURL: BASE_URL,
      locale: "es-PE",
      viewport: { width: 360, height: 740 },
      permissions: ["camera"],
    });
    const violations: string[] = [];
    context.on("console", (m) => {
      if (/Content[- ]Security[- ]Policy/i.test(m.text())) violations.push(m.text());
    });
    await loginAs(context, "coordinacion@qhatu.pe");
    const page = await context.newPage();
    await page.goto("/coordinacion/recojo");
    const jsqr = page.waitForRequest(/\/build\/.*\.js$/);
    await page.getByRole("button", { name: "Escanear QR con la cámara" }).click();
    await jsqr;
    await expect(page).toHaveURL(new RegExp(`/coordinacion/recojo/${order.id}$`), {
      timeout: 20_000,
    });
    expect(violations).toEqual([]);
  } finally {
    await browser.close();
    fs.rmSync(video, { force: true });
    takeCspViolations();
  }
});
