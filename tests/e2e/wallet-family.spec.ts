/**
 * Issue 16 §2 in a browser, at 360 × 740: a family reserves with Yape / Plin, sees the amount,
 * the market's QR and number, sends the operation number (with JavaScript also a small PNG
 * screenshot) and sees "Pago por verificar". Once with JavaScript and once without. The wallet
 * is set up here, on the demo market, not taken from the seed.
 */
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import Database from "better-sqlite3";
import type { Browser } from "@playwright/test";
import sharp from "sharp";
import { E2E_DATABASE } from "../../playwright.config";
import { createAccountWithDemoPassword, expect, freshPhone, loginAs, test } from "./fixtures";

const PHONE = { width: 360, height: 740 };
const WALLET_NUMBER = "912345678";

const QR_KEY = "e2e0f00d0000000000000000000000aa";

/** The wallet's QR as a public photo of the e2e server (its DATA_DIR, next to its database). */
async function storeQrPhoto() {
  const dir = path.join(E2E_DATABASE.replace(/e2e-(\d+)\.db$/, "e2e-data-$1"), "fotos");
  fs.mkdirSync(dir, { recursive: true });
  for (const width of [320, 960]) {
    await sharp({
      create: { width, height: width, channels: 3, background: { r: 114, g: 31, b: 143 } },
    })
      .webp()
      .toFile(path.join(dir, `${QR_KEY}-${width}.webp`));
  }
}

/** The demo market's wallet on, paying to one Yape number, with its QR. */
async function walletOn() {
  await storeQrPhoto();
  const db = new Database(E2E_DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    const { id } = db.prepare("SELECT id FROM markets ORDER BY id LIMIT 1").get() as { id: number };
    db.prepare(
      `INSERT INTO market_wallets (market_id, enabled, holder_name, yape_number, plin_number,
         qr_photo_key, proof_wait_minutes, verify_lead_minutes, updated_at)
       VALUES (?, 1, 'Asociación Huancaro', ?, NULL, ?, 60, 0, ?)
       ON CONFLICT (market_id) DO UPDATE SET enabled = 1, holder_name = excluded.holder_name,
         yape_number = excluded.yape_number, plin_number = NULL,
         qr_photo_key = excluded.qr_photo_key, proof_wait_minutes = 60, verify_lead_minutes = 0,
         updated_at = excluded.updated_at`,
    ).run(id, WALLET_NUMBER, QR_KEY, Date.now());
  } finally {
    db.close();
  }
}

function latestOrderOf(phone: string) {
  const db = new Database(E2E_DATABASE, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT o.id, o.pickup_code AS code, o.total_cents AS total, o.status
         FROM orders o JOIN users u ON u.id = o.consumer_id
         WHERE u.phone = ? ORDER BY o.id DESC LIMIT 1`,
      )
      .get(`+51${phone}`) as { id: number; code: string; total: number; status: string };
  } finally {
    db.close();
  }
}

function proofOf(orderId: number) {
  const db = new Database(E2E_DATABASE, { readonly: true });
  try {
    return db
      .prepare(
        "SELECT operation_number AS number, status, screenshot_key AS screenshot FROM payment_proofs WHERE order_id = ?",
      )
      .get(orderId) as { number: string; status: string; screenshot: string | null } | undefined;
  } finally {
    db.close();
  }
}

async function payWithYape(browser: Browser, javaScriptEnabled: boolean) {
  await walletOn();
  const phone = freshPhone();
  createAccountWithDemoPassword(phone, "Rosa Quispe");
  const context = await browser.newContext({ viewport: PHONE, locale: "es-PE", javaScriptEnabled });
  await loginAs(context, `+51${phone}`);
  const page = await context.newPage();

  await page.goto("/feria");
  const offer = page
    .getByRole("article")
    .filter({ has: page.getByRole("button", { name: "Añadir" }) })
    .first();
  await offer.getByRole("button", { name: "Añadir" }).click();
  await expect(page.getByRole("link", { name: "Canasta (1)" })).toBeVisible();

  await page.goto("/canasta/confirmar");
  await page.getByLabel("Yape / Plin").check();
  await page.getByRole("button", { name: "Confirmar pedido" }).click();

  const order = latestOrderOf(phone);
  await expect(page).toHaveURL(new RegExp(`/pedidos/${order.code}$`));
  expect(order.status).toBe("pending_payment");
  await expect(page.getByRole("heading", { name: "Paga con Yape o Plin" })).toBeVisible();
  const amount = `S/ ${(order.total / 100).toFixed(2)}`;
  await expect(page.locator(".wallet-payment .grand-total")).toContainText(amount);
  await expect(page.getByText(WALLET_NUMBER, { exact: true })).toBeVisible();
  await expect(page.getByRole("img", { name: /Código QR de Yape \/ Plin/ })).toBeVisible();
  await expect(page.getByLabel("Yape", { exact: true })).toBeChecked();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  // A number that is not one: refused with its message, what was typed kept.
  await page.getByLabel("Número de operación").fill("12ab");
  await page.getByRole("button", { name: "Enviar comprobante" }).click();
  await expect(page.getByText(/solo números \(de 4 a 20\)/)).toBeVisible();
  await expect(page.getByLabel("Número de operación")).toHaveValue("12ab");

  await page.getByLabel("Número de operación").fill("0123 4567");
  if (javaScriptEnabled) {
    const png = await sharp({
      create: { width: 60, height: 120, channels: 3, background: { r: 114, g: 31, b: 143 } },
    })
      .png()
      .toBuffer();
    await page
      .getByLabel("Captura del pago (opcional)")
      .setInputFiles({ name: "yape.png", mimeType: "image/png", buffer: png });
  }
  await page.getByRole("button", { name: "Enviar comprobante" }).click();
  await expect(page.getByRole("heading", { name: "Pago por verificar" })).toBeVisible();
  await expect(page.getByText(/Enviaste el número de operación 01234567/)).toBeVisible();
  const proof = proofOf(order.id);
  expect(proof).toMatchObject({ number: "01234567", status: "waiting" });
  expect(Boolean(proof?.screenshot)).toBe(javaScriptEnabled);
  if (javaScriptEnabled) {
    // axe runs as a script in the page: only where the page may run one.
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations).toEqual([]);
  }

  await page.goto("/pedidos");
  await expect(page.getByText(/Pago por verificar/)).toBeVisible();
  await context.close();
}

test("a family pays with Yape and sends the operation number and a screenshot", async ({
  browser,
}) => {
  await payWithYape(browser, true);
});

test("a family pays with Yape without JavaScript @nojs", async ({ browser }) => {
  await payWithYape(browser, false);
});
