/**
 * Issue 7 in a browser, at 360 × 740: a coordinator composes a family basket from two
 * producers' offers (one of them the demo producer's) and publishes it; a family reserves two
 * of them from the catalogue; the producer finds the basket units in their pick list and the
 * coordinator on the packing sheet. Once with JavaScript and once without (@nojs).
 */
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { createAccountWithDemoPassword, expect, freshPhone, loginAs, test } from "./fixtures";

const PHONE = { width: 360, height: 740 };
const COORDINATOR = "coordinacion@qhatu.pe";
const PRODUCER = "+51984111222"; // Juan Mamani, Chacra Mamani
const PRODUCER_FARM = "Chacra Mamani";

async function phonePage(browser: Browser, who: string, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ viewport: PHONE, locale: "es-PE", javaScriptEnabled });
  await loginAs(context, who);
  return context.newPage();
}

async function expectNoSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

/** The value of the first option of a producer's group in the "add a product" select. */
async function offerOf(page: Page, farm: string | null) {
  const select = page.getByLabel("Producto de la feria");
  const group = farm
    ? select.locator(`optgroup[label="${farm}"]`)
    : select.locator(`optgroup:not([label="${farm ?? PRODUCER_FARM}"])`).first();
  return group.locator("option").first().getAttribute("value");
}

async function composeBundle(page: Page, name: string, checkAxe: boolean) {
  await page.goto("/coordinacion/canastas");
  await page.getByLabel("Nombre de la canasta").fill(name);
  await page.getByLabel("Precio de la canasta (S/)").fill("18.50");
  await page.getByRole("button", { name: "Crear canasta" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

  for (const [farm, units] of [
    [PRODUCER_FARM, "1"],
    [null, "2"],
  ] as const) {
    const value = await offerOf(page, farm);
    expect(value, `an offer of ${farm ?? "another producer"} to add`).toBeTruthy();
    await page.getByLabel("Producto de la feria").selectOption(value!);
    await page.getByLabel("Unidades por canasta").fill(units);
    await page.getByRole("button", { name: "Agregar a la canasta" }).click();
    await expect(page.getByText("Producto agregado a la canasta.")).toBeVisible();
  }
  // The sharing is shown before publishing: the demo producer has a share of the price.
  const shares = page.getByRole("table", { name: /Por canasta y por productor/ });
  await expect(shares.getByRole("row", { name: new RegExp(PRODUCER_FARM) })).toBeVisible();
  await expect(page.getByText(/alcanza para \d+ canastas? más ahora mismo/)).toBeVisible();
  await expectNoSidewaysScroll(page);
  if (checkAxe) {
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => v.id)).toEqual([]);
  }
  await page.getByRole("button", { name: "Publicar la canasta" }).click();
  await expect(
    page.getByText("Canasta publicada: las familias ya la pueden reservar."),
  ).toBeVisible();
}

async function reserveTwo(page: Page, name: string, checkAxe: boolean) {
  await page.goto("/feria");
  const section = page.getByRole("region", { name: "Canastas familiares" });
  await section.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByText(PRODUCER_FARM).first()).toBeVisible();
  await expectNoSidewaysScroll(page);
  if (checkAxe) {
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => v.id)).toEqual([]);
  }
  await page.getByLabel(`Cantidad de ${name}`).fill("2");
  await page.getByRole("button", { name: "Añadir" }).click();
  // Without JavaScript the page comes back with a message; with it, the form answers in place.
  await expect(
    page.getByText(new RegExp(`Añadimos 2 × ${name} a tu canasta|Añadida a tu canasta`)).first(),
  ).toBeVisible();

  await page.goto("/canasta");
  await expect(page.getByRole("link", { name: "Canasta (1)" })).toBeVisible();
  await expect(page.getByText(name).first()).toBeVisible();
  await expectNoSidewaysScroll(page);
  await page.getByRole("link", { name: "Elegir hora de recojo y confirmar" }).click();
  await expect(page.getByText(new RegExp(`2 × ${name}`))).toBeVisible();
  await page.getByRole("button", { name: "Confirmar pedido" }).click();
  await expect(page.getByText(/Tu pedido está reservado/)).toBeVisible();
  await expect(
    page.getByRole("heading", { name: new RegExp(`2 × ${name} — S/\\s37\\.00`) }),
  ).toBeVisible();
  await expectNoSidewaysScroll(page);
}

async function fullFlow(browser: Browser, javaScriptEnabled: boolean) {
  const name = `Canasta e2e ${javaScriptEnabled ? "js" : "sin js"} ${Date.now() % 100000}`;
  const coordinator = await phonePage(browser, COORDINATOR, javaScriptEnabled);
  await composeBundle(coordinator, name, javaScriptEnabled);

  const phone = freshPhone();
  createAccountWithDemoPassword(phone, "Familia de prueba");
  const family = await phonePage(browser, `+51${phone}`, javaScriptEnabled);
  await reserveTwo(family, name, javaScriptEnabled);

  // The producer brings the units for those two baskets: labelled in their pick list.
  const producer = await phonePage(browser, PRODUCER, javaScriptEnabled);
  await producer.goto("/productor/preparacion");
  await expect(producer.getByText(`para 2 × ${name}`).first()).toBeVisible();
  await expectNoSidewaysScroll(producer);

  // The coordinators' packing sheet: two of them to assemble.
  await coordinator.goto("/coordinacion/hojas");
  await coordinator.getByRole("link", { name: "Armado de canastas familiares" }).click();
  await expect(coordinator.getByRole("heading", { name: `${name}: armar 2` })).toBeVisible();
  await expect(
    coordinator.getByRole("heading", { name: "Canastas por pedido, por turno de recojo" }),
  ).toBeVisible();
  await expectNoSidewaysScroll(coordinator);
  for (const page of [coordinator, family, producer]) await page.context().close();
}

test("a coordinator composes a family basket, a family reserves two, the producer and the packing sheet show them", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  await fullFlow(browser, true);
});

test("the same, with JavaScript disabled @nojs", async ({ browser }) => {
  test.setTimeout(120_000);
  await fullFlow(browser, false);
});
