/**
 * A Yape/Plin order at the pickup desk, on a phone: verified, nothing to collect and no cash
 * field, handed over short with the amount to give back; not verified yet, not handed over.
 */
import AxeBuilder from "@axe-core/playwright";
import Database from "better-sqlite3";
import { E2E_DATABASE } from "../../playwright.config";
import { seedOrder } from "./desk-orders";
import { expect, loginAs, test } from "./fixtures";

const COORDINATOR = "coordinacion@qhatu.pe";
const PHONE = { width: 360, height: 740 };

/** A seeded desk order turned into a Yape/Plin one: verified (paid) or still waiting. */
function walletOrder(verified: boolean) {
  const order = seedOrder("next");
  const db = new Database(E2E_DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    db.prepare(
      "UPDATE orders SET payment_method = 'yape_plin', status = ?, payment_status = ? WHERE id = ?",
    ).run(verified ? "confirmed" : "pending_payment", verified ? "paid" : "pending", order.id);
  } finally {
    db.close();
  }
  return order;
}

async function noSeriousViolations(page: Parameters<Parameters<typeof test>[2]>[0]["page"]) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

test("a verified Yape/Plin order: nothing to collect, handed over short with money to give back", async ({
  page,
  context,
}) => {
  await page.setViewportSize(PHONE);
  await loginAs(context, COORDINATOR);
  const order = walletOrder(true);
  await page.goto(`/coordinacion/recojo/${order.id}`);
  await expect(page.getByText("Pagado por Yape/Plin: nada que cobrar.")).toBeVisible();
  await expect(page.getByLabel("Efectivo recibido (S/)")).toHaveCount(0);
  expect(await noSeriousViolations(page)).toEqual([]);
  const fullTotal = await page.locator(".desk-total").textContent();
  await expect(async () => {
    await page.getByRole("spinbutton").first().fill("0");
    await expect(page.locator(".desk-total")).not.toHaveText(fullTotal!, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByText(/Devolver a la familia: S\/\s/)).toBeVisible();
  await page.getByRole("button", { name: "Registrar lo entregado" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Entrega registrada" })).toContainText(
    "Devolver a la familia",
  );
  await expect(page.getByText(/devolver a la familia S\/\s/)).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);
});

test("a Yape/Plin order not verified yet is not handed over @nojs", async ({ page, context }) => {
  await page.setViewportSize(PHONE);
  await loginAs(context, COORDINATOR);
  const order = walletOrder(false);
  await page.goto(`/coordinacion/recojo/${order.id}`);
  await expect(page.getByText(/Pago por Yape\/Plin sin verificar/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Registrar lo entregado" })).toHaveCount(0);
});
