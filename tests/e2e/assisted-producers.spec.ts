/**
 * A coordinator at the desk, on a phone, signs up a producer who has no phone of their own,
 * adds a product and an offer for them and pauses it: the offer is in the public catalogue
 * while active and gone once paused. Once with JavaScript (and axe), once without.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, loginAs, test } from "./fixtures";

const COORDINATOR = "coordinacion@qhatu.pe";
const PHONE = { width: 360, height: 740 };

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

async function expectNoSideScroll(page: Page) {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

/** The public catalogue of the coming market day, searched for one product. */
async function catalogueShows(page: Page, product: string) {
  await page.goto(`/feria?q=${encodeURIComponent(product)}`);
  return page.getByRole("heading", { name: product }).count();
}

async function assistedWalk(page: Page, { axe }: { axe: boolean }) {
  const n = `${Date.now() % 1_000_000}${Math.floor(Math.random() * 100)}`;
  const farm = `Chacra Ccoa ${n}`;
  const product = `Oca amarilla ${n}`;
  await page.setViewportSize(PHONE);
  await loginAs(page.context(), COORDINATOR);

  await page.goto("/coordinacion/productores");
  await page.getByRole("link", { name: "Inscribir a un productor o productora" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Inscribir a un productor o productora" }),
  ).toBeVisible();
  if (axe) await expectAccessible(page);
  await expectNoSideScroll(page);

  // A phone mistyped comes back with its message and everything typed kept.
  await page.getByLabel("Nombre y apellido").fill("Eusebia Ccoa Huamán");
  await page.getByLabel("Nombre de la chacra o emprendimiento").fill(farm);
  await page.getByLabel("Comunidad (opcional)").fill("Sallac");
  await page.getByLabel("Provincia").selectOption("Quispicanchi");
  await page.getByLabel("Celular (opcional)").fill("12345");
  await page.getByLabel("Idioma en que lee o le leen").selectOption("qu");
  await page.getByRole("button", { name: "Inscribir" }).click();
  await expect(page.getByText("Escribe un celular peruano de 9 dígitos")).toBeVisible();
  await expect(page.getByLabel("Celular (opcional)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Nombre de la chacra o emprendimiento")).toHaveValue(farm);
  await expect(page.getByLabel("Provincia")).toHaveValue("Quispicanchi");
  await expect(page.getByLabel("Idioma en que lee o le leen")).toHaveValue("qu");
  if (axe) await expectAccessible(page);

  // Without a phone: she shares her son's.
  await page.getByLabel("Celular (opcional)").fill("");
  await page.getByRole("button", { name: "Inscribir" }).click();
  await expect(page.getByRole("status").first()).toContainText(`Inscribiste a ${farm}`);
  await expect(page.getByRole("heading", { level: 1, name: `Ofertas de ${farm}` })).toBeVisible();
  await expect(page.getByText("Todavía no tiene productos")).toBeVisible();
  if (axe) await expectAccessible(page);
  await expectNoSideScroll(page);

  // A product for her, then an offer of it.
  await page.getByLabel("Nombre del producto").fill(product);
  await page.getByLabel("Categoría").selectOption({ label: "Papas y tubérculos" });
  await page.getByLabel("Unidad de venta").selectOption("kg");
  await page.getByRole("button", { name: "Añadir producto" }).click();
  await expect(page.getByRole("status").first()).toContainText(`Añadimos ${product}`);
  await page.getByLabel("Producto", { exact: true }).selectOption({ label: `${product} (kg)` });
  await page.locator("#new-offer").getByLabel("Precio (S/)").fill("4.50");
  await page.locator("#new-offer").getByLabel("Cantidad").fill("12");
  await page.getByRole("button", { name: "Ofrecer", exact: true }).click();
  await expect(page.getByRole("status").first()).toContainText(`Guardamos la oferta de ${farm}`);
  const card = page.getByRole("region", { name: `${product} (kg)` });
  await expect(card).toContainText("quedan 12");
  if (axe) await expectAccessible(page);
  await expectNoSideScroll(page);
  const offersPage = page.url();

  // In the public catalogue while active.
  expect(await catalogueShows(page, product)).toBe(1);
  await expect(page.getByText(farm).first()).toBeVisible();

  // Paused: no longer on sale.
  await page.goto(offersPage);
  await page.getByRole("button", { name: `Pausar ${product}` }).click();
  await expect(page.getByRole("region", { name: new RegExp(product) })).toContainText("En pausa");
  await expect(page.getByRole("button", { name: `Reanudar ${product}` })).toBeVisible();
  expect(await catalogueShows(page, product)).toBe(0);

  // Her page: the history says who signed her up, and the ways to act for her.
  await page.goto(offersPage);
  await page.getByRole("link", { name: `← ${farm}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: farm })).toBeVisible();
  await expect(page.getByText("Inscrito por la coordinación")).toBeVisible();
  await expect(page.getByRole("link", { name: "Ofertas", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "Dar un código para entrar" })).toHaveAttribute(
    "href",
    /^\/coordinacion\/cuentas\/\d+$/,
  );
  if (axe) await expectAccessible(page);
  await expectNoSideScroll(page);
}

test("a coordinator signs up a producer without a phone and keeps her offers at 360 px, accessible", async ({
  page,
}) => {
  await assistedWalk(page, { axe: true });
});

test("@nojs a coordinator signs up a producer and keeps her offers without JavaScript", async ({
  page,
}) => {
  await assistedWalk(page, { axe: false });
});
