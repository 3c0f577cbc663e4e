/**
 * The installable app offline (issue 15, sections 1 and 2): the service worker, a family's
 * order code with no signal, the offline page, logging out, the manifest. The app is opened
 * through a relay whose network the test cuts (switchable-network.ts): Playwright's own
 * setOffline does not reach the worker's fetches.
 */
import type { Page } from "@playwright/test";
import { SW_REGISTRATION_SCRIPT } from "../../app/infra/sw-registration";
import { DEMO, expect, loginAs, sessionCookieFor, test } from "./fixtures";
import { switchableNetwork, type SwitchableNetwork } from "./switchable-network";

const ROSA = "+51987654321";
const BANNER = /Sin conexión — datos de las \d\d:\d\d/;

let net: SwitchableNetwork;
test.beforeEach(async () => {
  net = await switchableNetwork();
});
test.afterEach(async () => {
  await net.close();
});
test.use({ viewport: { width: 360, height: 740 } });

/** Waits until the worker is active and controls this page. */
async function controlled(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise((resolve) =>
      navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }),
    );
  });
}

/** Rosa's first order code, from her list of orders (opened online). */
async function firstOrderCode(page: Page) {
  await page.goto(`${net.url}/pedidos`);
  return (await page.locator(".order-list .code").first().textContent())!.trim();
}

async function pageCaches(page: Page) {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      if (!name.startsWith("qhatu-pages")) continue;
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls;
  });
}

test("the worker registers on a page without hydration and controls it", async ({ page }) => {
  const response = await page.request.get(`${net.url}/sw.js`);
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-cache");
  expect(response.headers()["content-type"]).toMatch(/javascript/);
  await page.goto(`${net.url}/ingresar`);
  await controlled(page);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
    `${net.url}/sw.js`,
  );
});

test("a family's order page opens offline, marked as last known", async ({ page, context }) => {
  await loginAs(context, ROSA);
  const code = await firstOrderCode(page);
  await controlled(page);
  await page
    .getByRole("link", { name: new RegExp(code) })
    .first()
    .click();
  await expect(page.locator(".pickup-code .code")).toHaveText(code);
  const items = await page.locator(".order-items li").allTextContents();
  expect(items.length).toBeGreaterThan(0);

  await net.goOffline(context);
  await page.reload();
  await expect(page.getByRole("status").filter({ hasText: BANNER })).toBeVisible();
  await expect(page.locator(".pickup-code .code")).toHaveText(code);
  await expect(page.locator(".qr svg")).toBeVisible();
  expect(await page.locator(".order-items li").allTextContents()).toEqual(items);
  // It still looks like the app: the stylesheet came from the worker's cache.
  expect(await page.locator("body").evaluate((b) => getComputedStyle(b).backgroundColor)).toBe(
    "rgb(251, 247, 239)",
  );

  // The list of orders, as last seen.
  await page.goto(`${net.url}/pedidos`);
  await expect(page.getByText(BANNER)).toBeVisible();
  await expect(page.locator(".order-list .code").first()).toHaveText(code);

  // A page never opened on this phone: the offline page, in Spanish, with a way back.
  await page.goto(`${net.url}/productor`);
  await expect(page.getByRole("heading", { name: "Sin conexión", level: 1 })).toBeVisible();
  await expect(page.getByText("Esta página no está guardada en este teléfono.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Reintentar" })).toHaveAttribute(
    "href",
    "/productor",
  );

  await net.goOnline(context);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Sin conexión" })).toHaveCount(0);
  await expect(page.getByText(BANNER)).toHaveCount(0);
});

