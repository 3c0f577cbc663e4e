/** Run by the "no-javascript" project: the server does all the work. */
import { DEMO, expect, freshPhone, logIn, test } from "./fixtures";

test("@nojs sign up, log out and log in without JavaScript", async ({ page }) => {
  const phone = freshPhone();
  await page.goto("/registro");
  // Mistakes come back from the server with the typed values kept.
  await page.getByLabel("Nombre y apellido").fill("Marco Ttito");
  await page.getByLabel("Celular o correo").fill(phone);
  await page.getByLabel("Contraseña").fill("corta");
  await page.getByRole("button", { name: "Crear cuenta" }).click();
  await expect(page.getByLabel("Contraseña")).toHaveAccessibleDescription(/al menos 8 caracteres/);
  await expect(page.getByLabel("Nombre y apellido")).toHaveValue("Marco Ttito");
  await expect(page.getByLabel("Celular o correo")).toHaveValue(phone);
  await expect(page.getByLabel("Contraseña")).toHaveValue("");

  await page.getByLabel("Contraseña").fill("olluquito con charqui");
  await page.getByRole("button", { name: "Crear cuenta" }).click();
  await expect(page).toHaveURL("/");
  await expect(page.getByText("Hola, Marco")).toBeVisible();

  await page.getByRole("button", { name: "Salir" }).click();
  await expect(page.getByRole("link", { name: "Ingresar" })).toBeVisible();

  await logIn(page, phone, "olluquito con charqui");
  await expect(page.getByText("Hola, Marco")).toBeVisible();
});

test("@nojs a wrong password is explained without JavaScript", async ({ page }) => {
  await logIn(page, DEMO.producer.contact, "equivocada");
  await expect(page.getByRole("alert")).toContainText("no son correctos");
  await expect(page.getByLabel("Celular o correo")).toHaveValue(DEMO.producer.contact);
});

test("@nojs the language switcher works without JavaScript", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.getByRole("heading", { name: "Next market day" })).toBeVisible();
});
