/**
 * Yape/Plin end to end on phones (360 × 740), with JavaScript and without: a family reserves
 * with Yape, sees the QR, number and amount, and sends the operation number; the treasurer
 * verifies it in the queue; the family's order is then confirmed; the pickup desk hands it over
 * with nothing to collect.
 */
import Database from "better-sqlite3";
import type { BrowserContext, Page } from "@playwright/test";
import { BASE_URL, E2E_DATABASE } from "../../playwright.config";
import { createAccountWithDemoPassword, expect, freshPhone, loginAs, test } from "./fixtures";

const PHONE = { width: 360, height: 740 };
const COORDINATOR = "coordinacion@qhatu.pe";

function orderOf(phone: string) {
  const db = new Database(E2E_DATABASE, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT o.id, o.pickup_code AS code, o.status, o.payment_method AS method,
                o.payment_status AS paymentStatus, o.cash_received_cents AS cash
         FROM orders o JOIN users u ON u.id = o.consumer_id
         WHERE u.phone = ? ORDER BY o.id DESC LIMIT 1`,
      )
      .get(`+51${phone}`) as {
      id: number;
      code: string;
      status: string;
      method: string;
      paymentStatus: string;
      cash: number | null;
    };
  } finally {
    db.close();
  }
}

async function phoneContext(browser: import("@playwright/test").Browser, javaScript: boolean) {
  return browser.newContext({ viewport: PHONE, javaScriptEnabled: javaScript, baseURL: BASE_URL });
}

async function fitsThePhone(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
}

async function familyReservesWithYape(page: Page, context: BrowserContext, phone: string) {
  createAccountWithDemoPassword(phone, "Carmen Quispe");
  await loginAs(context, `+51${phone}`);
  await page.goto("/feria");
  const offer = page
    .getByRole("article")
    .filter({ has: page.getByRole("button", { name: "Añadir" }) })
    .first();
  await offer.getByRole("button", { name: "Añadir" }).click();
  await page.goto("/canasta/confirmar");
  await page.getByLabel(/Yape \/ Plin/).check();
  await page.getByRole("button", { name: "Confirmar pedido" }).click();
  await expect(page.getByRole("heading", { name: "Paga con Yape o Plin" })).toBeVisible();
}

for (const javaScript of [true, false]) {
  test(`a family pays with Yape, the treasurer verifies, the desk has nothing to collect${javaScript ? "" : " @nojs"}`, async ({
    browser,
  }) => {
    const family = await phoneContext(browser, javaScript);
    const page = await family.newPage();
    const phone = freshPhone();
    await familyReservesWithYape(page, family, phone);
    const order = orderOf(phone);
    expect(order).toMatchObject({ status: "pending_payment", method: "yape_plin" });

    // How to pay: the amount, the demo QR and number, the holder.
    await expect(page.getByRole("img", { name: /Código QR de Yape \/ Plin/ })).toBeVisible();
    await expect(page.getByText(/900\s?123\s?456/)).toBeVisible();
    await expect(page.getByText("Asociación de Productores de Cusco (demo)")).toBeVisible();
    await fitsThePhone(page);

    const operation = String(10_000_000 + (Date.now() % 89_999_999));
    await page.getByLabel("Número de operación").fill(operation);
    await page.getByRole("button", { name: "Enviar comprobante" }).click();
    await expect(page.getByRole("heading", { name: "Pago por verificar" })).toBeVisible();
    expect(orderOf(phone).status).toBe("pending_payment");

    // The treasurer finds it in the queue and verifies it.
    const office = await phoneContext(browser, javaScript);
    await loginAs(office, COORDINATOR);
    const treasurer = await office.newPage();
    await treasurer.goto("/coordinacion/pagos");
    await expect(treasurer.getByText(operation)).toBeVisible();
    await fitsThePhone(treasurer);
    await treasurer
      .getByRole("button", { name: `Verificar el pago del pedido ${order.code}` })
      .click();
    await expect(treasurer.getByText("Pago verificado: el pedido quedó confirmado.")).toBeVisible();
    await expect(treasurer.getByText(operation)).toHaveCount(0);
    expect(orderOf(phone)).toMatchObject({ status: "confirmed", paymentStatus: "paid" });

    // The family's order is confirmed: no more instructions to pay.
    await page.goto(`/pedidos/${order.code}`);
    await expect(page.getByRole("heading", { name: "Paga con Yape o Plin" })).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "Pago por verificar" })).toHaveCount(0);
    await expect(page.getByText(order.code).first()).toBeVisible();

    // At the desk: nothing to collect, handed over whole, no cash recorded.
    await treasurer.goto(`/coordinacion/recojo/${order.id}`);
    await expect(treasurer.getByText("Pagado por Yape/Plin: nada que cobrar.")).toBeVisible();
    await expect(treasurer.getByLabel("Efectivo recibido (S/)")).toHaveCount(0);
    await treasurer.getByRole("button", { name: "Registrar lo entregado" }).click();
    await expect(
      treasurer.getByRole("status").filter({ hasText: "Entrega registrada" }),
    ).toBeVisible();
    expect(orderOf(phone)).toMatchObject({ status: "picked_up", cash: null });

    await family.close();
    await office.close();
  });
}
