/**
 * Issue 12, item 3, in the browser at 360 × 740: a family opens checkout, the producer raises
 * a price meanwhile, and "Confirmar pedido" shows the change (before → after) and the new total
 * instead of reserving; one tap on the accept button reserves at the new price, with the pickup
 * time the family had chosen. The checkout page has no JavaScript of its own, so the walk is
 * the same with and without it; it runs both ways (@nojs).
 */
import crypto from "node:crypto";
import Database from "better-sqlite3";
import type { Page } from "@playwright/test";
import { E2E_DATABASE } from "../../playwright.config";
import { createAccountWithDemoPassword, expect, freshPhone, loginAs, test } from "./fixtures";

/** Writes to the e2e server's database, as a producer's price change would land in it. */
function withDatabase<T>(work: (db: Database.Database) => T): T {
  const db = new Database(E2E_DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    return work(db);
  } finally {
    db.close();
  }
}

/**
 * A product of its own, offered on the market day the catalogue shows, at S/ 12.40: only this
 * test buys it, so changing its price disturbs no other spec running at the same time. It goes
 * to a producer other than the demo login's, whose offer lists other specs read.
 */
function offerForThisTest(name: string) {
  return withDatabase((db) => {
    const today = new Date(Date.now() - 5 * 3600_000).toISOString().slice(0, 10);
    const day = db
      .prepare(
        `SELECT d.id, d.market_id AS marketId FROM market_days d
         WHERE d.market_id = (SELECT min(id) FROM markets) AND d.date >= ?
           AND d.status IN ('open', 'closed')
         ORDER BY d.date LIMIT 1`,
      )
      .get(today) as { id: number; marketId: number };
    const producer = db
      .prepare(
        `SELECT pr.id FROM producers pr JOIN memberships m ON m.id = pr.membership_id
         JOIN users u ON u.id = pr.user_id
         WHERE pr.market_id = ? AND m.status = 'approved' AND coalesce(u.phone, '') != '+51984111222'
         ORDER BY pr.id DESC LIMIT 1`,
      )
      .get(day.marketId) as { id: number };
    const category = db
      .prepare("SELECT id FROM categories WHERE market_id = ? ORDER BY position DESC LIMIT 1")
      .get(day.marketId) as { id: number };
    const now = Date.now();
    const product = db
      .prepare(
        `INSERT INTO products (producer_id, category_id, name, unit, created_at, updated_at)
         VALUES (?, ?, ?, 'kg', ?, ?)`,
      )
      .run(producer.id, category.id, name, now, now);
    const offer = db
      .prepare(
        `INSERT INTO offers (market_day_id, product_id, producer_id, price_cents, quantity, created_at, updated_at)
         VALUES (?, ?, ?, 1240, 50, ?, ?)`,
      )
      .run(day.id, product.lastInsertRowid, producer.id, now, now);
    return Number(offer.lastInsertRowid);
  });
}

const setPrice = (offerId: number, priceCents: number) =>
  withDatabase((db) =>
    db.prepare("UPDATE offers SET price_cents = ? WHERE id = ?").run(priceCents, offerId),
  );

const ordersOf = (phone: string) =>
  withDatabase(
    (db) =>
      db
        .prepare(
          `SELECT o.pickup_code AS code, o.total_cents AS totalCents, o.slot_id AS slotId
           FROM orders o JOIN users u ON u.id = o.consumer_id WHERE u.phone = ?`,
        )
        .all(`+51${phone}`) as { code: string; totalCents: number; slotId: number }[],
  );

async function priceChangeWalk(page: Page) {
  await page.setViewportSize({ width: 360, height: 740 });
  const phone = freshPhone();
  createAccountWithDemoPassword(phone, "Marisol Huillca");
  await loginAs(page.context(), `+51${phone}`);
  const name = `Maca amarilla ${crypto.randomInt(1_000_000)}`;
  const offerId = offerForThisTest(name);

  await page.goto("/feria");
  await page.getByLabel("Buscar", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Filtrar" }).click();
  const card = page.getByRole("article").filter({ has: page.getByRole("heading", { name }) });
  await card.getByLabel(`Cantidad de ${name}`).fill("2");
  await card.getByRole("button", { name: "Añadir" }).click();
  await expect(page.getByRole("link", { name: "Canasta (1)" })).toBeVisible();

  await page.goto("/canasta/confirmar");
  await expect(page.getByText(`2 × ${name}`)).toContainText("S/ 24.80");
  const slots = page.getByRole("group", { name: "Hora de recojo" }).getByRole("radio");
  await slots.nth(1).check();
  const chosenSlot = Number(await slots.nth(1).getAttribute("value"));

  // While the page is open, the producer raises the price.
  setPrice(offerId, 1350);
  await page.getByRole("button", { name: "Confirmar pedido" }).click();

  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Algunos precios cambiaron");
  await expect(alert.getByRole("listitem")).toHaveText([`2 × ${name}: S/ 24.80 → S/ 27.00`]);
  await expect(alert).toContainText("Nuevo total: S/ 27.00");
  expect(ordersOf(phone)).toEqual([]);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);

  await alert.getByRole("button", { name: "Aceptar los precios nuevos y reservar" }).click();
  await expect(page.getByRole("heading", { name: "Tu pedido" })).toBeVisible();
  await expect(page.getByText(/Tu pedido está reservado/)).toBeVisible();
  await expect(page.getByText("S/ 27.00").first()).toBeVisible();
  expect(ordersOf(phone)).toMatchObject([{ totalCents: 2700, slotId: chosenSlot }]);
}

test("a family told that a price rose while they checked out accepts it in one tap, on a 360 px phone", async ({
  page,
}) => {
  await priceChangeWalk(page);
});

test("@nojs a family accepts a price that rose during checkout without JavaScript, on a 360 px phone", async ({
  page,
}) => {
  await priceChangeWalk(page);
});
