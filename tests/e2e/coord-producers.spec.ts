/**
 * A new producer signs up; the coordinator finds them among those waiting, approves them from
 * a phone, records a certification and corrects the profile; the producer can then sell.
 * Once with JavaScript (and axe), once without.
 */
import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "@playwright/test";
import { BASE_URL } from "../../playwright.config";
import { expect, freshPhone, loginAs, test } from "./fixtures";

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

async function signUpAsProducer(page: Page, farm: string) {
  await page.goto("/registro");
  await page.getByLabel("Nombre y apellido").fill("Francisca Huillca");
  await page.getByLabel("Celular o correo").fill(freshPhone());
  await page.getByLabel("Contraseña").fill("ocas de paucartambo");
  await page.getByLabel("Soy productor o productora").check();
  await page.getByLabel("Nombre de tu chacra").fill(farm);
  await page.getByLabel("Provincia").selectOption("Paucartambo");
  await page.getByLabel("Comunidad").fill("Challabamba");
  await page.getByRole("button", { name: "Crear cuenta" }).click();
  await expect(page.getByRole("status").first()).toContainText("pendiente de aprobación");
}

async function approvalWalk(page: Page, browser: Browser, { axe }: { axe: boolean }) {
  const farm = `Chacra Huillca ${Date.now() % 1_000_000}`;
  await page.setViewportSize(PHONE);
  await signUpAsProducer(page, farm);
  // Not yet: the offers page sends a pending producer to the explanation.
  await page.goto("/productor/ofertas");
  await expect(page).toHaveURL(/\/productor$/);
  await expect(page.getByText("pendiente de aprobación").first()).toBeVisible();

  // The coordinator, on a phone, finds them among those waiting.
  const coordinatorContext = await browser.newContext({
    baseURL: BASE_URL,
    locale: "es-PE",
    viewport: PHONE,
    // The same as this test's own browser: the @nojs project turns scripts off.
    javaScriptEnabled: test.info().project.use.javaScriptEnabled !== false,
  });
  await loginAs(coordinatorContext, COORDINATOR);
  const desk = await coordinatorContext.newPage();
  await desk.goto("/coordinacion/productores");
  await expect(
    desk
      .getByRole("navigation", { name: "Menú de coordinación" })
      .getByRole("link", { name: "Productores" }),
  ).toHaveAttribute("aria-current", "page");
  await expect(desk.getByRole("heading", { level: 1, name: "Productores" })).toBeVisible();
  // Those waiting come first.
  await expect(desk.getByRole("heading", { level: 2 }).first()).toHaveText("Esperan tu aprobación");
  if (axe) await expectAccessible(desk);
  await expectNoSideScroll(desk);

  const search = desk.getByRole("search", { name: "Buscar productores" });
  await search.getByLabel("Nombre o chacra").fill(farm.toUpperCase().replace("HUILLCA", "HUÍLLCA"));
  await search.getByLabel("Estado").selectOption("pending");
  await search.getByRole("button", { name: "Buscar" }).click();
  await expect(desk).toHaveURL(/estado=pending/);
  const card = desk.getByRole("listitem").filter({ hasText: farm });
  await expect(card).toHaveCount(1);
  await expect(card).toContainText("Francisca Huillca");
  await expect(card).toContainText("Challabamba, Paucartambo");
  await expect(card).toContainText("Por aprobar");
  await card.getByRole("button", { name: `Aprobar a ${farm}` }).click();
  await expect(desk.getByRole("status")).toContainText(`Aprobaste a ${farm}`);
  // Back on the same filtered list, where they no longer wait.
  await expect(desk).toHaveURL(/estado=pending/);
  await expect(desk.getByRole("listitem").filter({ hasText: farm })).toHaveCount(0);

  // Their page: a certification and a corrected district.
  await search.getByLabel("Estado").selectOption("approved");
  await search.getByRole("button", { name: "Buscar" }).click();
  await desk.getByRole("link", { name: farm }).click();
  await expect(desk.getByRole("heading", { level: 1, name: farm })).toBeVisible();
  await expect(desk.getByRole("heading", { name: /Estado/ })).toContainText("Aprobado");
  await desk.getByLabel("Tipo").selectOption("sgp");
  await desk.getByLabel("Certificadora").fill("Consejo Regional SGP Cusco");
  await desk.getByLabel("Fecha en que se otorgó").fill("2024-09-15");
  await desk.getByRole("button", { name: "Añadir certificación" }).click();
  await expect(desk.getByRole("status")).toContainText(`Añadimos la certificación de ${farm}`);
  await expect(
    desk.getByRole("button", {
      name: "Quitar SGP (ecológico participativo) de Consejo Regional SGP Cusco",
    }),
  ).toBeVisible();
  await desk.getByLabel("Distrito").fill("Challabamba");
  await desk.getByRole("button", { name: "Guardar perfil" }).click();
  await expect(desk.getByRole("status")).toContainText(`Guardamos el perfil de ${farm}`);
  await expect(desk.getByLabel("Distrito")).toHaveValue("Challabamba");
  if (axe) await expectAccessible(desk);
  await expectNoSideScroll(desk);

  // The public page shows the certification.
  await desk.getByRole("link", { name: "Ver su página pública" }).click();
  await expect(desk.getByRole("heading", { level: 1, name: farm })).toBeVisible();
  await expect(desk.getByText("Consejo Regional SGP Cusco")).toBeVisible();
  await coordinatorContext.close();

  // The producer is in.
  await page.goto("/productor/ofertas");
  await expect(page).toHaveURL(/\/productor\/ofertas$/);
  await expect(page.getByRole("navigation", { name: "Menú del productor" })).toBeVisible();
  await expectNoSideScroll(page);
}

test("a new producer is approved by the coordinator at 360 px and can sell, accessible", async ({
  page,
  browser,
}) => {
  await approvalWalk(page, browser, { axe: true });
});

test("@nojs a new producer is approved without JavaScript", async ({ page, browser }) => {
  await approvalWalk(page, browser, { axe: false });
});