test("the first page opened is kept, and /pedidos offline lists the orders on the phone", async ({
  page,
  context,
}) => {
  await loginAs(context, ROSA);
  const code = await firstOrderCode(page);
  // A fresh phone: the order page is the first page the worker sees, fetched before it ran.
  const fresh = await context.browser()!.newContext({ viewport: { width: 360, height: 740 } });
  try {
    await loginAs(fresh, ROSA);
    const phone = await fresh.newPage();
    await phone.goto(`${net.url}/pedidos/${code}`);
    await controlled(phone);
    await expect.poll(() => pageCaches(phone)).toContain(`${net.url}/pedidos/${code}`);

    await net.goOffline(fresh);
    await phone.reload();
    await expect(phone.getByText(BANNER)).toBeVisible();
    await expect(phone.locator(".pickup-code .code")).toHaveText(code);
    expect(await phone.locator("body").evaluate((b) => getComputedStyle(b).backgroundColor)).toBe(
      "rgb(251, 247, 239)",
    );

    await phone.goto(`${net.url}/pedidos`);
    await expect(
      phone.getByRole("heading", { name: "Pedidos guardados en este teléfono" }),
    ).toBeVisible();
    await phone.getByRole("link", { name: `Pedido ${code}` }).click();
    await expect(phone.locator(".pickup-code .code")).toHaveText(code);
  } finally {
    await fresh.close();
  }
});

test("a hydrated page navigating offline lands on the kept page, not an error", async ({
  page,
  context,
}) => {
  await page.goto(`${net.url}/feria`);
  await controlled(page);
  const link = page.locator('a[href^="/feria/canastas/"]').first();
  const href = (await link.getAttribute("href"))!;
  // Opened once as a document (kept), then back to the catalogue.
  await page.goto(`${net.url}${href}`);
  const title = await page.getByRole("heading", { level: 1 }).textContent();
  await page.goto(`${net.url}/feria`);
  await expect(page.locator("html")).toHaveAttribute("data-request-id");

  await net.goOffline(context);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (m) => (m.type() === "error" ? errors.push(m.text()) : null));
  await page.locator(`a[href="${href}"]`).first().click();
  await expect(page).toHaveURL(`${net.url}${href}`);
  await expect(page.getByText(BANNER)).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title!);

  // The kept page hydrated with its banner in place; the next navigation online drops it.
  await net.goOnline(context);
  await page.getByRole("link", { name: "Feria", exact: true }).click();
  await expect(page).toHaveURL(`${net.url}/feria`);
  await expect(page.getByText(BANNER)).toHaveCount(0);
  expect(errors.filter((e) => /hydrat|Minified React error/i.test(e))).toEqual([]);
});

test("a form sent offline comes back as the kept page, saying it was not sent", async ({
  page,
  context,
}) => {
  await loginAs(context, ROSA);
  // A page without JavaScript: the form's POST is a navigation.
  await page.goto(`${net.url}/cuenta`);
  await controlled(page);
  await page.goto(`${net.url}/cuenta`);
  // A hydrated page: "Añadir" posts to /canasta in the background (a Remix fetcher).
  await page.goto(`${net.url}/feria`);
  await net.goOffline(context);
  await page.getByRole("button", { name: "Añadir" }).first().click();
  await expect(page).toHaveURL(`${net.url}/feria`);
  await expect(page.getByText("Sin conexión: no se envió.")).toBeVisible();
  await expect(page.getByText(BANNER)).toBeVisible();

  await page.goto(`${net.url}/cuenta`);
  await expect(page.getByText("Sin conexión: no se envió.")).toHaveCount(0);
  await page.locator("form:has(input[name=intent][value=settings]) button[type=submit]").click();
  await expect(page).toHaveURL(`${net.url}/cuenta`);
  await expect(page.getByText("Sin conexión: no se envió.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mi cuenta");
});

test("signing in drops the pages the previous person left on the phone", async ({
  page,
  context,
}) => {
  await loginAs(context, ROSA);
  const code = await firstOrderCode(page);
  await controlled(page);
  await page.goto(`${net.url}/pedidos/${code}`);
  expect(await pageCaches(page)).toContain(`${net.url}/pedidos/${code}`);
  // Rosa's session ends without her logging out; Juan signs in on the same phone.
  await context.clearCookies();
  await page.goto(`${net.url}/ingresar`);
  await page.getByLabel("Celular o correo").fill(DEMO.producer.contact);
  await page.getByLabel("Contraseña").fill(DEMO.password);
  await page.getByRole("button", { name: "Ingresar" }).click();
  await expect(page.getByText(`Hola, ${DEMO.producer.name}`)).toBeVisible();
  expect(await pageCaches(page)).not.toContain(`${net.url}/pedidos/${code}`);
});

test("logging out removes the order pages from the phone", async ({ page, context }) => {
  await loginAs(context, ROSA);
  const code = await firstOrderCode(page);
  await controlled(page);
  await page.goto(`${net.url}/pedidos/${code}`);
  expect(await pageCaches(page)).toContain(`${net.url}/pedidos/${code}`);
  // What the desk and the outbox keep (IndexedDB databases named qhatu-*) goes too.
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open("qhatu-test");
        open.onsuccess = () => {
          open.result.close();
          resolve(null);
        };
      }),
  );

  await page.getByRole("button", { name: "Salir" }).click();
  await expect(page.getByRole("link", { name: "Ingresar" })).toBeVisible();
  expect(await pageCaches(page)).not.toContain(`${net.url}/pedidos/${code}`);
  await expect
    .poll(() => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)))
    .not.toContain("qhatu-test");

  // The worker is back (Clear-Site-Data may have removed it) and controls the home page.
  await page.goto(`${net.url}/`);
  await controlled(page);
  await net.goOffline(context);
  await page.goto(`${net.url}/pedidos/${code}`);
  await expect(page.getByRole("heading", { name: "Sin conexión", level: 1 })).toBeVisible();
  await expect(page.getByText(code)).toHaveCount(0);
});

