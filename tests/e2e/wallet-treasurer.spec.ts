/**
 * The treasurer's Yape/Plin pages on a phone without JavaScript: the setup form refuses a bad
 * number with its message and the typed values kept, then saves; the queue says whether
 * Yape/Plin is on and links to the setup; both pass axe.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, loginAs, test } from "./fixtures";

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

  await page.getByLabel("Aceptar pagos por Yape / Plin en esta feria").check();
  await page.getByLabel("Nombre del titular").fill("Rosa Quispe");
  await page.getByLabel("Número de Yape").fill("12345");
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByLabel("Número de Yape")).toHaveAccessibleDescription(/celular peruano/);
  await expect(page.getByLabel("Nombre del titular")).toHaveValue("Rosa Quispe");

  await page.getByLabel("Número de Yape").fill("987 654 321");
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByText("Configuración de Yape / Plin guardada.")).toBeVisible();
  await expect(page.getByLabel("Número de Yape")).toHaveValue("987654321");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(PHONE.width);

  // Back off, so other specs see the demo market as it was seeded.
  await page.getByLabel("Aceptar pagos por Yape / Plin en esta feria").uncheck();
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByText("Configuración de Yape / Plin guardada.")).toBeVisible();
  await page.goto("/coordinacion/pagos");
  await expect(page.getByText(/Yape \/ Plin está apagado/)).toBeVisible();
});

test("the treasurer's pages pass axe at 360 px, a refused setup too", async ({ page, context }) => {
  await page.setViewportSize(PHONE);
  await loginAs(context, COORDINATOR);
  await page.goto("/coordinacion/pagos");
  await expect(page.getByRole("heading", { name: "Pagos por Yape / Plin" })).toBeVisible();
  await axeClean(page);
  await page.goto("/coordinacion/pagos/yape");
  await axeClean(page);
  await page.getByLabel("Número de Plin").fill("555");
  await page.getByRole("button", { name: "Guardar" }).click();
  await expect(page.getByLabel("Número de Plin")).toHaveAccessibleDescription(/celular peruano/);
  await axeClean(page);
});
