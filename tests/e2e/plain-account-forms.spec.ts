/**
 * Sign-up and log-in are plain forms checked by the server: sent untouched they name what is
 * missing, and they load no JavaScript at all (issue 14's budget: conform and zod in the
 * browser would add 21 KB gzip). While they were hydrated, Remix's lazy route discovery made
 * such a submit silently do nothing (docs/decisions/2026-12-04-remix-v3-future-flags.md).
 */
import { expect, test } from "./fixtures";

const pages = [
  { path: "/registro", button: "Crear cuenta", field: "Nombre y apellido" },
  { path: "/ingresar", button: "Ingresar", field: "Celular o correo" },
];

for (const { path, button, field } of pages) {
  test(`${path} sent untouched names the missing fields, with no scripts`, async ({ page }) => {
    await page.goto(path);
    expect(await page.locator("script[src], link[rel=modulepreload]").count()).toBe(0);
    await page.locator("main").getByRole("button", { name: button }).click();
    await expect(page.getByLabel(field)).toHaveAccessibleDescription(/Este campo es obligatorio\./);
    await expect(page).toHaveURL(path);
  });
}
