/**
 * The bench's database: 160 producers with 640 offers on one open market day, 4,000 signed-in
 * families with a basket each (a quarter with a family basket), built through the test
 * factories; and the check, after the rush, that nothing was oversold.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createCookie } from "@remix-run/node";
import Database from "better-sqlite3";
import { TEST_SECRET } from "../support/server";

export const PRODUCERS = 160;
export const PRODUCTS_EACH = 4; // 640 offers
export const CONSUMERS = 4000;
export const TMP = path.resolve("tests/.tmp");
export const DB_FILE = path.join(TMP, "bench.db");
export const CEILING_DB_FILE = path.join(TMP, "bench-ceiling.db");

export const BUNDLES = 8;
/** What the scene's offers and family baskets cost (the checkout form carries the prices shown). */
export const OFFER_PRICE_CENTS = 350;
export const BUNDLE_PRICE_CENTS = 1200;

export type Scene = {
  marketDayId: number;
  bundleIds: number[];
  slotIds: number[];
  offerIds: number[];
  cookies: string[];
  userIds: number[];
  /** A coordinator of the scene's market, signed in: for the pickup desk's page weight. */
  coordinatorCookie: string;
};

export async function buildScene(file: string): Promise<Scene> {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  process.env.DATABASE_URL = file;
  process.env.DEMO_DATA = "off";
  const { db, closeDb } = await import("../../app/infra/db.server");
  const { migrateDatabase } = await import("../../db/migrations.server");
  const f = await import("../factories");
  const { cartBundles, cartItems, sessions } = await import("../../db/schema");
  migrateDatabase(db());
  const cookie = createCookie("qhatu_session", { secrets: [TEST_SECRET], path: "/" });
  const scene = await (async () => {
    const market = f.createMarket({ name: "Mercado de carga" });
    const categories = Array.from({ length: 12 }, (_, i) =>
      f.createCategory({ marketId: market.id, slug: `cat-${i}`, position: i }),
    );
    const { day, slots } = f.createMarketDay({
      marketId: market.id,
      date: "2031-06-07",
      ordersOpenAt: new Date(Date.now() - 3600_000),
      cutoffAt: new Date(Date.now() + 86_400_000),
      slotCapacity: 1000,
    });
    const offerIds: number[] = [];
    db().$client.transaction(() => {
      for (let p = 0; p < PRODUCERS; p++) {
        const { producer } = f.createProducer({
          marketId: market.id,
          profile: { province: "Calca", community: `Comunidad ${p}` },
        });
        for (let i = 0; i < PRODUCTS_EACH; i++) {
          const product = f.createProduct({
            producerId: producer.id,
            categoryId: categories[(p + i) % 12].id,
            name: `Papa nativa ${p}-${i}`,
          });
          offerIds.push(
            f.createOffer({
              marketDayId: day.id,
              producerId: producer.id,
              productId: product.id,
              quantity: 5_000,
              priceCents: OFFER_PRICE_CENTS,
            }).id,
          );
        }
      }
    })();
    // Family baskets of four offers each, drawing on the same stock as the items bought alone.
    const bundleIds = Array.from(
      { length: BUNDLES },
      (_, b) =>
        f.createBundle({
          marketId: market.id,
          marketDayId: day.id,
          name: `Canasta ${b}`,
          priceCents: BUNDLE_PRICE_CENTS,
          contents: [0, 1, 2, 3].map((k) => ({
            offerId: offerIds[(b * 41 + k * 7) % offerIds.length],
            quantity: 1 + (k % 2),
          })),
        }).id,
    );
    const cookies: string[] = [];
    const userIds: number[] = [];
    const inserts: { id: string; userId: number }[] = [];
    const coordinator = f.createCoordinator({ marketId: market.id });
    db().$client.transaction(() => {
      for (let c = 0; c < CONSUMERS; c++) {
        const user = f.createUser({ phone: `+5192${String(c).padStart(7, "0")}` });
        userIds.push(user.id);
        for (let k = 0; k < 3; k++) {
          db()
            .insert(cartItems)
            .values({
              userId: user.id,
              offerId: offerIds[(c * 3 + k * 97) % offerIds.length],
              quantity: 1 + (k % 2),
            })
            .onConflictDoNothing()
            .run();
        }
        if (c % 4 === 0) {
          db()
            .insert(cartBundles)
            .values({ userId: user.id, bundleId: bundleIds[c % BUNDLES], quantity: 1 })
            .run();
        }
        const id = crypto.randomBytes(24).toString("base64url");
        // Fresh 30-day sessions, as after a login (so none is due for its daily extension).
        db()
          .insert(sessions)
          .values({ id, userId: user.id, expiresAt: new Date(Date.now() + 30 * 86_400_000) })
          .run();
        inserts.push({ id, userId: user.id });
      }
      const id = crypto.randomBytes(24).toString("base64url");
      db()
        .insert(sessions)
        .values({ id, userId: coordinator.id, expiresAt: new Date(Date.now() + 30 * 86_400_000) })
        .run();
      inserts.push({ id, userId: coordinator.id });
    })();
    for (const { id } of inserts) cookies.push((await cookie.serialize(id)).split(";")[0]);
    const coordinatorCookie = cookies.pop()!;
    return {
      coordinatorCookie,
      marketDayId: day.id,
      bundleIds,
      slotIds: slots.map((s) => s.id),
      offerIds,
      cookies,
      userIds,
    };
  })();
  db().$client.pragma("wal_checkpoint(TRUNCATE)");
  closeDb();
  return scene;
}

export function oversold(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const row = db
      .prepare(
        `
      SELECT
        (SELECT count(*) FROM offers WHERE reserved > quantity) AS oversold,
        (SELECT count(*) FROM pickup_slots WHERE booked > capacity) AS overbooked,
        (SELECT count(*) FROM offers o WHERE o.reserved != coalesce((
           SELECT sum(oi.quantity) FROM order_items oi JOIN orders r ON r.id = oi.order_id
           WHERE oi.offer_id = o.id AND r.status IN ('confirmed','pending_payment')), 0)) AS drift,
        (SELECT count(*) FROM orders) AS orders,
        (SELECT count(DISTINCT order_id) FROM order_bundles) AS withBaskets`,
      )
      .get() as {
      oversold: number;
      overbooked: number;
      drift: number;
      orders: number;
      withBaskets: number;
    };
    return row;
  } finally {
    db.close();
  }
}

/**
 * Each consumer's checkout form as their page renders it (with the prices it shows), read
 * before the clock starts: the benchmark measures reserving, not rendering the page.
 */
