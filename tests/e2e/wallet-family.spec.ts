/**
 * Issue 16 §2 in a browser, at 360 × 740: a family reserves with Yape / Plin, sees the amount,
 * the market's QR and number, sends the operation number (with JavaScript also a small PNG
 * screenshot) and sees "Pago por verificar". Once with JavaScript and once without, on the
 * demo market's wallet as the seed sets it up.
 */
import AxeBuilder from "@axe-core/playwright";
import Database from "better-sqlite3";
import type { Browser } from "@playwright/test";
import sharp from "sharp";
import { E2E_DATABASE } from "../../playwright.config";
import { createAccountWithDemoPassword, expect, freshPhone, loginAs, test } from "./fixtures";

const PHONE = { width: 360, height: 740 };
/** The demo market's Yape number (db/seed-wallet.ts): the seed sets the wallet up. */
const WALLET_NUMBER = "900123456";

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
