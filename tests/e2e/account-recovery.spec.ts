/**
 * Nobody locked out: a person who forgot their password gets back in on a 360 px phone without
 * JavaScript (login → "¿Olvidaste tu contraseña?" → the code from the message → a new
 * password → logged in); the recovery pages and the coordinator's in-person code page pass axe.
 */
import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import Database from "better-sqlite3";
import type { Page } from "@playwright/test";
import { E2E_DATABASE, E2E_NOTIFY_LOG } from "../../playwright.config";
import {
  createAccountWithDemoPassword,
  expect,
  freshPhone,
  logIn,
  loginAs,
  test,
} from "./fixtures";

test.use({ viewport: { width: 360, height: 740 } });

async function expectAxeClean(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(", ")}`),
  ).toEqual([]);
}

async function expectNoSidewaysScroll(page: Page) {
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
}

/**
 * The code in the message the server's log transport wrote for `name` (its address is masked,
 * so the message is found by the name it greets). The outbox loop sends every few seconds.
 */
async function codeSentTo(name: string): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(
      () => {
        const log = fs.existsSync(E2E_NOTIFY_LOG) ? fs.readFileSync(E2E_NOTIFY_LOG, "utf8") : "";
        const at = log.lastIndexOf(`to ${name} <`);
        code = at < 0 ? undefined : /\b(\d{6})\b/.exec(log.slice(at))?.[1];
        return code;
      },
      { timeout: 20_000 },
    )
    .toMatch(/^\d{6}$/);
  return code!;
}

/** A new account with a consumer membership in the demo market, for the coordinator to find. */
function createMarketFamily(phone: string, name: string) {
  createAccountWithDemoPassword(phone, name);
  const db = new Database(E2E_DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    const now = Date.now();
    db.prepare(
      `INSERT INTO memberships (user_id, market_id, role, status, created_at, updated_at)
       SELECT u.id, (SELECT min(id) FROM markets), 'consumer', 'approved', ?, ?
       FROM users u WHERE u.phone = ?`,
    ).run(now, now, `+51${phone}`);
  } finally {
    db.close();
  }
}

test("@nojs a person who forgot the password gets back in with a code from a message", async ({
  page,
}) => {
  const phone = freshPhone();
  const name = `Wayra${phone} Quispe`;
  createAccountWithDemoPassword(phone, name);

  await page.goto("/ingresar");
  await page.getByRole("link", { name: "¿Olvidaste tu contraseña?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Recuperar tu cuenta" })).toBeVisible();
  await expectNoSidewaysScroll(page);
  await page.getByLabel("Celular o correo").fill(phone);
  await page.getByRole("button", { name: "Enviar código" }).click();

  await expect(
    page.getByRole("heading", { level: 1, name: "Elegir una contraseña nueva" }),
  ).toBeVisible();
  await expect(page.getByRole("status")).toContainText("le enviamos un código");
  // The phone typed is already filled in.
  await expect(page.getByLabel("Celular o correo")).toHaveValue(`+51${phone}`);
  await expectNoSidewaysScroll(page);

  const code = await codeSentTo(name);
  // A wrong code first: one clear message, the phone kept, the password field empty.
  await page.getByLabel("Código", { exact: true }).fill(code === "000000" ? "111111" : "000000");
  await page.getByLabel("Contraseña nueva", { exact: true }).fill("olluco con charqui");
  await page.getByRole("button", { name: "Guardar y entrar" }).click();
  await expect(page.getByRole("alert")).toContainText("Ese código no sirve");
  await expect(page.getByLabel("Celular o correo")).toHaveValue(`+51${phone}`);
  await expect(page.getByLabel("Contraseña nueva", { exact: true })).toHaveValue("");

  await page.getByLabel("Código", { exact: true }).fill(code);
  await page.getByLabel("Contraseña nueva", { exact: true }).fill("olluco con charqui");
  await page.getByRole("button", { name: "Guardar y entrar" }).click();
  await expect(page).toHaveURL("/");
  await expect(page.getByText(`Hola, Wayra${phone}`)).toBeVisible();
  await expect(page.getByRole("status")).toContainText("guardamos tu contraseña nueva");
  await expectNoSidewaysScroll(page);

  // The new password is the one that works now.
  await page.getByRole("button", { name: "Salir" }).click();
  await logIn(page, phone, "feria2026");
  await expect(page.getByRole("alert")).toBeVisible();
  await logIn(page, phone, "olluco con charqui");
  await expect(page).toHaveURL("/");
  await expect(page.getByText(`Hola, Wayra${phone}`)).toBeVisible();
});

for (const path of ["/recuperar", "/recuperar/codigo"]) {
  test(`${path} has no accessibility violations at 360 px`, async ({ page }) => {
    await page.goto(path);
    await expectAxeClean(page);
    // With the errors of an empty form.
    await page.getByRole("button", { name: /Enviar código|Guardar y entrar/ }).click();
    await expect(page.getByText("Este campo es obligatorio.").first()).toBeVisible();
    await expectAxeClean(page);
    await expectNoSidewaysScroll(page);
  });
}

test("a coordinator finds a family and gives a code in person, shown once", async ({
  page,
  context,
}) => {
  const phone = freshPhone();
  const name = `Killa${phone} Mamani`;
  createMarketFamily(phone, name);
  await loginAs(context, "coordinacion@qhatu.pe");
  await page.goto("/coordinacion");
  await page.getByRole("link", { name: "Cuentas" }).click();
  await page.getByRole("searchbox", { name: "Nombre o celular" }).fill(phone.slice(-6));
  await page.getByRole("button", { name: "Buscar" }).click();
  await expectAxeClean(page);
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expectAxeClean(page);

  await page.getByRole("button", { name: "Dar un código para entrar" }).click();
  const shown = page.getByRole("status").filter({ hasText: `Código para ${name}` });
  await expect(shown).toBeVisible();
  const code = (await shown.locator(".code").textContent())!.replace(/\D/g, "");
  expect(code).toMatch(/^\d{6}$/);
  await expectAxeClean(page);
  await expectNoSidewaysScroll(page);

  // Opening the page again does not show it; the history says a code was given.
  await page.goto(page.url());
  await expect(page.getByText(code.slice(0, 3) + " " + code.slice(3))).toHaveCount(0);
  await expect(page.getByText(/dio un código el/)).toHaveCount(1);

  // The person uses it on their own phone.
  await context.clearCookies();
  await page.goto("/recuperar/codigo");
  await page.getByLabel("Celular o correo").fill(phone);
  await page.getByLabel("Código", { exact: true }).fill(code);
  await page.getByLabel("Contraseña nueva", { exact: true }).fill("tarwi con ají de rocoto");
  await page.getByRole("button", { name: "Guardar y entrar" }).click();
  await expect(page).toHaveURL("/");
  await expect(page.getByText(`Hola, Killa${phone}`)).toBeVisible();
});
