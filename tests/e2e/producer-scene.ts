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

/** A consumer reserves `quantity` of the producer's offer of `productName`, through the model. */
export async function reserveThroughModel(
  producerId: number,
  productName: string,
  quantity: number,
) {
  const { factories: f, db, schema, reserveOrder } = await app();
  const { and, eq } = await import("drizzle-orm");
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
    .where(eq(schema.pickupSlots.marketDayId, offer.marketDayId))
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
