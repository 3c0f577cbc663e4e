/**
 * The coordinator's producer pages through their loaders and actions: approve, suspend and
 * reinstate (each once, however often it is asked), what suspension does to reservations and
 * the catalogue, profile and certification edits with bad input refused, the messages queued
 * for the producer, and two markets that never see or touch each other's producers.
 */
import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { resetEnv } from "../../app/infra/env.server";
import { addDays, limaDateOf } from "../../app/lib/time";
import { reserveBasket } from "../../app/features/ordering/reserve.server";
import * as producerPage from "../../app/routes/coordinacion.productores.$id";
import * as list from "../../app/routes/coordinacion.productores._index";
import * as basket from "../../app/routes/canasta";
import * as catalogue from "../../app/routes/feria._index";
import * as publicProfile from "../../app/routes/productores.$slug";
import * as producerArea from "../../app/routes/productor";
import * as producerOffers from "../../app/routes/productor.ofertas";
import {
  auditLog,
  certifications,
  memberships,
  notificationOutbox,
  offers,
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
import { countQueries, formRequest, getRequest, loggedInCookie, run } from "../helpers";

// Email and SMS configured (never contacted: these tests only look at what is queued), so the
// outbox rows show the channels people chose rather than the development log.
process.env.SMTP_URL = "smtp://localhost:2525";
process.env.TWILIO_ACCOUNT_SID = "AC0123456789";
process.env.TWILIO_AUTH_TOKEN = "twilio-token";
process.env.TWILIO_FROM = "+15005550006";
resetEnv();

let s: Awaited<ReturnType<typeof setup>>;

async function setup() {
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

beforeAll(async () => {
  s = await setup();
});

// --- helpers ---------------------------------------------------------------------------------

const pagePath = (producerId: number) => `/coordinacion/productores/${producerId}`;

const post = (producerId: number, fields: Record<string, string>, cookie = s.coordA) =>
  run(producerPage.action, formRequest(pagePath(producerId), fields, { cookie }), {
    params: { id: String(producerId) },
  });

const showPage = async (producerId: number, cookie = s.coordA, query = "") =>
  run(producerPage.loader, getRequest(`${pagePath(producerId)}${query}`, { cookie }), {
    params: { id: String(producerId) },
  });

const showList = async (query = "", cookie = s.coordA) =>
  run(list.loader, getRequest(`/coordinacion/productores${query}`, { cookie }));

const statusOf = (producerId: number) =>
  db()
    .select({ status: memberships.status })
    .from(producers)
    .innerJoin(memberships, eq(memberships.id, producers.membershipId))
    .where(eq(producers.id, producerId))
    .get()!.status;

const auditRows = (producerId: number) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "producer"), eq(auditLog.entityId, String(producerId))))
    .all();

const outboxRows = (userId: number) =>
  db().select().from(notificationOutbox).where(eq(notificationOutbox.userId, userId)).all();

const certsOf = (producerId: number) =>
  db().select().from(certifications).where(eq(certifications.producerId, producerId)).all();

const profileOf = (producerId: number) =>
  db().select().from(producers).where(eq(producers.id, producerId)).get()!;

const key = () => crypto.randomUUID();

/** Everything a coordinator's action could write, to prove that nothing was. */
const snapshot = () => ({
  memberships: db().select().from(memberships).all(),
  producers: db().select().from(producers).all(),
  certifications: db().select().from(certifications).all(),
  audit: db().select().from(auditLog).all().length,
  outbox: db().select().from(notificationOutbox).all().length,
});

const reserveOca = (quantity = 1) =>
  reserveBasket({
    consumerId: s.consumer.id,
    marketDayId: s.next.day.id,
    slotId: s.next.slots[0].id,
    lines: [{ offerId: s.ocaOffer.id, quantity }],
    idempotencyKey: key(),
  });

const catalogueProducts = async () => {
  const data = await (await run(catalogue.loader, getRequest("/feria"))).json();
  return data.catalogue.offers.map((o: { productName: string }) => o.productName);
};

// --- who gets in -----------------------------------------------------------------------------

