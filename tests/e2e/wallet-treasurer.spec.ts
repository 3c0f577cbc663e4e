/**
 * The treasurer's Yape/Plin pages on a phone without JavaScript: the setup form refuses a bad
 * number with its message and the typed values kept, then saves; the queue says whether
 * Yape/Plin is on and links to the setup; both pass axe.
 */
import crypto from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import Database from "better-sqlite3";
import { E2E_DATABASE } from "../../playwright.config";
import { seedOrder } from "./desk-orders";
import { expect, loginAs, test } from "./fixtures";

/** A seeded order turned into a Yape/Plin order whose proof waits for the treasurer. */
function seedWaitingProof() {
  const order = seedOrder("next");
  const operation = String(crypto.randomInt(10_000_000, 99_999_999));
  const db = new Database(E2E_DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    const now = Date.now();
    db.prepare(
      `UPDATE orders SET status = 'pending_payment', payment_method = 'yape_plin',
         payment_status = 'pending', hold_expires_at = ? WHERE id = ?`,
    ).run(now + 86_400_000, order.id);
    db.prepare(
      `INSERT INTO payment_proofs (order_id, market_id, app, operation_number, amount_cents,
         status, created_at, updated_at)
       SELECT id, market_id, 'yape', ?, total_cents, 'waiting', ?, ? FROM orders WHERE id = ?`,
    ).run(operation, now, now, order.id);
  } finally {
    db.close();
  }
  return { ...order, operation };
}

function orderStatus(id: number) {
  const db = new Database(E2E_DATABASE, { readonly: true });
  try {
    return db.prepare("SELECT status FROM orders WHERE id = ?").get(id) as { status: string };
  } finally {
    db.close();
  }
}

const COORDINATOR = "coordinacion@qhatu.pe";
const PHONE = { width: 360, height: 740 };

async function axeClean(page: import("@playwright/test").Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
}

test("@nojs a coordinator sets up Yape/Plin and sees the queue on a phone", async ({
  page,
  context,
}) => {
  await page.setViewportSize(PHONE);
  await loginAs(context, COORDINATOR);
  await page.goto("/coordinacion/pagos");
  await expect(page.getByRole("heading", { name: "Pagos por Yape / Plin" })).toBeVisible();
  await page.getByRole("link", { name: "Configurar Yape / Plin" }).click();
  await expect(page).toHaveURL("/coordinacion/pagos/yape");

  // The demo market's wallet is on (the seed). Other specs pay to it at the same time, so
  // this one saves it with the values it has: a refused number first, then the seeded one.
  await expect(page.getByLabel("Aceptar pagos por Yape / Plin en esta feria")).toBeChecked();
  const holder = await page.getByLabel("Nombre del titular").inputValue();
  await page.getByLabel("Número de Yape").fill("12345");
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByLabel("Número de Yape")).toHaveAccessibleDescription(/celular peruano/);
  await expect(page.getByLabel("Nombre del titular")).toHaveValue(holder);
  await expect(page.getByLabel("Número de Yape")).toHaveValue("12345");

  await page.getByLabel("Número de Yape").fill("900 123 456");
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByText("Configuración de Yape / Plin guardada.")).toBeVisible();
  await expect(page.getByLabel("Número de Yape")).toHaveValue("900123456");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
  await page.goto("/coordinacion/pagos");
  await expect(page.getByText(/Yape \/ Plin está apagado/)).toHaveCount(0);
});

test("the treasurer's pages pass axe at 360 px, a refused setup too", async ({ page, context }) => {
  await page.setViewportSize(PHONE);
  await loginAs(context, COORDINATOR);
  const proof = seedWaitingProof();
  await page.goto("/coordinacion/pagos");
  await expect(page.getByText(proof.operation)).toBeVisible();
  await axeClean(page);
  await page.goto("/coordinacion/pagos/yape");
  await axeClean(page);
  await page.getByLabel("Número de Plin").fill("555");
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByLabel("Número de Plin")).toHaveAccessibleDescription(/celular peruano/);
  await axeClean(page);
});

test("@nojs the treasurer rejects without a reason (refused), then verifies a proof", async ({
  page,
  context,
}) => {
  await page.setViewportSize(PHONE);
  await loginAs(context, COORDINATOR);
  const proof = seedWaitingProof();
  await page.goto("/coordinacion/pagos");
  const card = page.getByRole("listitem").filter({ hasText: proof.operation });
  await expect(card).toContainText(proof.code);
  await card.getByRole("button", { name: `Rechazar el pago del pedido ${proof.code}` }).click();
  const again = page.getByRole("listitem").filter({ hasText: proof.operation });
  await expect(again.getByLabel("Motivo del rechazo")).toHaveAttribute("aria-invalid", "true");
  await again.getByRole("button", { name: `Verificar el pago del pedido ${proof.code}` }).click();
  await expect(page.getByText("Pago verificado: el pedido quedó confirmado.")).toBeVisible();
  expect(orderStatus(proof.id).status).toBe("confirmed");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
});
