/** A family's whole walk: browse, filter, search, add, sign up (the basket survives), reserve, cancel. */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { createAccountWithDemoPassword, expect, freshPhone, loginAs, test } from "./fixtures";

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(serious).toEqual([]);
}

async function shoppingWalk(page: Page, { javascript }: { javascript: boolean }) {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/");
  await page
    .getByRole("navigation", { name: "Compras" })
    .getByRole("link", { name: "Feria" })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Feria del");
  if (javascript) await expectAccessible(page);

  // Filter by category: only that category's heading remains.
  await page.getByLabel("Categoría").selectOption({ label: "Chuño, harinas y conservas" });
  await page.getByRole("button", { name: "Filtrar" }).click();
  await expect(page.getByRole("heading", { level: 2 })).toHaveText(["Chuño, harinas y conservas"]);

  // Search without accents or capitals.
  await page.getByRole("link", { name: "Quitar filtros" }).click();
  await page.getByLabel("Buscar", { exact: true }).fill("CHUNO NEGRO");
  await page.getByRole("button", { name: "Filtrar" }).click();
  const chuno = page
    .getByRole("article")
    .filter({ has: page.getByRole("heading", { name: "Chuño negro" }) })
    .first();
  await expect(chuno).toBeVisible();
  await expect(chuno.getByText(/Quedan \d+/)).toBeVisible();

  await chuno.getByLabel("Cantidad de Chuño negro").fill("2");
  await chuno.getByRole("button", { name: "Añadir" }).click();
  if (javascript) await expect(chuno.getByRole("status")).toHaveText("Añadido a tu canasta");
  else await expect(page.getByText("Añadimos 2 de Chuño negro a tu canasta.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Canasta (1)" })).toBeVisible();

  await page.getByRole("link", { name: "Canasta (1)" }).click();
  await expect(page.getByRole("heading", { name: "Tu canasta" })).toBeVisible();
  await expect(page.getByLabel("Cantidad")).toHaveValue("2");
  if (javascript) await expectAccessible(page);
  await page.getByRole("link", { name: "Elegir hora de recojo y confirmar" }).click();

  // Not logged in yet. With JavaScript the family logs in to an existing account; without it,
  // they sign up from the login page. Either way the basket comes along.
  await expect(page).toHaveURL(/\/ingresar\?redirectTo=%2Fcanasta%2Fconfirmar/);
  if (javascript) {
    const phone = freshPhone();
    createAccountWithDemoPassword(phone, "Lidia Quispe");
    await page.getByLabel("Celular o correo").fill(phone);
    await page.getByLabel("Contraseña").fill("feria2026");
    await page.getByRole("button", { name: "Ingresar" }).click();
  } else {
    await page.getByRole("link", { name: "Crea una aquí" }).click();
    await page.getByLabel("Nombre y apellido").fill("Lidia Quispe");
    await page.getByLabel("Celular o correo").fill(freshPhone());
    await page.getByLabel("Contraseña").fill("sopa de chuño con cordero");
    await page.getByRole("button", { name: "Crear cuenta" }).click();
  }

  await expect(page.getByRole("heading", { name: "Confirmar tu pedido" })).toBeVisible();
  await expect(page.getByText(/2 × Chuño negro/)).toBeVisible();
  await page.getByRole("group", { name: "Hora de recojo" }).getByRole("radio").nth(2).check();
  await expect(page.getByLabel("Efectivo al recoger")).toBeChecked();
  await page.getByRole("button", { name: "Confirmar pedido" }).click();

  await expect(page.getByRole("heading", { name: "Tu pedido" })).toBeVisible();
  await expect(page.getByText(/Tu pedido está reservado/)).toBeVisible();
  const code = (await page.locator(".pickup-code .code").textContent())!.trim();
  expect(code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{6}$/);
  await expect(page.getByRole("img", { name: `Código QR del pedido ${code}` })).toBeVisible();
  await expect(page.getByText("Reservado", { exact: true })).toBeVisible();
  if (javascript) await expectAccessible(page);
  await expect(page.getByRole("link", { name: "Canasta (0)" })).toBeVisible();

  await page.getByText("Cancelar el pedido", { exact: true }).click();
  await page.getByRole("button", { name: "Sí, cancelar el pedido" }).click();
  await expect(page.getByText("Cancelamos tu pedido.")).toBeVisible();
  await expect(page.getByText("Cancelado", { exact: true })).toBeVisible();

  await page.getByRole("link", { name: "Mis pedidos", exact: true }).click();
  await expect(page.getByRole("link", { name: new RegExp(code) })).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

test("a family reserves a basket and cancels it, on a 360 px phone", async ({ page }) => {
  await shoppingWalk(page, { javascript: true });
});

test("@nojs a family reserves a basket and cancels it without JavaScript, on a 360 px phone", async ({
  page,
}) => {
  await shoppingWalk(page, { javascript: false });
});

test("another person's order code is a 404", async ({ page, context }) => {
  await loginAs(context, "+51987654321");
  await page.goto("/pedidos");
  const ownCode = (await page.locator(".order-list .code").first().textContent())!.trim();
  const response = await page.goto(`/pedidos/${ownCode}`);
  expect(response?.status()).toBe(200);
  const stranger = await page.goto("/pedidos/ACDEFG");
  expect(stranger?.status()).toBe(404);
});