describe("who reaches the producer pages", () => {
  it("refuses consumers and producers with 403 and writes nothing; sends strangers to log in", async () => {
    const producerCookie = await loggedInCookie(s.selling.user.id);
    for (const cookie of [s.consumerCookie, producerCookie]) {
      expect((await showList("", cookie)).status).toBe(403);
      expect((await showPage(s.waitingPhone.producer.id, cookie)).status).toBe(403);
      const before = snapshot();
      const refused = await post(
        s.waitingPhone.producer.id,
        { intent: "approve", requestKey: key() },
        cookie,
      );
      expect(refused.status).toBe(403);
      expect(snapshot()).toEqual(before);
    }
    const anonymous = await run(list.loader, getRequest("/coordinacion/productores"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/ingresar/);
  });

  it("answers 404 to an id that is not a number", async () => {
    const res = await run(
      producerPage.loader,
      getRequest("/coordinacion/productores/abc", { cookie: s.coordA }),
      { params: { id: "abc" } },
    );
    expect(res.status).toBe(404);
  });
});

// --- the list --------------------------------------------------------------------------------

type ListRow = {
  id: number;
  farmName: string;
  name: string;
  phone: string | null;
  community: string;
  province: string;
  status: string;
  certifications: string[];
};

describe("the list", () => {
  it("shows the market's producers, those waiting for approval first, with what a coordinator needs", async () => {
    const data = await (await showList()).json();
    const rows = data.producers as ListRow[];
    expect(rows.map((p) => p.status)).toEqual(["pending", "pending", "approved", "suspended"]);
    // Oldest request first among the waiting.
    expect(rows.slice(0, 2).map((p) => p.farmName)).toEqual(["Chacra Celia", "Sumaq Tika"]);
    expect(rows.find((p) => p.id === s.selling.producer.id)).toMatchObject({
      farmName: "Chacra Ñawpa Qhapaq",
      name: "Juan Mamani",
      community: "Amaru",
      province: "Calca",
      certifications: ["sgp"],
    });
    expect(rows[0].phone).toMatch(/^\+51 9\d\d \d{3} \d{3}$/);
    expect(data.counts).toEqual({ pending: 2, approved: 1, suspended: 1 });
    // Market B's producers are not there.
    expect(rows.map((p) => p.farmName)).not.toContain("Chacra del Otro Mercado");
    expect(rows.map((p) => p.farmName)).not.toContain("Chacra Ajena");
  });

  it("filters by status and searches names and farms ignoring case and accents", async () => {
    const farms = async (query: string) =>
      ((await (await showList(query)).json()).producers as ListRow[]).map((p) => p.farmName);
    expect(await farms("?estado=pending")).toEqual(["Chacra Celia", "Sumaq Tika"]);
    expect(await farms("?estado=suspended")).toEqual(["Chacra Dormida"]);
    expect(await farms("?q=NAWPA")).toEqual(["Chacra Ñawpa Qhapaq"]);
    expect(await farms("?q=ñawpa")).toEqual(["Chacra Ñawpa Qhapaq"]);
    expect(await farms("?q=celia ramos")).toEqual(["Chacra Celia"]); // the person's name
    expect(await farms("?q=%25")).toEqual([]); // a literal %, not a wildcard
    expect(await farms("?q=otro mercado")).toEqual([]); // never another market's
    expect(await farms("?estado=nonsense")).toHaveLength(4); // unknown filters are ignored
    expect((await (await showList("?q=chacra")).json()).counts).toEqual({
      pending: 1,
      approved: 1,
      suspended: 1,
    });
  });

  it("costs the same number of queries with 4 producers or 40", async () => {
    const before = await countQueries(() => showList());
    const market = createMarket();
    const coordinator = await loggedInCookie(createCoordinator({ marketId: market.id }).id);
    for (let i = 0; i < 40; i++)
      createProducer({
        marketId: market.id,
        status: i % 2 ? "pending" : "approved",
        certs: [{ kind: "organic", certifier: "Control Union", certifiedOn: "2022-02-02" }],
      });
    const after = await countQueries(() => showList("", coordinator));
    expect(after).toBe(before);
  });
});

// --- approve, suspend, reinstate -------------------------------------------------------------

describe("approving a producer", () => {
  it("approves once: audit row, one message by SMS, and the producer can sell", async () => {
    const { producer, user } = s.waitingPhone;
    const producerCookie = await loggedInCookie(user.id);
    // Before: /productor/ofertas sends a pending producer to the explanation.
    const before = await run(
      producerOffers.loader,
      getRequest("/productor/ofertas", { cookie: producerCookie }),
    );
    expect(before.headers.get("Location")).toBe("/productor");

    const requestKey = key();
    const res = await post(producer.id, { intent: "approve", requestKey });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(
      `${pagePath(producer.id)}?aviso=approved&de=${producer.id}`,
    );
    expect(statusOf(producer.id)).toBe("approved");
    const audit = auditRows(producer.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "producer.approve", marketId: s.marketA.id });
    expect(JSON.parse(audit[0].data)).toEqual({ from: "pending", to: "approved" });
    const outbox = outboxRows(user.id);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      channel: "sms",
      template: "producer_approved",
      status: "pending",
    });
    expect(outbox[0].dedupeKey).toContain(`audit-${audit[0].id}`);
    expect(JSON.parse(outbox[0].payload)).toEqual({ farmName: "Chacra Celia", locale: "es" });

    // The same tap again, and the page shown before the approval submitted once more.
    const repeats: Record<string, string>[] = [
      { intent: "approve", requestKey },
      { intent: "approve" },
    ];
    for (const fields of repeats) {
      const again = await post(producer.id, fields);
      expect(again.headers.get("Location")).toBe(
        `${pagePath(producer.id)}?aviso=unchanged&de=${producer.id}`,
      );
    }
    expect(auditRows(producer.id)).toHaveLength(1);
    expect(outboxRows(user.id)).toHaveLength(1);

    // The producer is in.
    const after = await run(
      producerOffers.loader,
      getRequest("/productor/ofertas", { cookie: producerCookie }),
    );
    expect(after.status).toBe(200);
    const area = await (
      await run(producerArea.loader, getRequest("/productor", { cookie: producerCookie }))
    ).json();
    expect(area.status).toBe("approved");
  });

  it("writes to a producer with an email by email, in their language, and goes back to the list it came from", async () => {
    const { producer, user } = s.waitingEmail;
    const res = await post(producer.id, {
      intent: "approve",
      requestKey: key(),
      redirectTo: "/coordinacion/productores?estado=pending",
    });
    expect(res.headers.get("Location")).toBe(
      `/coordinacion/productores?estado=pending&aviso=approved&de=${producer.id}`,
    );
    const [message] = outboxRows(user.id);
    expect(message).toMatchObject({ channel: "email", template: "producer_approved" });
    expect(JSON.parse(message.payload)).toEqual({ farmName: "Sumaq Tika", locale: "qu" });
    // The list then names who was approved.
    const data = await (await showList(`?estado=pending&aviso=approved&de=${producer.id}`)).json();
    expect(data.notice).toEqual({ key: "approved", farmName: "Sumaq Tika", status: "approved" });
  });

  it("never sends the coordinator off the producer pages", async () => {
    const { producer } = createProducer({ marketId: s.marketA.id, status: "pending" });
    for (const redirectTo of ["https://evil.example/", "//evil.example", "/feria", "/\t/evil"]) {
      const res = await post(producer.id, { intent: "approve", redirectTo });
      expect(res.headers.get("Location")).toMatch(new RegExp(`^${pagePath(producer.id)}\\?`));
    }
  });
});

