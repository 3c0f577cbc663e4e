/**
 * A producer's week from a phone: same as last week, a new product with a real photo, offer
 * it, see a reservation in the pick list, and be refused when going below what is reserved.
 */
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import sharp from "sharp";
import type { BrowserContext, Page } from "@playwright/test";
import { expect, freshPhone, loginAs, test } from "./fixtures";
import { demoMarket, reserveThroughModel } from "./producer-scene";

/** A new approved producer who offered "Oca" last market day. */
async function newProducer() {
  const { factories: f, market, past, category } = await demoMarket();
  const phone = freshPhone();
  const user = f.createUser({ name: "Teófila Huamán", phone: `+51${phone}` });
  const { producer } = f.createProducer({
    marketId: market.id,
    user,
    profile: { farmName: `Chacra Teófila ${phone}`, province: "Anta" },
  });
  const oca = f.createProduct({
    producerId: producer.id,
    categoryId: category.id,
    name: "Oca dulce",
    unit: "kg",
  });
  f.createOffer({
    marketDayId: past.id,
    productId: oca.id,
    producerId: producer.id,
    priceCents: 280,
    quantity: 30,
  });
  return { phone: `+51${phone}`, producerId: producer.id, marketId: market.id };
}

async function photoFile() {
  const file = path.resolve(`tests/.tmp/chuno-${process.pid}.jpg`);
  await sharp({ create: { width: 1280, height: 960, channels: 3, background: "#3b2a1f" } })
    .jpeg({ quality: 80 })
    .toFile(file);
  return file;
}

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

async function producerWalk(page: Page, context: BrowserContext, { axe }: { axe: boolean }) {
  await page.setViewportSize({ width: 360, height: 740 });
  const producer = await newProducer();
  await loginAs(context, producer.phone);

  await page.goto("/productor");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Feria del");
  await page.getByRole("button", { name: "Ofrecer lo mismo que la semana pasada" }).click();
  await expect(page.getByText("ofreciste 1 producto como la semana pasada")).toBeVisible();
  await expect(page.getByText("Oca dulce")).toBeVisible();
  if (axe) await expectAccessible(page);

  // A new product, with a photo from the "camera".
  await page
    .getByRole("navigation", { name: "Menú del productor" })
    .getByRole("link", { name: "Productos" })
    .click();
  await page.getByLabel("Nombre del producto").fill("Chuño de Anta");
  await page.getByLabel("Categoría").selectOption({ label: "Chuño, harinas y conservas" });
  await page.getByLabel("Unidad de venta").selectOption("kg");
  await page.getByLabel("Foto").setInputFiles(await photoFile());
  await page.getByRole("button", { name: "Guardar producto" }).click();
  await expect(page.getByText("Guardamos Chuño de Anta.")).toBeVisible();
  const photo = page.getByRole("img", { name: "Chuño de Anta" });
  await expect(photo).toHaveAttribute("src", /\/fotos\/[0-9a-f]{32}-320\.webp$/);
  await expect(photo).toHaveAttribute("loading", "lazy");
  expect(await photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  if (axe) await expectAccessible(page);

  // Offer it.
  await page
    .getByRole("navigation", { name: "Menú del productor" })
    .getByRole("link", { name: "Ofertas" })
    .click();
  await page.getByLabel("Producto", { exact: true }).selectOption({ label: "Chuño de Anta (kg)" });
  await page.locator("#new-offer-price").fill("12.50");
  await page.locator("#new-offer-quantity").fill("10");
  await page.getByRole("button", { name: "Ofrecer", exact: true }).click();
  await expect(page.getByText("Guardamos tu oferta.")).toBeVisible();
  if (axe) await expectAccessible(page);

  // A family reserves 4 kg of the oca (through the model); the producer cannot go below that.
  const code = await reserveThroughModel(producer.producerId, "Oca dulce", 4);
  await page.reload();
  const oca = page.getByRole("region", { name: /Oca dulce/ });
  await expect(oca.getByText("4 reservados")).toBeVisible();
  await oca.getByLabel("Cantidad").fill("3");
  await oca.getByRole("button", { name: "Guardar Oca dulce" }).click();
  const refused = page.getByRole("region", { name: /Oca dulce/ });
  await expect(refused.getByText("No puedes bajar de 4: ya están reservados.")).toBeVisible();
  await expect(refused.getByLabel("Cantidad")).toHaveValue("3");
  await refused.getByLabel("Cantidad").fill("25");
  await refused.getByRole("button", { name: "Guardar Oca dulce" }).click();
  await expect(page.getByText("Guardamos tu oferta.")).toBeVisible();

  // The pick list shows it.
  await page
    .getByRole("navigation", { name: "Menú del productor" })
    .getByRole("link", { name: "Qué llevar" })
    .click();
  await expect(page.getByRole("cell", { name: "Oca dulce" })).toBeVisible();
  await expect(page.getByText(code)).toBeVisible();
  await expect(page.getByText("Marcelina")).toBeVisible();
  if (axe) await expectAccessible(page);

  await page
    .getByRole("navigation", { name: "Menú del productor" })
    .getByRole("link", { name: "Ventas" })
    .click();
  await expect(
    page.getByRole("img", { name: "Ventas en soles de las últimas ferias" }),
  ).toBeVisible();
  if (axe) await expectAccessible(page);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

test("a producer's week on a 360 px phone, accessible", async ({ page, context }) => {
  await producerWalk(page, context, { axe: true });
});

test("@nojs a producer's week without JavaScript", async ({ page, context }) => {
  await producerWalk(page, context, { axe: false });
});
