/**
 * The pickup desk on market day, as a coordinator uses it on a phone: find by code, hand over
 * in part with cash and change, undo, mark a no-show; once more without JavaScript; and taps
 * from several desks at once on the same order.
 */
import AxeBuilder from "@axe-core/playwright";
import Database from "better-sqlite3";
import { E2E_DATABASE } from "../../playwright.config";
import { seedOrder } from "./desk-orders";
import { expect, loginAs, test } from "./fixtures";

const COORDINATOR = "coordinacion@qhatu.pe";
const PHONE = { width: 360, height: 740 };

function statusOf(orderId: number) {
  const db = new Database(E2E_DATABASE, { readonly: true });
  try {
    return db
      .prepare("SELECT status, total_cents AS total FROM orders WHERE id = ?")
      .get(orderId) as {
      status: string;
      total: number;
    };
  } finally {
    db.close();
  }
}

const soles = (cents: number) => `S/\u00a0${(cents / 100).toFixed(2)}`;

test("at the desk on a phone: find by code, partial pickup with cash and change, undo", async ({
  page,
  context,
}) => {
  await page.setViewportSize(PHONE);
  await loginAs(context, COORDINATOR);
  const order = seedOrder("next");
  await page.goto("/coordinacion/recojo");
  await page.getByLabel("Código, celular o nombre").fill(order.code.toLowerCase());
  await page.getByRole("button", { name: "Buscar" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(order.code);

  // The first item is missing altogether: the total drops by its value, shown live.
  const totalLine = page.locator(".desk-total");
  const fullTotal = await totalLine.textContent();
  // Typed before hydration finishes, the number may be put back: type until the total follows.
  await expect(async () => {
    await page.getByRole("spinbutton").first().fill("0");
    await expect(totalLine).not.toHaveText(fullTotal!, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
  const totalText = await totalLine.textContent();
  // "S/ 10.90" → 1090 (rounded: 10.9 * 100 is not exactly 1090 in floating point).
  const total = Math.round(Number(totalText!.replace(/[^\d.]/g, "")) * 100);
  expect(total).toBeLessThan(order.totalCents);
  // A round note above the total (the seeded order's items are drawn at random).
  const cash = Math.ceil((total + 1) / 5_000) * 5_000;
  await page.getByLabel("Efectivo recibido (S/)").fill(String(cash / 100));
  await expect(page.locator("#cash-change")).toHaveText(`Vuelto: ${soles(cash - total)}`);
  await page.getByRole("button", { name: "Registrar lo entregado" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Entrega registrada" })).toContainText(
    `Dar vuelto: ${soles(cash - total)}`,
  );
  await expect(page.getByRole("heading", { name: "Recogido en parte" })).toBeVisible();
  expect(statusOf(order.id)).toEqual({ status: "partially_picked_up", total });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  await page.getByRole("button", { name: /Deshacer/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Acción deshecha" })).toBeVisible();
  expect(statusOf(order.id)).toEqual({ status: "confirmed", total: order.totalCents });
});

test("a no-show once the slot is over", async ({ page, context }) => {
  await loginAs(context, COORDINATOR);
  const order = seedOrder("past");
  await page.goto(`/coordinacion/recojo?dia=${order.dayId}&q=${order.code}`);
  await page.getByRole("button", { name: "No vino a recoger" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Marcado como no recogido" }),
  ).toBeVisible();
  expect(statusOf(order.id).status).toBe("no_show");
});

test("the desk pages have no serious accessibility violations", async ({ page, context }) => {
  await loginAs(context, COORDINATOR);
  const order = seedOrder("next");
  for (const path of ["/coordinacion/recojo", `/coordinacion/recojo/${order.id}`]) {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect(serious, path).toEqual([]);
  }
});

test("the desk's core actions without JavaScript @nojs", async ({ page, context }) => {
  await page.setViewportSize(PHONE);
  await loginAs(context, COORDINATOR);
  const order = seedOrder("next");
  await page.goto("/coordinacion/recojo");
  await page.getByLabel("Código, celular o nombre").fill(order.code);
  await page.getByRole("button", { name: "Buscar" }).click();
  await page.getByRole("spinbutton").first().fill("0");
  await page.getByLabel("Efectivo recibido (S/)").fill("200");
  await page.getByRole("button", { name: "Registrar lo entregado" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Dar vuelto" })).toBeVisible();
  const { status, total } = statusOf(order.id);
  expect(status).toBe("partially_picked_up");
  await expect(
    page.getByText(`Recibido ${soles(20_000)} · vuelto ${soles(20_000 - total)}`),
  ).toBeVisible();

  const late = seedOrder("past");
  await page.goto(`/coordinacion/recojo?dia=${late.dayId}&q=${late.code}`);
  await page.getByRole("button", { name: "No vino a recoger" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Marcado como no recogido" }),
  ).toBeVisible();
  expect(statusOf(late.id).status).toBe("no_show");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});

test("eight desks tapping the same order at once hand it over exactly once", async ({
  page,
  context,
}) => {
  await loginAs(context, COORDINATOR);
  const order = seedOrder("next");
  const taps = await Promise.all(
    Array.from({ length: 8 }, () =>
      page.request.post(`/coordinacion/recojo/${order.id}`, {
        form: { intent: "pickup", requestKey: crypto.randomUUID() },
        maxRedirects: 0,
      }),
    ),
  );
  const statuses = taps.map((t) => t.status()).sort();
  expect(statuses).toEqual([302, 409, 409, 409, 409, 409, 409, 409]);
  expect(statusOf(order.id)).toEqual({ status: "picked_up", total: order.totalCents });
});

test("consumers' pages carry none of the coordinator's strings; the desk carries its own", async ({
  page,
  context,
}) => {
  const sections = () =>
    page.evaluate(() =>
      Object.keys(window.__i18n?.translation ?? {}).filter((k) => k.startsWith("coord")),
    );
  await page.goto("/feria");
  expect(await sections()).toEqual([]);
  await loginAs(context, COORDINATOR);
  await page.goto("/coordinacion/recojo");
  expect(await sections()).toContain("coordDesk");
});