test("the app is installable: manifest, icons, worker", async ({ page }) => {
  await page.goto(`${net.url}/`);
  await controlled(page);
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBe("/manifest.webmanifest");
  const response = await page.request.get(`${net.url}${href}`);
  expect(response.headers()["content-type"]).toMatch(/^application\/manifest\+json/);
  const manifest = await response.json();
  expect(manifest).toMatchObject({
    name: "Qhatu — feria de productores de Cusco",
    short_name: "Qhatu",
    start_url: "/",
    display: "standalone",
    theme_color: "#1f5130",
    background_color: "#fbf7ef",
  });
  const english = await page.request.get(`${net.url}${href}`, {
    headers: { "Accept-Language": "en" },
  });
  expect((await english.json()).name).toBe("Qhatu — Cusco farmers' market");

  for (const icon of manifest.icons as { src: string; sizes: string }[]) {
    const size = Number(icon.sizes.split("x")[0]);
    const png = await page.evaluate(async (src) => {
      const image = new Image();
      image.src = src;
      await image.decode();
      return [image.naturalWidth, image.naturalHeight];
    }, icon.src);
    expect(png).toEqual([size, size]);
  }
  expect(manifest.icons.map((i: { purpose: string }) => i.purpose)).toContain("maskable");
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute(
    "href",
    "/icons/apple-touch-icon.png",
  );

  // Chromium's own verdict, as for its install prompt.
  const cdp = await page.context().newCDPSession(page);
  const parsed = await cdp.send("Page.getAppManifest");
  expect(parsed.errors).toEqual([]);
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  // Playwright's contexts are incognito, where Chromium never offers to install: nothing else.
  expect(installabilityErrors.filter((e) => e.errorId !== "in-incognito")).toEqual([]);
});

test("pages without hydration load no script but the worker's registration", async ({
  page,
  context,
}) => {
  await loginAs(context, ROSA);
  const code = await firstOrderCode(page);
  for (const path of ["/pedidos", `/pedidos/${code}`, "/canasta", "/cuenta"]) {
    await page.goto(`${net.url}${path}`);
    const scripts = await page
      .locator("script")
      .evaluateAll((all) => all.map((s) => ({ src: s.getAttribute("src"), text: s.textContent })));
    expect(scripts, path).toEqual([{ src: null, text: SW_REGISTRATION_SCRIPT }]);
    expect(await page.locator('link[rel="modulepreload"]').count(), path).toBe(0);
  }
});

test("the server's logout response tells the browser to clear the site's data", async ({
  request,
}) => {
  const cookie = await sessionCookieFor(ROSA);
  const response = await request.post(`${net.url}/salir`, {
    headers: { Cookie: cookie, Origin: net.url },
    form: {},
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  expect(response.headers()["clear-site-data"]).toBe('"cache", "storage"');
});
