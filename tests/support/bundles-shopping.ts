/**
 * Family baskets as a consumer meets them, the scene (bundles-shopping.test.ts,
 * bundles-checkout.test.ts): two farms of "Mercado de prueba", papa, olluco and queso with plenty
 * of stock, the "Canasta del valle" (6 at most) and a draft; and the requests those tests send.
 */
import { eq } from "drizzle-orm";
import { db } from "../../app/infra/db.server";
import { limaDateOf } from "../../app/lib/time";
import { cartBundles, offers } from "../../db/schema";
import * as basket from "../../app/routes/canasta";
import * as checkout from "../../app/routes/canasta_.confirmar";
import { createUser, openMarketDayScenario } from "../factories";
import { formRequest, loggedInCookie, run } from "../helpers";
import { seenPricesOf } from "./checkout-page";

/** Two farms, three offers with plenty of stock, the "Canasta del valle" (6 at most) and a draft. */
export function bundleShoppingScene() {
  const { producers, offers, bundles, ...scenario } = openMarketDayScenario({
    market: { name: "Mercado de prueba" },
    categories: {
      tubers: { slug: "papas", position: 1 },
      dairy: { slug: "lacteos", position: 2 },
    },
    producers: {
      pisac: { profile: { farmName: "Chacra Ñawpa", slug: "chacra-nawpa", community: "Amaru" } },
      anta: {
        profile: { farmName: "Quesos de Anta", slug: "quesos-anta", community: "Conchacalla" },
      },
    },
    date: limaDateOf(new Date(Date.now() + 3 * 86_400_000)),
    cutoffAt: new Date(Date.now() + 2 * 86_400_000),
    slotCapacity: 50,
    pickupEnd: "08:00",
    // Plenty of stock: the cap of 6 baskets is what binds, unless a test says otherwise.
    offers: {
      papa: { name: "Papa nativa", unit: "kg", quantity: 100, priceCents: 400 },
      olluco: { name: "Olluco", unit: "kg", quantity: 100, priceCents: 300 },
      queso: {
        name: "Queso fresco",
        unit: "kg",
        producer: "anta",
        category: "dairy",
        quantity: 100,
        priceCents: 1200,
      },
    },
    bundles: {
      valle: {
        name: "Canasta del valle",
        description: "Lo de la semana para cuatro.",
        priceCents: 2500,
        maxCount: 6,
        // Alone: 2 × 4.00 + 1 × 3.00 + 1 × 12.00 = S/ 23.00, so this one costs S/ 2.00 more.
        contents: { papa: 2, olluco: 1, queso: 1 },
      },
      draft: { name: "Canasta en preparación", status: "draft", contents: { papa: 1 } },
    },
  });
  return {
    ...scenario,
    pisac: producers.pisac.producer,
    anta: producers.anta.producer,
    ...offers,
    ...bundles,
  };
}

export const reservedOf = (offerId: number) =>
  db().select().from(offers).where(eq(offers.id, offerId)).get()!.reserved;
export const savedBundles = (userId: number) =>
  db()
    .select({ bundleId: cartBundles.bundleId, quantity: cartBundles.quantity })
    .from(cartBundles)
    .where(eq(cartBundles.userId, userId))
    .all();
export const addBundle = (fields: Record<string, string>, cookie?: string) =>
  run(
    basket.action,
    formRequest("/canasta", { intent: "addBundle", quantity: "1", ...fields }, { cookie }),
  );
export async function shopper() {
  const user = createUser();
  return { user, cookie: await loggedInCookie(user.id) };
}
// Posts the page's form for `slotId`: with the prices it shows, as a browser would.
export const confirmIn = async (
  slotId: number,
  cookie: string,
  fields: Record<string, string> = {},
) =>
  run(
    checkout.action,
    formRequest(
      "/canasta/confirmar",
      {
        intent: "confirm",
        slotId: String(slotId),
        paymentMethod: "cash",
        idempotencyKey: crypto.randomUUID(),
        seenPrices: await seenPricesOf(cookie),
        ...fields,
      },
      { cookie },
    ),
  );
