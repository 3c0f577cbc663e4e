/**
 * A form sent untouched once the page's JavaScript is running shows what is missing. (With
 * Remix's lazy route discovery on, conform held such a submit back silently: the person tapped
 * the button and nothing happened. See docs/decisions/2026-12-04-remix-v3-future-flags.md.)
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/** Waits until React has hydrated the page, so the click is handled by the page's scripts. */
async function gotoHydrated(page: Page, path: string) {
  await page.goto(path);
  await page.waitForFunction(
    () =>
      (window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter
        ?.state.initialized,
  );
  // The router exists once RemixBrowser has rendered; give React its commit.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(null))));
}

const pages = [
  { path: "/registro", button: "Crear cuenta", field: "Nombre y apellido" },
  { path: "/ingresar", button: "Ingresar", field: "Celular o correo" },
];

for (const { path, button, field } of pages) {
  test(`${path} sent untouched after hydration names the missing fields`, async ({ page }) => {
    await gotoHydrated(page, path);
    await page.locator("main").getByRole("button", { name: button }).click();
    await expect(page.getByLabel(field)).toHaveAccessibleDescription(/Este campo es obligatorio\./);
    await expect(page.getByLabel(field)).toBeFocused();
    await expect(page).toHaveURL(path);
  });
}
