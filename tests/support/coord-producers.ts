/**
 * What the coordinator's producer-page tests share (coord-producers.test.ts,
 * coord-producer-profiles.test.ts): email and SMS configured, two markets' producers, and the
 * requests and reads of the tests.
 */
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll } from "vitest";
import { db } from "../../app/infra/db.server";
import { resetEnv } from "../../app/infra/env.server";
import { limaDateOf } from "../../app/lib/time";
import { reserveOrder } from "../../app/features/ordering/reserve.server";
import * as producerPage from "../../app/routes/coordinacion.productores.$id";
import * as list from "../../app/routes/coordinacion.productores._index";
import * as catalogue from "../../app/routes/feria._index";
import {
  auditLog,
  certifications,
  memberships,
  notificationOutbox,
  producers,
} from "../../db/schema";
import {
  createCategory,
  createCoordinator,
  createMarket,
  createMarketDay,
  createOffer,
  createProducer,
  createProduct,
  createUser,
} from "../factories";
import { formRequest, getRequest, loggedInCookie, run } from "../helpers";

// Email and SMS configured (never contacted: these tests only look at what is queued), so the
// outbox rows show the channels people chose rather than the development log.
process.env.SMTP_URL = "smtp://localhost:2525";
process.env.TWILIO_ACCOUNT_SID = "AC0123456789";
process.env.TWILIO_AUTH_TOKEN = "twilio-token";
process.env.TWILIO_FROM = "+15005550006";
resetEnv();

/** The scene of these tests, built before them by setUpCoordProducers(). */
export let s: Awaited<ReturnType<typeof coordProducersScene>>;

/**
 * Markets A and B with a coordinator each: in A a selling producer with an offer on the coming
 * day, two waiting (one with email, one phone only) and one suspended; in B one waiting and one
 * approved with a certification; and a consumer.
 */
async function coordProducersScene() {
  // Market A is created first: it is the deployment's default market, the one /feria shows.
  const marketA = createMarket({ name: "Mercado A" });
  const marketB = createMarket({ name: "Mercado B" });
  const coordA = createCoordinator({ marketId: marketA.id, name: "Coordinadora Ana" });
  const coordB = createCoordinator({ marketId: marketB.id, name: "Coordinador Beto" });
  const category = createCategory({ marketId: marketA.id, slug: "tuberculos" });
  const next = createMarketDay({
    marketId: marketA.id,
    date: limaDateOf(new Date(Date.now() + 3 * 86_400_000)),
    ordersOpenAt: new Date(Date.now() - 3600_000),
    cutoffAt: new Date(Date.now() + 2 * 86_400_000),
  });

  // A: one selling producer with an offer, two waiting (one with email, one phone only), one
  // suspended. B: one waiting producer and one approved with a certification.
  const selling = createProducer({
    marketId: marketA.id,
    user: createUser({ name: "Juan Mamani" }),
    profile: {
      farmName: "Chacra Ñawpa Qhapaq",
      slug: "chacra-nawpa-qhapaq",
      community: "Amaru",
      district: "Pisac",
      province: "Calca",
    },
    certs: [{ kind: "sgp", certifier: "Consejo SGP Cusco", certifiedOn: "2021-04-10" }],
  });
  const oca = createProduct({
    producerId: selling.producer.id,
    categoryId: category.id,
    name: "Oca rosada",
  });
  const ocaOffer = createOffer({
    marketDayId: next.day.id,
    productId: oca.id,
    producerId: selling.producer.id,
    priceCents: 350,
    quantity: 30,
  });
  const waitingPhone = createProducer({
    marketId: marketA.id,
    status: "pending",
    user: createUser({ name: "Celia Ramos" }),
    profile: { farmName: "Chacra Celia", province: "Espinar", community: "Tarucamarca" },
  });
  const waitingEmail = createProducer({
    marketId: marketA.id,
    status: "pending",
    user: createUser({ name: "Wayta Ccori", email: "wayta@example.pe", locale: "qu" }),
    profile: { farmName: "Sumaq Tika", province: "Anta" },
  });
  const suspended = createProducer({
    marketId: marketA.id,
    status: "suspended",
    profile: { farmName: "Chacra Dormida", province: "Paruro" },
  });
  const otherPending = createProducer({
    marketId: marketB.id,
    status: "pending",
    profile: { farmName: "Chacra del Otro Mercado", province: "Cusco" },
  });
  const otherApproved = createProducer({
    marketId: marketB.id,
    profile: { farmName: "Chacra Ajena", province: "Urubamba" },
    certs: [{ kind: "organic", certifier: "Control Union", certifiedOn: "2020-01-15" }],
  });
  const consumer = createUser({ name: "Rosa Quispe" });
  return {
    marketA,
    marketB,
    next,
    selling,
    ocaOffer,
    waitingPhone,
    waitingEmail,
    suspended,
    otherPending,
    otherApproved,
    consumer,
    coordA: await loggedInCookie(coordA.id),
    coordB: await loggedInCookie(coordB.id),
    consumerCookie: await loggedInCookie(consumer.id),
  };
}

