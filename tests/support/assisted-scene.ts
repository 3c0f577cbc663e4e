/**
 * The scene of the assisted-producer tests: two markets with a coordinator each, market A's
 * next market day, Juan (approved, an offer of oca with 6 reserved), Ana, a pending producer,
 * and market B's producer with a product and an offer; plus the requests those tests send.
 */
import { eq } from "drizzle-orm";
import { db } from "../../app/infra/db.server";
import { limaDateOf } from "../../app/lib/time";
import * as offersPage from "../../app/routes/coordinacion.productores.$id_.ofertas";
import * as signupPage from "../../app/routes/coordinacion.productores.nuevo";
import { auditLog, memberships, offers, producers, products, users } from "../../db/schema";
import {
  createCategory,
  createCoordinator,
  createMarket,
  createMarketDay,
  createOffer,
  createOrder,
  createProducer,
  createProduct,
  createUser,
} from "../factories";
import { formRequest, getRequest, loggedInCookie, run } from "../helpers";

export type AssistedScene = Awaited<ReturnType<typeof setupAssistedScene>>;

export async function setupAssistedScene() {
  // Market A first: the deployment's default market, the one /productor serves.
  const marketA = createMarket({ name: "Mercado A" });
  const marketB = createMarket({ name: "Mercado B" });
  const coordA = createCoordinator({ marketId: marketA.id, name: "Coordinadora Ana" });
  const coordB = createCoordinator({ marketId: marketB.id, name: "Coordinador Beto" });
  const category = createCategory({ marketId: marketA.id, slug: "tuberculos" });
  const categoryB = createCategory({ marketId: marketB.id, slug: "otros" });
  const inThreeDays = limaDateOf(new Date(Date.now() + 3 * 86_400_000));
  const next = createMarketDay({
    marketId: marketA.id,
    date: inThreeDays,
    ordersOpenAt: new Date(Date.now() - 3600_000),
    cutoffAt: new Date(Date.now() + 2 * 86_400_000),
  });
  const nextB = createMarketDay({
    marketId: marketB.id,
    date: limaDateOf(new Date(Date.now() + 4 * 86_400_000)),
    ordersOpenAt: new Date(Date.now() - 3600_000),
    cutoffAt: new Date(Date.now() + 3 * 86_400_000),
  });
  const juan = createProducer({
    marketId: marketA.id,
    user: createUser({ name: "Juan Mamani" }),
    profile: { farmName: "Chacra Juan" },
  });
  const oca = createProduct({ producerId: juan.producer.id, categoryId: category.id, name: "Oca" });
  const ocaOffer = createOffer({
    marketDayId: next.day.id,
    productId: oca.id,
    producerId: juan.producer.id,
    priceCents: 300,
    quantity: 20,
  });
  const ana = createProducer({ marketId: marketA.id, profile: { farmName: "Chacra Ana" } });
  const pending = createProducer({ marketId: marketA.id, status: "pending" });
  const other = createProducer({ marketId: marketB.id, profile: { farmName: "Chacra Ajena" } });
  const otherProduct = createProduct({
    producerId: other.producer.id,
    categoryId: categoryB.id,
    name: "Queso ajeno",
  });
  const otherOffer = createOffer({
    marketDayId: nextB.day.id,
    productId: otherProduct.id,
    producerId: other.producer.id,
  });
  const buyer = createUser({ name: "Rosa Quispe" });
  createOrder({
    marketId: marketA.id,
    consumerId: buyer.id,
    marketDayId: next.day.id,
    slotId: next.slots[0].id,
    items: [{ offer: ocaOffer, productName: "Oca", unit: "kg", quantity: 6 }],
  });
  return {
    marketA,
    marketB,
    coordAUser: coordA,
    category,
    categoryB,
    next,
    nextB,
    juan,
    oca,
    ocaOffer,
    ana,
    pending,
    other,
    otherProduct,
    otherOffer,
    buyer,
    coordA: await loggedInCookie(coordA.id),
    coordB: await loggedInCookie(coordB.id),
    juanCookie: await loggedInCookie(juan.user.id),
    anaCookie: await loggedInCookie(ana.user.id),
    buyerCookie: await loggedInCookie(buyer.id),
  };
}

/** The requests and reads of the tests, against the scene `scene()` returns once it is built. */
export function assistedHelpers(scene: () => AssistedScene) {
  let keys = 0;
  const requestKey = () => `test-request-key-${Date.now()}-${++keys}`;

  const signUp = (fields: Record<string, string>, cookie = scene().coordA) =>
    run(
      signupPage.action,
      formRequest(
        "/coordinacion/productores/nuevo",
        { requestKey: requestKey(), locale: "es", ...fields },
        { cookie },
      ),
    );

  const offersPath = (producerId: number, date?: string) =>
    `/coordinacion/productores/${producerId}/ofertas${date ? `?fecha=${date}` : ""}`;

  const postOffers = (
    producerId: number,
    fields: Record<string, string>,
    {
      cookie = scene().coordA,
      date = scene().next.day.date,
    }: { cookie?: string; date?: string } = {},
  ) =>
    run(offersPage.action, formRequest(offersPath(producerId, date), fields, { cookie }), {
      params: { id: String(producerId) },
    });

  const showOffers = (producerId: number, cookie = scene().coordA, date?: string) =>
    run(offersPage.loader, getRequest(offersPath(producerId, date), { cookie }), {
      params: { id: String(producerId) },
    });

  /** Every row a refusal must leave alone. */
  const snapshot = () => ({
    users: db().select().from(users).all(),
    memberships: db().select().from(memberships).all(),
    producers: db().select().from(producers).all(),
    products: db().select().from(products).all(),
    offers: db().select().from(offers).all(),
    audit: db().select().from(auditLog).all(),
  });

  const offerRow = (id: number) => db().select().from(offers).where(eq(offers.id, id)).get()!;
  const lastAudit = () => db().select().from(auditLog).orderBy(auditLog.id).all().at(-1)!;

  return { requestKey, signUp, offersPath, postOffers, showOffers, snapshot, offerRow, lastAudit };
}
