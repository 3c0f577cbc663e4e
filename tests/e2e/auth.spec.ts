import { createAccountWithDemoPassword, DEMO, expect, freshPhone, logIn, test } from "./fixtures";

test.describe("accounts", () => {
  test("a new consumer signs up, is logged in, logs out, and the old session is dead", async ({
    page,
    context,
  }) => {
    await page.goto("/");
    await page.getByRole("link", { name: "Crear cuenta" }).click();
    await expect(page.getByRole("heading", { name: "Crear tu cuenta" })).toBeVisible();
    await page.getByLabel("Nombre y apellido").fill("Ana Huamán");
    await page.getByLabel("Celular o correo").fill(freshPhone());
    await page.getByLabel("Contraseña").fill("habas con queso fresco");
    await page.getByRole("button", { name: "Crear cuenta" }).click();

    await expect(page).toHaveURL("/");
    const nav = page.getByRole("navigation", { name: "Tu cuenta" });
    await expect(nav.getByText("Hola, Ana")).toBeVisible();

    const session = (await context.cookies()).find((c) => c.name === "qhatu_session")!;
    expect(session.httpOnly).toBe(true);
    await nav.getByRole("button", { name: "Salir" }).click();
    await expect(nav.getByRole("link", { name: "Ingresar" })).toBeVisible();

    // Putting the old cookie back does not bring the session back: it ended on the server.
    await context.addCookies([session]);
    await page.reload();
    await expect(nav.getByRole("link", { name: "Ingresar" })).toBeVisible();
    await expect(nav.getByText("Hola, Ana")).toHaveCount(0);
  });

  test("a demo consumer logs in with their phone as they would type it", async ({ page }) => {
    await logIn(page, DEMO.consumer.contact);
    await expect(page).toHaveURL("/");
    await expect(page.getByText("Hola, Rosa")).toBeVisible();
  });

  test("a wrong password gets a clear message and keeps the contact typed", async ({ page }) => {
    await logIn(page, DEMO.consumer.contact, "no es mi clave");
    await expect(page.getByRole("alert")).toHaveText(
      "El celular o correo, o la contraseña, no son correctos.",
    );
    await expect(page.getByLabel("Celular o correo")).toHaveValue(DEMO.consumer.contact);
    await expect(page.getByLabel("Contraseña")).toHaveValue("");
  });

  test("after 10 failures the account is locked for 15 minutes, even with the right password", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    // A new account on every run (and retry), so earlier failures never count.
    const phone = freshPhone();
    createAccountWithDemoPassword(phone);
    for (let i = 0; i < 10; i++) {
      await logIn(page, phone, `intento fallido ${i}`);
      await expect(page.getByRole("alert")).toContainText("no son correctos");
    }
    await logIn(page, phone, DEMO.password);
    await expect(page.getByRole("alert")).toHaveText(
      "Hubo demasiados intentos fallidos. Por seguridad, espera 15 minutos antes de volver a intentarlo.",
    );
    await expect(page).toHaveURL(/\/ingresar/);
  });

  test("sign-up mistakes are shown next to each field, in Spanish, before sending", async ({
    page,
  }) => {
    await page.goto("/registro");
    await page.getByLabel("Celular o correo").fill("084 23 45 67");
    await page.getByLabel("Contraseña").fill("12345678");
    await page.getByRole("button", { name: "Crear cuenta" }).click();
    await expect(page.getByLabel("Nombre y apellido")).toHaveAccessibleDescription(
      "Este campo es obligatorio.",
    );
    await expect(page.getByLabel("Celular o correo")).toHaveAccessibleDescription(
      /celular peruano de 9 dígitos/,
    );
    await expect(page.getByLabel("Contraseña")).toHaveAccessibleDescription(/más usadas/);
    await expect(page).toHaveURL("/registro");
  });

  test("after signing up in Quechua from a Spanish page, the page is in Quechua", async ({
    page,
  }) => {
    await page.goto("/registro");
    await page.getByLabel("Nombre y apellido").fill("Wayta Ccori");
    await page.getByLabel("Celular o correo").fill(freshPhone());
    await page.getByLabel("Contraseña").fill("sara chuqllu kisuwan");
    await page.getByLabel("Idioma preferido").selectOption("qu");
    await page.getByRole("button", { name: "Crear cuenta" }).click();
    await expect(page.getByRole("heading", { name: "Hamuq qhatu p'unchaw" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Runasimi" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
  });

  test("a pending producer is told why they cannot sell yet", async ({ page }) => {
    await page.goto("/registro");
    await page.getByLabel("Nombre y apellido").fill("Celestina Puma");
    await page.getByLabel("Celular o correo").fill(freshPhone());
    await page.getByLabel("Contraseña").fill("moraya de espinar");
    await expect(page.getByLabel("Soy productor o productora")).not.toBeChecked();
    await page.getByLabel("Soy productor o productora").check();
    await page.getByLabel("Nombre de tu chacra").fill("Chacra Puma");
    await page.getByLabel("Provincia").selectOption("Espinar");
    await page.getByLabel("Comunidad").fill("Tarucamarca");
    await page.getByRole("button", { name: "Crear cuenta" }).click();
    await expect(page.getByRole("status")).toContainText("pendiente de aprobación");
  });
});
