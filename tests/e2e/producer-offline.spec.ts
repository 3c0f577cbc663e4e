/**
 * Issue 15, section 4: a producer with no signal re-lists the week and changes offers on a
 * 360 px phone. The pages load no JavaScript of ours: the service worker keeps the forms
 * (app/service-worker/outbox.ts) and sends them when the signal is back. The server ends up
 * with each change once, and what it refused meanwhile is explained on the page.
 */
import type { Page } from "@playwright/test";
import { expect, freshPhone, loginAs, test } from "./fixtures";
import { app, demoMarket, reserveThroughModel } from "./producer-scene";
import { switchableNetwork, type SwitchableNetwork } from "./switchable-network";

/**
 * An approved producer who sold oca and papa last market day, and already offers olluco and
 * haba on the coming one.
 */
async function producerWithAWeek() {
  const { factories: f, market, past, open, category } = await demoMarket();
  const phone = `+51${freshPhone()}`;
  const user = f.createUser({ name: "Eusebia Mamani", phone });
  const { producer } = f.createProducer({
    marketId: market.id,
    user,
    profile: { farmName: `Chacra Eusebia ${phone}`, province: "Paruro" },
  });
  const product = (name: string) =>
    f.createProduct({ producerId: producer.id, categoryId: category.id, name, unit: "kg" });
  const offer = (marketDayId: number, productId: number, quantity: number) =>
    f.createOffer({ marketDayId, productId, producerId: producer.id, priceCents: 300, quantity });
  const [oca, papa, olluco, haba] = ["Oca", "Papa", "Olluco", "Haba"].map(product);
  offer(past.id, oca.id, 30);
  offer(past.id, papa.id, 40);
  offer(open.id, olluco.id, 10);
  offer(open.id, haba.id, 8);
  return { phone, producerId: producer.id, openDayId: open.id };
}

/** The producer's offers on the coming day, read from the server's SQLite file. */
async function offersOnServer(producerId: number, marketDayId: number) {
  const { db, schema } = await app();
  const { and, eq } = await import("drizzle-orm");
  return db()
    .select({ name: schema.products.name, quantity: schema.offers.quantity })
    .from(schema.offers)
    .innerJoin(schema.products, eq(schema.products.id, schema.offers.productId))
    .where(
      and(eq(schema.offers.producerId, producerId), eq(schema.offers.marketDayId, marketDayId)),
    )
    .all()
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A link of the producer's menu. */
const menu = (page: Page, name: string) =>
  page
    .getByRole("navigation", { name: "Menú del productor" })
    .getByRole("link", { name, exact: true })
    .click();

/** Opens a page through the relay once the service worker controls it (so it is kept). */
async function openControlled(page: Page, net: SwitchableNetwork, path: string) {
  await page.goto(net.url + path);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null)))
    await page.reload();
}

test("a producer re-lists the week offline; it arrives once, and a refusal is explained", async ({
  page,
  context,
}) => {
  await page.setViewportSize({ width: 360, height: 740 });
  const net = await switchableNetwork();
  try {
    const producer = await producerWithAWeek();
    await loginAs(context, producer.phone);
    // Relay and server are both on localhost: the session cookie goes to either port.
    await openControlled(page, net, "/productor");
    await page.goto(`${net.url}/productor/ofertas`);
    await page.goto(`${net.url}/productor/preparacion`);
    await page.goto(`${net.url}/productor`);

    await net.goOffline(context);
    // What to bring opens offline once seen, marked as last known.
    await menu(page, "Qué llevar");
    await expect(page.getByText(/Sin conexión — datos de las/)).toBeVisible();
    await menu(page, "Inicio");
    await page.getByRole("button", { name: "Ofrecer lo mismo que la semana pasada" }).click();
    await expect(page.getByText(/1 cambio por enviar \(guardado a las/)).toBeVisible();
    await menu(page, "Ofertas");
    const olluco = page.getByRole("region", { name: /Olluco/ });
    await olluco.getByLabel("Cantidad").fill("12");
    await olluco.getByRole("button", { name: "Guardar Olluco" }).click();
    await expect(page.getByText(/2 cambios por enviar/)).toBeVisible();
    const haba = page.getByRole("region", { name: /Haba/ });
    await haba.getByLabel("Cantidad").fill("3");
    await haba.getByRole("button", { name: "Guardar Haba" }).click();
    await expect(page.getByText(/3 cambios por enviar/)).toBeVisible();
    // Still offline after a reload: nothing lost.
    await page.reload();
    await expect(page.getByText(/3 cambios por enviar/)).toBeVisible();
    // Logging out would erase them: the logout page says so.
    await page.goto(`${net.url}/salir`);
    await expect(page.getByRole("alert")).toContainText(
      "En este teléfono hay acciones sin enviar: 3. Si sales ahora, se borran.",
    );
    // Meanwhile, a family reserves 5 kg of haba: the producer's 3 can no longer stand.
    await reserveThroughModel(producer.producerId, "Haba", 5);
    expect(await offersOnServer(producer.producerId, producer.openDayId)).toEqual([
      { name: "Haba", quantity: 8 },
      { name: "Olluco", quantity: 10 },
    ]);

    await net.goOnline(context);
    // The first page opened online sends the queue before it loads: it shows the changes
    // applied and what became of each.
    await page.goto(`${net.url}/productor/ofertas`);
    const main = page.locator("main");
    await expect(main).toContainText("Enviado: 2 productos ofrecidos como la semana pasada");
    await expect(main).toContainText("Enviado: Olluco: cambios guardados");
    await expect(main).toContainText(
      "No se aceptó: Haba: las familias ya reservaron 5; la cantidad no puede ser menor",
    );
    await expect(page.getByText("Sin conexión")).toHaveCount(0);
    await expect(page.getByText(/por enviar/)).toHaveCount(0);
    expect(await offersOnServer(producer.producerId, producer.openDayId)).toEqual([
      { name: "Haba", quantity: 8 },
      { name: "Oca", quantity: 30 },
      { name: "Olluco", quantity: 12 },
      { name: "Papa", quantity: 40 },
    ]);
    // Shown once: the next page has no answers left.
    await page.reload();
    await expect(page.getByText("Enviado:")).toHaveCount(0);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  } finally {
    await net.close();
  }
});
