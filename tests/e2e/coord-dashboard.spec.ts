/**
 * The coordinator's dashboard in the browser: the demo coordinator sees the next and the last
 * market day, the charts and their tables on a 360 px phone without sideways scrolling or any
 * script; axe finds nothing serious; a brand-new market gets a helpful message.
 */
import AxeBuilder from "@axe-core/playwright";
import Database from "better-sqlite3";
import { E2E_DATABASE } from "../../playwright.config";
import { expect, loginAs, test } from "./fixtures";

const COORDINATOR = "coordinacion@qhatu.pe";
const PHONE = { width: 360, height: 740 };
const CHARTS = [
  "Ventas por feria",
  "Pedidos por feria",
  "Tasa de no recojo por feria",
  "Productos más vendidos",
];

test("the demo coordinator sees the market at a glance on a phone", async ({ page, context }) => {
  await page.setViewportSize(PHONE);
  await loginAs(context, COORDINATOR);
  await page.goto("/coordinacion");
  await expect(page.getByRole("heading", { level: 1, name: "Resumen del mercado" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Próxima feria: / })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Última feria: / })).toBeVisible();
  await expect(page.getByRole("table", { name: "Canastas por turno de recojo" })).toHaveCount(2);
  await expect(page.getByRole("link", { name: "Mesa de recojo" }).first()).toHaveAttribute(
    "href",
    "/coordinacion/recojo",
  );
  await expect(page.getByRole("link", { name: "Ver la feria" }).first()).toHaveAttribute(
    "href",
    /^\/coordinacion\/ferias\/\d+$/,
  );

  for (const name of CHARTS) {
    await expect(page.getByRole("img", { name })).toBeVisible();
    // Its text alternative: the same figures as a table, one tap away.
    await page.getByText(`Ver en tabla: ${name}`).click();
    await expect(page.getByRole("table", { name })).toBeVisible();
  }
  const sales = page.getByRole("table", { name: "Ventas por feria" });
  await expect(sales.getByRole("row")).not.toHaveCount(1);
  await expect(sales.getByRole("cell").first()).toHaveText(/^S\/\s[\d,]+\.\d\d$/);

  // Server-drawn: no chart runtime, no script at all on this page.
  expect(await page.locator("script[src]").count()).toBe(0);
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
});

test("/coordinacion has no serious or critical accessibility violations", async ({
  page,
  context,
}) => {
  await loginAs(context, COORDINATOR);
  await page.goto("/coordinacion");
  // With the definitions and every table open, so axe checks them too.
  for (const summary of await page.locator("summary").all()) await summary.click();
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
});

/** A new market with its coordinator and nothing else, written straight into the e2e database. */
function newMarketCoordinator() {
  const db = new Database(E2E_DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    const stamp = `${Date.now().toString(36)}${process.pid}`;
    const now = Date.now();
    const market = db
      .prepare(
        "INSERT INTO markets (slug, name, city, created_at) VALUES (?, ?, 'Cusco', ?) RETURNING id",
      )
      .get(`nuevo-${stamp}`, `Mercado nuevo ${stamp}`, now) as { id: number };
    const { password_hash } = db
      .prepare("SELECT password_hash FROM users WHERE email = ?")
      .get(COORDINATOR) as { password_hash: string };
    const email = `coordinacion-${stamp}@qhatu.pe`;
    const user = db
      .prepare(
        "INSERT INTO users (name, email, password_hash, locale, created_at, updated_at) VALUES ('Coordinadora nueva', ?, ?, 'es', ?, ?) RETURNING id",
      )
      .get(email, password_hash, now, now) as { id: number };
    db.prepare(
      "INSERT INTO memberships (user_id, market_id, role, status, created_at, updated_at) VALUES (?, ?, 'coordinator', 'approved', ?, ?)",
    ).run(user.id, market.id, now, now);
    return email;
  } finally {
    db.close();
  }
}

test("a new market without market days gets a helpful message", async ({ page, context }) => {
  await page.setViewportSize(PHONE);
  await loginAs(context, newMarketCoordinator());
  const response = await page.goto("/coordinacion");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "Todavía no hay ferias" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Crear una feria" })).toHaveAttribute(
    "href",
    "/coordinacion/ferias/nueva",
  );
  await expect(page.locator("svg.chart")).toHaveCount(0);
});
