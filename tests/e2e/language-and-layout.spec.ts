import { expect, loginAs, takeCspViolations, test } from "./fixtures";

test("the language switches to Quechua and to English, and stays", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Próxima feria" })).toBeVisible();

  await page.getByRole("button", { name: "Runasimi" }).click();
  await expect(page.getByRole("heading", { name: "Hamuq qhatu p'unchaw" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "qu");
  await expect(page.getByRole("button", { name: "Runasimi" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );

  await page.goto("/ingresar");
  await expect(page.getByRole("heading", { name: "Yaykuy" })).toBeVisible();

  await page.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL("/ingresar");
  await expect(page.getByRole("heading", { name: "Log in" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

test("the home page fits a 360 px phone and says when the next market is", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Próxima feria" })).toBeVisible();
  await expect(page.getByText(/Puedes hacer tu pedido hasta el viernes/)).toBeVisible();
  await expect(page.getByText(/\d+ productores/)).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Papas y tubérculos" })).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  // Every tappable control is at least 36 px tall.
  const small = await page.$$eval("a.button, button", (els) =>
    els.filter((e) => e.getBoundingClientRect().height < 36).map((e) => e.textContent),
  );
  expect(small).toEqual([]);
});

test("an unknown address gets a friendly, localized 404 without internals", async ({ page }) => {
  const response = await page.goto("/esto-no-existe");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "No encontramos esta página" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Volver al inicio" })).toBeVisible();
  await expect(page.locator("body")).not.toContainText(/Error:|at .*\.js/);
});

test("the health check reports the database", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "ok" });
});

test("pages are compressed and sent with protective headers", async ({ request }) => {
  const response = await request.get("/", { headers: { "Accept-Encoding": "gzip" } });
  const headers = response.headers();
  expect(headers["content-encoding"]).toBe("gzip");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-powered-by"]).toBeUndefined();
});

test("a form posted from another site is refused", async ({ request }) => {
  const response = await request.post("/idioma", {
    form: { locale: "en", redirectTo: "/" },
    headers: { Origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
});

test("the catalogue cache never shows one person's page to another", async ({
  browser,
  request,
}) => {
  // Rosa, logged in, loads the catalogue: her name is in the header.
  const rosa = await browser.newContext();
  await loginAs(rosa, "+51987654321");
  const rosaPage = await rosa.newPage();
  await rosaPage.goto("/feria");
  await expect(rosaPage.getByText("Hola, Rosa")).toBeVisible();
  // Right after, an anonymous visitor gets the same address: no name, log-in links instead.
  for (let i = 0; i < 3; i++) {
    const anonymous = await request.get("/feria", { headers: { Cookie: "" } });
    const html = await anonymous.text();
    expect(html).not.toContain("Hola, Rosa");
    expect(html).toContain('href="/ingresar"');
  }
  // And Rosa still sees her own page, not the cached anonymous one.
  await rosaPage.reload();
  await expect(rosaPage.getByText("Hola, Rosa")).toBeVisible();
  await rosa.close();
});

test("a malformed Host header is a 400, and the server keeps running", async () => {
  const { BASE_URL } = await import("../../playwright.config");
  const http = await import("node:http");
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request(
      `${BASE_URL}/feria?x=${Date.now()}`,
      { headers: { Host: "[" } },
      (res) => resolve(res.statusCode ?? 0),
    );
    req.on("error", reject);
    req.end();
  });
  expect(status).toBe(400);
  expect((await fetch(`${BASE_URL}/healthz`)).status).toBe(200);
});

test("a script injected into a page is refused by the CSP, and the suite notices", async ({
  page,
}) => {
  await page.goto("/feria");
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "document.body.dataset.injected = 'yes'";
    document.body.append(script);
  });
  await expect.poll(() => takeCspViolations().length).toBeGreaterThan(0);
  expect(await page.locator("body").getAttribute("data-injected")).toBeNull();
});

test("a page not found inside the coordinator's or the producer's area keeps that area's menu", async ({
  page,
  context,
}) => {
  await loginAs(context, "coordinacion@qhatu.pe");
  const coordinator = await page.goto("/coordinacion/ferias/999999");
  expect(coordinator?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "No encontramos esta página" })).toBeVisible();
  const menu = page.getByRole("navigation", { name: "Menú de coordinación" });
  await expect(menu.getByRole("link", { name: "Ferias" })).toBeVisible();

  await context.clearCookies();
  await loginAs(context, "+51984111222");
  const producer = await page.goto("/productor/productos?editar=999999");
  expect(producer?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "No encontramos esta página" })).toBeVisible();
  await expect(
    page
      .getByRole("navigation", { name: "Menú del productor" })
      .getByRole("link", { name: "Ofertas" }),
  ).toBeVisible();
});
