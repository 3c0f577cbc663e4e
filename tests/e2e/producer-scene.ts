/**
 * What the producer specs share (producer.spec.ts, producer-offline.spec.ts): the app's own
 * models on the e2e server's database, and a family reserving through them.
 */
import { E2E_DATABASE } from "../../playwright.config";

/** The app's own models and factories, on the e2e server's database. */
export async function app() {
  // Another test file in this worker may have pointed the app's modules at its own database.
  const { closeDb: close } = await import("../../app/infra/db.server");
  const { env, resetEnv } = await import("../../app/infra/env.server");
  if (env().DATABASE_URL !== E2E_DATABASE) {
    close();
    process.env.DATABASE_URL = E2E_DATABASE;
    process.env.DEMO_DATA = "off";
    resetEnv();
  }
  const factories = await import("../factories");
  const { reserveOrder } = await import("../../app/features/ordering/reserve.server");
  const { db } = await import("../../app/infra/db.server");
  const schema = await import("../../db/schema");
  return { factories, reserveOrder, db, schema };
}

/** The demo market with its last (completed) and coming (open) market days and a category. */
export async function demoMarket() {
  const models = await app();
  const { db, schema } = models;
  const { asc, eq } = await import("drizzle-orm");
  db().$client.pragma("busy_timeout = 5000");
  const market = db().select().from(schema.markets).orderBy(asc(schema.markets.id)).get()!;
  const days = db()
    .select()
    .from(schema.marketDays)
    .where(eq(schema.marketDays.marketId, market.id))
    .all();
  const category = db()
    .select()
    .from(schema.categories)
    .where(eq(schema.categories.marketId, market.id))
    .get()!;
  return {
    ...models,
    market,
    past: days.find((d) => d.status === "completed")!,
    open: days.find((d) => d.status === "open")!,
    category,
  };
}

/** A consumer reserves `quantity` of the producer's offer of `productName`, through the model. */
export async function reserveThroughModel(
  producerId: number,
  productName: string,
  quantity: number,
) {
  const { factories: f, db, schema, reserveOrder } = await app();
  const { and, desc, eq, sql } = await import("drizzle-orm");
  const offer = db()
    .select({ id: schema.offers.id, marketDayId: schema.offers.marketDayId })
    .from(schema.offers)
    .innerJoin(schema.products, eq(schema.products.id, schema.offers.productId))
    .innerJoin(schema.marketDays, eq(schema.marketDays.id, schema.offers.marketDayId))
    .where(
      and(
        eq(schema.offers.producerId, producerId),
        eq(schema.products.name, productName),
        eq(schema.marketDays.status, "open"),
      ),
    )
    .get()!;
  const slot = db()
    .select()
    .from(schema.pickupSlots)
    // Other specs book the demo's slots too: take the one with the most room left.
    .where(eq(schema.pickupSlots.marketDayId, offer.marketDayId))
    .orderBy(desc(sql`${schema.pickupSlots.capacity} - ${schema.pickupSlots.booked}`))
    .get()!;
  const consumer = f.createUser({ name: "Marcelina Ccori" });
  const result = reserveOrder({
    consumerId: consumer.id,
    marketDayId: offer.marketDayId,
    slotId: slot.id,
    lines: [{ offerId: offer.id, quantity }],
    idempotencyKey: `e2e-${crypto.randomUUID()}`,
  });
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.order.pickupCode;
}
