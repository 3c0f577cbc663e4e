/**
 * What the producer page tests share (producers.test.ts, producer-products.test.ts): the scene,
 * and the requests the producers send.
 */
import { beforeAll } from "vitest";
import { limaDateOf } from "../../app/lib/time";
import {
  createCategory,
  createMarket,
  createMarketDay,
  createOffer,
  createOrder,
  createProducer,
  createProduct,
  createUser,
} from "../factories";
import { formRequest, loggedInCookie, run } from "../helpers";

/** The scene of these tests, built before them by setUpProducerScene(). */
export let s: Awaited<ReturnType<typeof producerScene>>;

/**
 * A market with Juan (oca and papa sold last week, one order picked up) and Ana (queso on the
 * coming day), a pending producer, last week's completed day and the coming open one.
 */
async function producerScene() {
  const market = createMarket({ commissionBps: 1000 });
  const category = createCategory({ marketId: market.id, slug: "papas" });
  const juan = createProducer({ marketId: market.id, profile: { farmName: "Chacra Juan" } });
  const ana = createProducer({ marketId: market.id, profile: { farmName: "Chacra Ana" } });
  const pending = createProducer({ marketId: market.id, status: "pending" });
  const last = createMarketDay({
    marketId: market.id,
    date: limaDateOf(new Date(Date.now() - 6 * 86_400_000)),
    status: "completed",
  });
  const next = createMarketDay({
    marketId: market.id,
    date: limaDateOf(new Date(Date.now() + 3 * 86_400_000)),
    ordersOpenAt: new Date(Date.now() - 3600_000),
    cutoffAt: new Date(Date.now() + 2 * 86_400_000),
  });
  const oca = createProduct({
    producerId: juan.producer.id,
    categoryId: category.id,
    name: "Oca",
    unit: "kg",
  });
  const papa = createProduct({
    producerId: juan.producer.id,
    categoryId: category.id,
    name: "Papa huayro",
    unit: "kg",
  });
  const anasQueso = createProduct({
    producerId: ana.producer.id,
    categoryId: category.id,
    name: "Queso",
    unit: "unidad",
  });
  // Last week: Juan sold oca and papa; one order picked up, paid by card.
  const lastOca = createOffer({
    marketDayId: last.day.id,
    productId: oca.id,
    producerId: juan.producer.id,
    priceCents: 300,
    quantity: 20,
  });
  createOffer({
    marketDayId: last.day.id,
    productId: papa.id,
    producerId: juan.producer.id,
    priceCents: 250,
    quantity: 40,
    perCustomerLimit: 5,
  });
  const buyer = createUser({ name: "Rosa Quispe" });
  createOrder({
    marketId: market.id,
    consumerId: buyer.id,
    marketDayId: last.day.id,
    slotId: last.slots[0].id,
    status: "picked_up",
    paymentMethod: "card",
    items: [{ offer: lastOca, productName: "Oca", unit: "kg", quantity: 4 }],
  });
  const anasOffer = createOffer({
    marketDayId: next.day.id,
    productId: anasQueso.id,
    producerId: ana.producer.id,
    priceCents: 1500,
    quantity: 5,
  });
  return {
    market,
    category,
    juan,
    ana,
    pending,
    last,
    next,
    oca,
    papa,
    anasQueso,
    anasOffer,
    buyer,
    juanCookie: await loggedInCookie(juan.user.id),
    anaCookie: await loggedInCookie(ana.user.id),
  };
}

/** For the test file that calls it: the scene, built before its tests. */
export function setUpProducerScene() {
  beforeAll(async () => {
    s = await producerScene();
  });
}

/** A product form with a file, posted as Juan. */
export const multipart = (fields: Record<string, string | Blob>) => {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return new Request("http://localhost:3000/productor/productos", {
    method: "POST",
    body,
    headers: { Cookie: s.juanCookie },
  });
};

export const post = (
  route: { action: unknown },
  url: string,
  fields: Record<string, string>,
  cookie: string,
) => run(route.action, formRequest(url, fields, { cookie }));