describe("suspending and reinstating", () => {
  it("a suspended producer's offers take no reservations and leave the catalogue; reinstated, they are back", async () => {
    const { producer, user } = s.selling;
    expect(await catalogueProducts()).toContain("Oca rosada");
    expect(reserveOca(1)).toMatchObject({ ok: true });

    const res = await post(producer.id, {
      intent: "suspend",
      reason: "No trajo lo reservado dos semanas",
      requestKey: key(),
    });
    expect(res.headers.get("Location")).toBe(
      `${pagePath(producer.id)}?aviso=suspended&de=${producer.id}`,
    );
    expect(statusOf(producer.id)).toBe("suspended");

    // Reservation refuses the offer; nothing was reserved.
    const reservedBefore = s.ocaOffer.reserved + 1;
    expect(reserveOca(1)).toMatchObject({
      ok: false,
      error: "short",
      shortages: [{ offerId: s.ocaOffer.id, reason: "unavailable", available: 0 }],
    });
    const offerRow = db().select().from(offers).where(eq(offers.id, s.ocaOffer.id)).get()!;
    expect(offerRow.reserved).toBe(reservedBefore);
    // Nor can it go into a basket.
    const added = await run(
      basket.action,
      formRequest("/canasta", {
        intent: "add",
        offerId: String(s.ocaOffer.id),
        quantity: "1",
        respond: "json",
      }),
    );
    expect(added.status).toBe(409);
    // Hidden from the catalogue and the public profile; the producer is told why.
    expect(await catalogueProducts()).not.toContain("Oca rosada");
    expect(
      (
        await run(publicProfile.loader, getRequest("/productores/chacra-nawpa-qhapaq"), {
          params: { slug: "chacra-nawpa-qhapaq" },
        })
      ).status,
    ).toBe(404);
    const producerCookie = await loggedInCookie(user.id);
    const area = await (
      await run(producerArea.loader, getRequest("/productor", { cookie: producerCookie }))
    ).json();
    expect(area.status).toBe("suspended");

    // The coordinator's page keeps the reason.
    const page = await (await showPage(producer.id)).json();
    expect(page.producer).toMatchObject({
      status: "suspended",
      suspensionReason: "No trajo lo reservado dos semanas",
      activeOrders: 1,
    });

    // Reinstated: back in the catalogue and taking reservations.
    const back = await post(producer.id, { intent: "reinstate", requestKey: key() });
    expect(back.headers.get("Location")).toBe(
      `${pagePath(producer.id)}?aviso=reinstated&de=${producer.id}`,
    );
    expect(statusOf(producer.id)).toBe("approved");
    expect(await catalogueProducts()).toContain("Oca rosada");
    expect(reserveOca(2)).toMatchObject({ ok: true });
  });

  it("queues one message per transition, a new one for each later change, none for retries", async () => {
    const { producer, user } = createProducer({
      marketId: s.marketA.id,
      status: "pending",
      profile: { farmName: "Chacra Vaivén" },
    });
    const templates = () =>
      outboxRows(user.id)
        .sort((a, b) => a.id - b.id)
        .map((m) => [m.template, JSON.parse(m.payload).reinstated ?? false]);
    const approveKey = key();
    const suspendKey = key();
    await post(producer.id, { intent: "approve", requestKey: approveKey });
    await post(producer.id, { intent: "suspend", requestKey: suspendKey, reason: "Prueba" });
    await post(producer.id, { intent: "suspend", requestKey: suspendKey, reason: "Prueba" });
    await post(producer.id, { intent: "reinstate", requestKey: key() });
    // A suspend form retried after the reinstatement: its key was used, so nothing happens.
    const retried = await post(producer.id, { intent: "suspend", requestKey: suspendKey });
    expect(retried.headers.get("Location")).toContain("aviso=unchanged");
    expect(statusOf(producer.id)).toBe("approved");
    // A fresh suspension later is a new change, with its own message.
    await post(producer.id, { intent: "suspend", requestKey: key() });
    await post(producer.id, { intent: "reinstate", requestKey: key() });

    expect(templates()).toEqual([
      ["producer_approved", false],
      ["producer_suspended", false],
      ["producer_approved", true],
      ["producer_suspended", false],
      ["producer_approved", true],
    ]);
    const keys = outboxRows(user.id).map((m) => m.dedupeKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(
      JSON.parse(outboxRows(user.id).find((m) => m.template === "producer_suspended")!.payload),
    ).toMatchObject({ farmName: "Chacra Vaivén", reason: "Prueba" });
    expect(auditRows(producer.id).map((a) => a.action)).toEqual([
      "producer.approve",
      "producer.suspend",
      "producer.reinstate",
      "producer.suspend",
      "producer.reinstate",
    ]);
  });

  it("does only the transition the status allows", async () => {
    const { producer } = createProducer({ marketId: s.marketA.id, status: "pending" });
    const before = snapshot();
    for (const intent of ["suspend", "reinstate"]) {
      const res = await post(producer.id, { intent, requestKey: key() });
      expect(res.headers.get("Location")).toContain("aviso=unchanged");
    }
    expect(statusOf(producer.id)).toBe("pending");
    expect(snapshot()).toEqual(before);
  });

  it("refuses a reason that is too long or an unknown intent with 400, writing nothing", async () => {
    const { producer } = createProducer({ marketId: s.marketA.id });
    const before = snapshot();
    const res = await post(producer.id, {
      intent: "suspend",
      reason: "x".repeat(301),
      requestKey: key(),
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.formId).toBe("status");
    expect(body.error.reason).toEqual(["coordProducers.errors.reasonTooLong"]);
    expect(body.initialValue.reason).toBe("x".repeat(301));
    expect((await post(producer.id, { intent: "delete" })).status).toBe(400);
    expect(snapshot()).toEqual(before);
    expect(statusOf(producer.id)).toBe("approved");
  });
});

// --- profile ---------------------------------------------------------------------------------

describe("editing a profile", () => {
  it("saves farm, community, district, province and story, keeps the slug and audits the change", async () => {
    const { producer } = createProducer({
      marketId: s.marketA.id,
      profile: { farmName: "Chacra Vieja", slug: "chacra-vieja", province: "Cusco" },
    });
    const res = await post(producer.id, {
      intent: "profile",
      farmName: "  Chacra Nueva Esperanza ",
      community: "Chincheros",
      district: "Chinchero",
      province: "Urubamba",
      story: "Papas nativas y maíz.",
    });
    expect(res.headers.get("Location")).toBe(
      `${pagePath(producer.id)}?aviso=profileSaved&de=${producer.id}`,
    );
    expect(profileOf(producer.id)).toMatchObject({
      farmName: "Chacra Nueva Esperanza",
      community: "Chincheros",
      district: "Chinchero",
      province: "Urubamba",
      story: "Papas nativas y maíz.",
      slug: "chacra-vieja",
    });
    const [audit] = auditRows(producer.id);
    expect(audit.action).toBe("producer.profile");
    expect(JSON.parse(audit.data).changes.farmName).toEqual([
      "Chacra Vieja",
      "Chacra Nueva Esperanza",
    ]);
    // The public page at the same address shows the new profile.
    const page = await (
      await run(publicProfile.loader, getRequest("/productores/chacra-vieja"), {
        params: { slug: "chacra-vieja" },
      })
    ).json();
    expect(page.producer).toMatchObject({
      farmName: "Chacra Nueva Esperanza",
      district: "Chinchero",
    });
  });

  it("refuses bad input with 400, keeps what was typed and writes nothing", async () => {
    const { producer } = createProducer({
      marketId: s.marketA.id,
      profile: { farmName: "Chacra Intacta" },
    });
    const before = snapshot();
    const typed = {
      intent: "profile",
      farmName: "X",
      community: "c".repeat(81),
      district: "Ollantaytambo",
      province: "Lima",
      story: "s".repeat(1001),
    };
    const res = await post(producer.id, typed);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.formId).toBe("profile");
    expect(body.error).toMatchObject({
      farmName: ["coordProducers.errors.farmNameTooShort"],
      community: ["errors.textTooLong"],
      province: ["errors.provinceInvalid"],
      story: ["coordProducers.errors.storyTooLong"],
    });
    expect(body.initialValue).toMatchObject(typed);
    expect(snapshot()).toEqual(before);
    expect(profileOf(producer.id).farmName).toBe("Chacra Intacta");
  });
});

// --- certifications --------------------------------------------------------------------------

describe("certifications", () => {
  it("adds one, shows it on the public page, refuses it twice, and removes it once", async () => {
    const { producer } = createProducer({
      marketId: s.marketA.id,
      profile: { farmName: "Chacra Certificada", slug: "chacra-certificada" },
    });
    const fields = {
      intent: "addCertification",
      kind: "organic",
      certifier: "Control Union Perú",
      certifiedOn: "2023-06-01",
    };
    const res = await post(producer.id, fields);
    expect(res.headers.get("Location")).toContain("aviso=certificationAdded");
    const [cert] = certsOf(producer.id);
    expect(cert).toMatchObject({
      kind: "organic",
      certifier: "Control Union Perú",
      certifiedOn: "2023-06-01",
    });
    const publicPage = await (
      await run(publicProfile.loader, getRequest("/productores/chacra-certificada"), {
        params: { slug: "chacra-certificada" },
      })
    ).json();
    expect(publicPage.producer.certifications).toEqual([
      { kind: "organic", certifier: "Control Union Perú", certifiedOn: "2023-06-01" },
    ]);

    // Sent twice (double tap): refused as already listed, still one.
    const twice = await post(producer.id, { ...fields, certifier: "control union peru" });
    expect(twice.status).toBe(409);
    expect((await twice.json()).error[""]).toEqual([
      "coordProducers.errors.duplicateCertification",
    ]);
    expect(certsOf(producer.id)).toHaveLength(1);

    const removal = { intent: "removeCertification", certificationId: String(cert.id) };
    expect((await post(producer.id, removal)).headers.get("Location")).toContain(
      "aviso=certificationRemoved",
    );
    expect(certsOf(producer.id)).toHaveLength(0);
    expect((await post(producer.id, removal)).headers.get("Location")).toContain(
      "aviso=certificationAlreadyRemoved",
    );
    expect(auditRows(producer.id).map((a) => a.action)).toEqual([
      "producer.certification.add",
      "producer.certification.remove",
    ]);
  });

  it("refuses a date in the future, an impossible date, an unknown kind or no certifier, with 400 and nothing written", async () => {
    const { producer } = createProducer({ marketId: s.marketA.id });
    const tomorrow = addDays(limaDateOf(new Date()), 1);
    const cases: [Record<string, string>, string, string][] = [
      [{ certifiedOn: tomorrow }, "certifiedOn", "coordProducers.errors.dateInFuture"],
      [{ certifiedOn: "2023-02-30" }, "certifiedOn", "coordProducers.errors.dateInvalid"],
      [{ certifiedOn: "1899-12-31" }, "certifiedOn", "coordProducers.errors.dateTooOld"],
      [{ certifiedOn: "" }, "certifiedOn", "errors.required"],
      [{ kind: "biodinamico" }, "kind", "errors.chooseOption"],
      [{ certifier: " " }, "certifier", "coordProducers.errors.certifierTooShort"],
    ];
    const before = snapshot();
    for (const [change, field, message] of cases) {
      const typed = {
        intent: "addCertification",
        kind: "sgp",
        certifier: "Consejo Regional SGP",
        certifiedOn: "2022-03-03",
        ...change,
      };
      const res = await post(producer.id, typed);
      expect(res.status, JSON.stringify(change)).toBe(400);
      const body = await res.json();
      expect(body.formId).toBe("certification");
      expect(body.error[field]).toEqual([message]);
      expect(body.initialValue).toEqual(typed);
    }
    expect(snapshot()).toEqual(before);
    // Today itself is fine.
    const today = await post(producer.id, {
      intent: "addCertification",
      kind: "sgp",
      certifier: "Consejo Regional SGP",
      certifiedOn: limaDateOf(new Date()),
    });
    expect(today.status).toBe(302);
  });
});

// --- two markets -----------------------------------------------------------------------------

describe("two markets", () => {
  it("a coordinator of market B gets 404 for market A's producers and changes nothing", async () => {
    const target = s.suspended.producer;
    const [anACert] = certsOf(s.selling.producer.id);
    expect((await showPage(target.id, s.coordB)).status).toBe(404);
    const before = snapshot();
    const attempts: Record<string, string>[] = [
      { intent: "reinstate", requestKey: key() },
      { intent: "approve", requestKey: key() },
      { intent: "suspend", requestKey: key() },
      { intent: "profile", farmName: "Robada", province: "Cusco" },
      { intent: "addCertification", kind: "sgp", certifier: "Nadie", certifiedOn: "2022-01-01" },
      { intent: "removeCertification", certificationId: String(anACert.id) },
      { intent: "profile", farmName: "" }, // even bad input gets the 404 first
    ];
    for (const fields of attempts) {
      expect((await post(target.id, fields, s.coordB)).status, fields.intent).toBe(404);
      expect((await post(s.selling.producer.id, fields, s.coordB)).status, fields.intent).toBe(404);
    }
    // Removing A's certification through B's own producer finds nothing to remove.
    const own = await post(
      s.otherApproved.producer.id,
      { intent: "removeCertification", certificationId: String(anACert.id) },
      s.coordB,
    );
    expect(own.headers.get("Location")).toContain("aviso=certificationAlreadyRemoved");
    expect(snapshot()).toEqual(before);
    expect(statusOf(target.id)).toBe("suspended");
  });

  it("each coordinator lists and approves only their own market's producers", async () => {
    const listB = (await (await showList("", s.coordB)).json()).producers as ListRow[];
    expect(listB.map((p) => p.farmName).sort()).toEqual([
      "Chacra Ajena",
      "Chacra del Otro Mercado",
    ]);
    const res = await post(
      s.otherPending.producer.id,
      { intent: "approve", requestKey: key() },
      s.coordB,
    );
    expect(res.status).toBe(302);
    expect(statusOf(s.otherPending.producer.id)).toBe("approved");
    expect(auditRows(s.otherPending.producer.id)[0].marketId).toBe(s.marketB.id);
    // A notice about another market's producer names nobody.
    const data = await (
      await showList(`?aviso=approved&de=${s.otherPending.producer.id}`, s.coordA)
    ).json();
    expect(data.notice).toBeNull();
  });
});
