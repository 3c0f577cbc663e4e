/**
 * The coordinator's sheets and settlement in a browser: the demo's coming market day's pick
 * lists and pickup lists in print media (one producer or slot per A4 page, no menus), a CSV
 * download with its byte-order mark, and the last completed market day's settlement: rows,
 * totals, a producer marked paid (with and without JavaScript), at 360 px without sideways
 * scrolling.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import Database from "better-sqlite3";
import type { BrowserContext, Page } from "@playwright/test";
import { BASE_URL, E2E_DATABASE, E2E_SECRET } from "../../playwright.config";
import { expect, test } from "./fixtures";

const COORDINATOR_EMAIL = "coordinacion@qhatu.pe";
const PHONE = { width: 360, height: 740 };

/** Logs the demo coordinator in by writing a session into the e2e database (login is not the point). */
async function loginCoordinator(context: BrowserContext) {
  const { createCookie } = await import("@remix-run/node");
  const db = new Database(E2E_DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    const user = db.prepare("SELECT id FROM users WHERE email = ?").get(COORDINATOR_EMAIL) as {
      id: number;
    };
    const id = crypto.randomBytes(32).toString("base64url");
    const now = Date.now();
    db.prepare(
      "INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)",
    ).run(id, user.id, now + 86_400_000, now);
    const signed = await createCookie("qhatu_session", { secrets: [E2E_SECRET] }).serialize(id);
    const value = signed.split(";")[0].slice("qhatu_session=".length);
    await context.addCookies([
      { name: "qhatu_session", value, url: BASE_URL, httpOnly: true, sameSite: "Lax" },
    ]);
  } finally {
    db.close();
  }
}

async function expectNoSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
}

/** In print media: no site header, footer or coordinator menu, and a page break after each sheet but the last. */
async function expectPrintsOnePerPage(page: Page) {
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.locator(".site-footer")).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Menú de coordinación" })).toBeHidden();
  await expect(page.getByRole("heading", { level: 1 })).toBeHidden();
  const breaks = await page
    .locator(".sheet-page")
    .evaluateAll((sections) => sections.map((s) => getComputedStyle(s).breakAfter));
  expect(breaks.length).toBeGreaterThan(1);
  expect(breaks.slice(0, -1).every((b) => b === "page")).toBe(true);
  // The page size is A4, from an @page rule that applies to print.
  const pageSizes = await page.evaluate(() => {
    const sizes: string[] = [];
    const walk = (rules: CSSRuleList) => {
      for (const rule of Array.from(rules)) {
        if (rule instanceof CSSPageRule) sizes.push(rule.style.getPropertyValue("size"));
        else if (rule instanceof CSSMediaRule && rule.media.mediaText.includes("print"))
          walk(rule.cssRules);
      }
    };
    for (const sheet of Array.from(document.styleSheets)) walk(sheet.cssRules);
    return sizes;
  });
  expect(pageSizes.map((s) => s.toLowerCase())).toContain("a4");
  await page.emulateMedia({ media: "screen" });
}

test("pick lists and pickup lists of the coming market day print one per A4 page", async ({
  page,
  context,
}) => {
  await loginCoordinator(context);
  await page.goto("/coordinacion/hojas");
  await expect(
    page.getByRole("heading", { level: 1, name: "Hojas para imprimir y exportar" }),
  ).toBeVisible();
  await expectNoSeriousAxeViolations(page);

  await page.getByRole("link", { name: "Listas de preparación por productor" }).click();
  await expect(page).toHaveURL(/\/coordinacion\/hojas\/\d{4}-\d{2}-\d{2}\/preparacion$/);
  const firstSheet = page.locator(".sheet-page").first();
  await expect(
    firstSheet.getByRole("table", { name: "Qué traer: totales por producto" }),
  ).toBeVisible();
  await expect(firstSheet.getByRole("columnheader", { name: "Código" })).toBeVisible();
  await expect(firstSheet.getByRole("columnheader", { name: "Turno" })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await expectPrintsOnePerPage(page);

  await page.goto(page.url().replace(/preparacion$/, "recojo"));
  await expect(page.getByRole("columnheader", { name: "Entregado" }).first()).toBeVisible();
  await expect(page.getByRole("columnheader", { name: "Celular" }).first()).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await expectPrintsOnePerPage(page);
});

test("the orders CSV downloads with a byte-order mark and Spanish headers", async ({
  page,
  context,
}) => {
  await loginCoordinator(context);
  await page.goto("/coordinacion/hojas");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Pedidos (CSV)", exact: true }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^pedidos-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = fs.readFileSync((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString("utf8").split("\r\n");
  expect(lines[0]).toMatch(/^"Código","Turno desde","Turno hasta","Nombre","Celular"/);
  // The demo's coming market day has orders.
  expect(lines.length).toBeGreaterThan(3);
});

/** The settlement of the demo's last completed market day: rows, totals, and one producer paid. */
async function payOneProducer(page: Page, which: "first" | "last") {
  await page.goto("/coordinacion/liquidaciones");
  await expect(
    page.getByRole("heading", { level: 1, name: "Liquidaciones con productores" }),
  ).toBeVisible();
  const table = page.getByRole("table", { name: /Liquidación por productor/ });
  await expect(table).toBeVisible();
  expect(await table.locator("tbody tr").count()).toBeGreaterThan(3);
  await expect(table.locator("tfoot").getByRole("rowheader", { name: "Totales" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Cómo se calcula" })).toBeVisible();

  const forms = page.locator("details.pay-producer");
  const details = which === "first" ? forms.first() : forms.last();
  const summary = await details.locator("summary").innerText();
  const producer = summary.split(":")[0].trim();
  await details.locator("summary").click();
  await details.getByLabel("Referencia").fill(`Recibo e2e ${which}`);
  await details.getByRole("button", { name: `Marcar como pagado a ${producer}` }).click();
  await expect(
    page.getByRole("status").filter({ hasText: `Pago a ${producer} registrado.` }),
  ).toBeVisible();
  // The row whose header is exactly this producer (one name may start another).
  const row = table
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: producer, exact: true }) });
  await expect(row).toContainText(`Recibo e2e ${which}`);
  await expect(page.getByRole("button", { name: `Marcar como pagado a ${producer}` })).toHaveCount(
    0,
  );
}

test("the last market day's settlement shows rows and totals, and pays a producer", async ({
  page,
  context,
}) => {
  await loginCoordinator(context);
  await payOneProducer(page, "first");
  await expectNoSeriousAxeViolations(page);
});

test("a producer is marked paid without JavaScript @nojs", async ({ page, context }) => {
  await loginCoordinator(context);
  await payOneProducer(page, "last");
});

test("the settlement page fits a 360 × 740 phone without sideways scrolling", async ({
  page,
  context,
}) => {
  await loginCoordinator(context);
  await page.setViewportSize(PHONE);
  await page.goto("/coordinacion/liquidaciones");
  await expect(page.getByRole("table", { name: /Liquidación por productor/ })).toBeVisible();
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
  // The wide table scrolls inside its own region, which the keyboard can reach.
  await expect(page.getByRole("region", { name: /Liquidación por productor/ })).toHaveAttribute(
    "tabindex",
    "0",
  );
});