/** For the test file that calls it: the scene, built before its tests. */
export function setUpCoordProducers() {
  beforeAll(async () => {
    s = await coordProducersScene();
  });
}

// --- helpers ---------------------------------------------------------------------------------

export const pagePath = (producerId: number) => `/coordinacion/productores/${producerId}`;

export const post = (producerId: number, fields: Record<string, string>, cookie = s.coordA) =>
  run(producerPage.action, formRequest(pagePath(producerId), fields, { cookie }), {
    params: { id: String(producerId) },
  });

export const showPage = async (producerId: number, cookie = s.coordA, query = "") =>
  run(producerPage.loader, getRequest(`${pagePath(producerId)}${query}`, { cookie }), {
    params: { id: String(producerId) },
  });

export const showList = async (query = "", cookie = s.coordA) =>
  run(list.loader, getRequest(`/coordinacion/productores${query}`, { cookie }));

export const statusOf = (producerId: number) =>
  db()
    .select({ status: memberships.status })
    .from(producers)
    .innerJoin(memberships, eq(memberships.id, producers.membershipId))
    .where(eq(producers.id, producerId))
    .get()!.status;

export const auditRows = (producerId: number) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "producer"), eq(auditLog.entityId, String(producerId))))
    .all();

export const outboxRows = (userId: number) =>
  db().select().from(notificationOutbox).where(eq(notificationOutbox.userId, userId)).all();

export const certsOf = (producerId: number) =>
  db().select().from(certifications).where(eq(certifications.producerId, producerId)).all();

export const profileOf = (producerId: number) =>
  db().select().from(producers).where(eq(producers.id, producerId)).get()!;

export const key = () => crypto.randomUUID();

/** Everything a coordinator's action could write, to prove that nothing was. */
export const snapshot = () => ({
  memberships: db().select().from(memberships).all(),
  producers: db().select().from(producers).all(),
  certifications: db().select().from(certifications).all(),
  audit: db().select().from(auditLog).all().length,
  outbox: db().select().from(notificationOutbox).all().length,
});

export const reserveOca = (quantity = 1) =>
  reserveOrder({
    consumerId: s.consumer.id,
    marketDayId: s.next.day.id,
    slotId: s.next.slots[0].id,
    lines: [{ offerId: s.ocaOffer.id, quantity }],
    idempotencyKey: key(),
  });

export const catalogueProducts = async () => {
  const data = await (await run(catalogue.loader, getRequest("/feria"))).json();
  return data.catalogue.offers.map((o: { productName: string }) => o.productName);
};

/** A row of the producer list, as its loader sends it. */
export type ListRow = {
  id: number;
  farmName: string;
  name: string;
  phone: string | null;
  community: string;
  province: string;
  status: string;
  certifications: string[];
};
