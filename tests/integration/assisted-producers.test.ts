/**
 * Assisted producers through the pages' loaders and actions: a coordinator signs a producer up
 * (approved at once, no password anyone knows, phone optional and never someone else's), keeps
 * their offers with the producer's own rules (cutoff, never below what is reserved, pause and
 * resume) and adds their products; every change is audited with the coordinator as actor and
 * shown to the producer; another market's ids are 404 with nothing written; producers and
 * consumers cannot reach these pages.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { formatMoney } from "../../app/lib/format";
import { verifyPassword } from "../../app/lib/password.server";
import { createOffer as offerFor } from "../../app/models/producer-offers.server";
import * as producerPage from "../../app/routes/coordinacion.productores.$id";
import * as offersPage from "../../app/routes/coordinacion.productores.$id_.ofertas";
import * as signupPage from "../../app/routes/coordinacion.productores.nuevo";
import * as ownOffers from "../../app/routes/productor.ofertas";
import {
  auditLog,
  marketDays,
  memberships,
  offers,
  producers,
  products,
  users,
} from "../../db/schema";
import { limaDateOf } from "../../app/lib/time";
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

let s: Awaited<ReturnType<typeof setup>>;

async function setup() {
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

beforeAll(async () => {
  s = await setup();
});

// --- helpers ---------------------------------------------------------------------------------

let keys = 0;
const requestKey = () => `test-request-key-${Date.now()}-${++keys}`;

const signUp = (fields: Record<string, string>, cookie = s.coordA) =>
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
  { cookie = s.coordA, date = s.next.day.date }: { cookie?: string; date?: string } = {},
) =>
  run(offersPage.action, formRequest(offersPath(producerId, date), fields, { cookie }), {
    params: { id: String(producerId) },
  });

const showOffers = (producerId: number, cookie = s.coordA, date?: string) =>
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

// --- sign-up ---------------------------------------------------------------------------------

describe("a coordinator signs a producer up", () => {
  it("without a phone: approved at once, assisted, no password anyone knows, audited", async () => {
    const response = await signUp({
      name: "Francisca Huillca",
      farmName: "Chacra Huillca",
      community: "Challabamba",
      province: "Paucartambo",
      locale: "qu",
    });
    expect(response.status).toBe(302);
    const producer = db()
      .select()
      .from(producers)
      .where(eq(producers.farmName, "Chacra Huillca"))
      .get()!;
    expect(response.headers.get("Location")).toBe(
      `/coordinacion/productores/${producer.id}/ofertas`,
    );
    expect(producer).toMatchObject({
      marketId: s.marketA.id,
      community: "Challabamba",
      province: "Paucartambo",
      slug: "chacra-huillca",
    });
    const user = db().select().from(users).where(eq(users.id, producer.userId)).get()!;
    expect(user).toMatchObject({
      name: "Francisca Huillca",
      phone: null,
      email: null,
      assisted: true,
      locale: "qu",
    });
    const membership = db()
      .select()
      .from(memberships)
      .where(eq(memberships.id, producer.membershipId))
      .get()!;
    expect(membership).toMatchObject({
      marketId: s.marketA.id,
      role: "producer",
      status: "approved",
    });
    // A real argon2id hash of a secret nobody was told: nothing a person might guess opens it.
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    for (const guess of ["", "feria2026", "Francisca Huillca", "Chacra Huillca", "qhatu"]) {
      expect(await verifyPassword(user.passwordHash, guess)).toBe(false);
    }
    const audit = db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "producer"), eq(auditLog.entityId, String(producer.id))))
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      marketId: s.marketA.id,
      actorUserId: s.coordAUser.id,
      action: "producer.assistedSignup",
    });
    // The coordinator's page of the producer shows it in the history, and can act for them.
    const page = await run(
      producerPage.loader,
      getRequest(`/coordinacion/productores/${producer.id}`, { cookie: s.coordA }),
      { params: { id: String(producer.id) } },
    );
    const data = await page.json();
    expect(data.producer).toMatchObject({ status: "approved", userId: user.id });
    expect(data.history[0]).toMatchObject({
      labelKey: "coordAssisted.history.assistedSignup",
      actor: "Coordinadora Ana",
    });
  });

  it("each sign-up gets its own random secret", async () => {
    await signUp({ name: "Uno Quispe", farmName: "Chacra Uno", province: "Anta" });
    await signUp({ name: "Dos Quispe", farmName: "Chacra Dos", province: "Anta" });
    const hashes = ["Uno Quispe", "Dos Quispe"].map(
      (name) => db().select().from(users).where(eq(users.name, name)).get()!.passwordHash,
    );
    expect(hashes[0]).not.toBe(hashes[1]);
  });

  it("stores a phone given in any usual way, and refuses one already used with a field error", async () => {
    const response = await signUp({
      name: "Teófilo Ccori",
      farmName: "Chacra Ccori",
      province: "Calca",
      phone: "987 654 300",
    });
    expect(response.status).toBe(302);
    expect(db().select().from(users).where(eq(users.name, "Teófilo Ccori")).get()!.phone).toBe(
      "+51987654300",
    );

    const before = snapshot();
    const taken = await signUp({
      name: "Otra Persona",
      farmName: "Chacra Otra",
      province: "Calca",
      phone: s.buyer.phone!.replace("+51", ""),
    });
    expect(taken.status).toBe(409);
    const body = await taken.json();
    expect(body.error).toEqual({ phone: ["coordAssisted.errors.phoneTaken"] });
    expect(body.initialValue).toMatchObject({ name: "Otra Persona", farmName: "Chacra Otra" });
    expect(snapshot()).toEqual(before);
  });

  it.each([
    [{ name: "J" }, { name: ["errors.nameTooShort"] }],
    [{ farmName: "" }, { farmName: ["errors.required"] }],
    [{ province: "Lima" }, { province: ["errors.provinceInvalid"] }],
    [{ phone: "12345" }, { phone: ["coordAssisted.errors.phoneInvalid"] }],
    [{ locale: "fr" }, { locale: ["errors.chooseOption"] }],
  ])(
    "refuses %o with 400, the field's error and what was typed, writing nothing",
    async (bad, errors) => {
      const before = snapshot();
      const fields = { name: "Nombre Bueno", farmName: "Chacra Buena", province: "Cusco", ...bad };
      const response = await signUp(fields);
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.error).toMatchObject(errors);
      expect(body.initialValue).toMatchObject(bad);
      expect(snapshot()).toEqual(before);
    },
  );

  it("signs the person up once when the same form arrives twice", async () => {
    const fields = {
      name: "Doble Toque",
      farmName: "Chacra Doble",
      province: "Urubamba",
      requestKey: requestKey(),
      locale: "es",
    };
    const send = () =>
      run(
        signupPage.action,
        formRequest("/coordinacion/productores/nuevo", fields, { cookie: s.coordA }),
      );
    const [first, second] = [await send(), await send()];
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(db().select().from(users).where(eq(users.name, "Doble Toque")).all()).toHaveLength(1);
    // The same key from another market's coordinator is not theirs: refused, nothing written.
    const before = snapshot();
    const foreign = await run(
      signupPage.action,
      formRequest("/coordinacion/productores/nuevo", fields, { cookie: s.coordB }),
    );
    expect(foreign.status).toBe(400);
    expect(snapshot()).toEqual(before);
  });
});

// --- offers kept for the producer ------------------------------------------------------------

describe("offers kept by a coordinator follow the producer's rules and are audited", () => {
  it("adds a product and offers it, each audited with the coordinator as actor", async () => {
    const added = await postOffers(s.juan.producer.id, {
      intent: "addProduct",
      name: "Papa huayro",
      categoryId: String(s.category.id),
      unit: "arroba",
    });
    expect(added.status).toBe(302);
    expect(added.headers.get("Location")).toBe(offersPath(s.juan.producer.id, s.next.day.date));
    const papa = db().select().from(products).where(eq(products.name, "Papa huayro")).get()!;
    expect(papa).toMatchObject({ producerId: s.juan.producer.id, unit: "arroba", photoKey: null });
    expect(lastAudit()).toMatchObject({
      actorUserId: s.coordAUser.id,
      action: "product.create",
      entityType: "product",
      entityId: String(papa.id),
    });

    const offered = await postOffers(s.juan.producer.id, {
      intent: "create",
      formId: "new-offer",
      productId: String(papa.id),
      price: "45",
      quantity: "4",
      perCustomerLimit: "1",
    });
    expect(offered.status).toBe(302);
    const offer = db().select().from(offers).where(eq(offers.productId, papa.id)).get()!;
    expect(offer).toMatchObject({
      marketDayId: s.next.day.id,
      producerId: s.juan.producer.id,
      priceCents: 4500,
      quantity: 4,
      perCustomerLimit: 1,
      status: "active",
    });
    const audit = lastAudit();
    expect(audit).toMatchObject({
      marketId: s.marketA.id,
      actorUserId: s.coordAUser.id,
      action: "offer.create",
      entityType: "offer",
      entityId: String(offer.id),
    });
    expect(JSON.parse(audit.data)).toMatchObject({
      productName: "Papa huayro",
      after: { priceCents: 4500, quantity: 4, perCustomerLimit: 1 },
    });
    // Offered once per market day, as on the producer's page.
    const again = await postOffers(s.juan.producer.id, {
      intent: "create",
      productId: String(papa.id),
      price: "45",
      quantity: "4",
    });
    expect(again.status).toBe(409);
    expect((await again.json()).error.productId).toEqual(["errors.alreadyOffered"]);
  });

  it("never lets the quantity go below what is reserved, and audits the change made", async () => {
    const before = snapshot();
    const refused = await postOffers(s.juan.producer.id, {
      intent: "update",
      formId: `offer-${s.ocaOffer.id}`,
      offerId: String(s.ocaOffer.id),
      price: "3.50",
      quantity: "5",
    });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      error: { quantity: ["errors.belowReserved"] },
      reserved: 6,
      initialValue: { quantity: "5", price: "3.50" },
    });
    expect(snapshot()).toEqual(before);

    const saved = await postOffers(s.juan.producer.id, {
      intent: "update",
      offerId: String(s.ocaOffer.id),
      price: "3.50",
      quantity: "6",
    });
    expect(saved.status).toBe(302);
    expect(offerRow(s.ocaOffer.id)).toMatchObject({ priceCents: 350, quantity: 6 });
    const audit = lastAudit();
    expect(audit).toMatchObject({ actorUserId: s.coordAUser.id, action: "offer.update" });
    expect(JSON.parse(audit.data)).toMatchObject({
      before: { priceCents: 300, quantity: 20, perCustomerLimit: null },
      after: { priceCents: 350, quantity: 6, perCustomerLimit: null },
    });
  });

  it("refuses bad input with 400 and the producer's own messages, writing nothing", async () => {
    const before = snapshot();
    const response = await postOffers(s.juan.producer.id, {
      intent: "update",
      formId: `offer-${s.ocaOffer.id}`,
      offerId: String(s.ocaOffer.id),
      price: "0",
      quantity: "2.5",
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toMatchObject({
      price: ["errors.pricePositive"],
      quantity: ["errors.wholeNumber"],
    });
    expect(body.initialValue).toMatchObject({ price: "0", quantity: "2.5" });
    const product = await postOffers(s.juan.producer.id, {
      intent: "addProduct",
      name: "x",
      categoryId: String(s.category.id),
      unit: "costal",
    });
    expect(product.status).toBe(400);
    expect((await product.json()).error).toMatchObject({
      name: ["errors.productNameTooShort"],
      unit: ["errors.chooseOption"],
    });
    expect(snapshot()).toEqual(before);
  });

  it("pauses and resumes, each audited; a repeated pause changes nothing", async () => {
    const pause = { intent: "pause", offerId: String(s.ocaOffer.id) };
    expect((await postOffers(s.juan.producer.id, pause)).status).toBe(302);
    expect(offerRow(s.ocaOffer.id).status).toBe("paused");
    expect(lastAudit()).toMatchObject({ action: "offer.pause", actorUserId: s.coordAUser.id });
    const audits = db().select().from(auditLog).all().length;
    await postOffers(s.juan.producer.id, pause);
    expect(db().select().from(auditLog).all()).toHaveLength(audits);

    expect(
      (await postOffers(s.juan.producer.id, { intent: "resume", offerId: String(s.ocaOffer.id) }))
        .status,
    ).toBe(302);
    expect(offerRow(s.ocaOffer.id).status).toBe("active");
    expect(lastAudit()).toMatchObject({ action: "offer.resume", actorUserId: s.coordAUser.id });
  });

  it("keeps offers read-only after the cutoff, enforced on the server", async () => {
    const original = s.next.day.cutoffAt;
    db()
      .update(marketDays)
      .set({ cutoffAt: new Date(Date.now() - 1000) })
      .where(eq(marketDays.id, s.next.day.id))
      .run();
    try {
      const before = snapshot();
      for (const fields of [
        { intent: "update", offerId: String(s.ocaOffer.id), price: "9", quantity: "9" },
        { intent: "pause", offerId: String(s.ocaOffer.id) },
        { intent: "create", productId: String(s.oca.id), price: "9", quantity: "9" },
      ]) {
        const response = await postOffers(s.juan.producer.id, fields);
        expect(response.status, fields.intent).toBe(409);
        expect((await response.json()).error[""]).toEqual(["errors.offersClosed"]);
      }
      expect(snapshot()).toEqual(before);
      const page = await (await showOffers(s.juan.producer.id)).json();
      expect(page.day.editable).toBe(false);
    } finally {
      db()
        .update(marketDays)
        .set({ cutoffAt: original })
        .where(eq(marketDays.id, s.next.day.id))
        .run();
    }
  });

  it("opens on the next market day with the producer's offers and what can still be offered", async () => {
    const page = await (await showOffers(s.juan.producer.id)).json();
    expect(page.day).toMatchObject({ date: s.next.day.date, editable: true });
    expect(page.offers.map((o: { productName: string }) => o.productName)).toContain("Oca");
    expect(page.categories.map((c: { id: number }) => c.id)).toEqual([s.category.id]);
    // Ana's page shows none of Juan's offers.
    const anas = await (await showOffers(s.ana.producer.id)).json();
    expect(anas.offers).toEqual([]);
  });
});

// --- what the producer sees ------------------------------------------------------------------

describe("the producer sees what the coordinators changed for them", () => {
  it("lists the changes on /productor/ofertas, newest first, with who and what, bounded", async () => {
    const data = await (
      await run(ownOffers.loader, getRequest("/productor/ofertas", { cookie: s.juanCookie }))
    ).json();
    const kinds = data.changes.map((c: { kind: string }) => c.kind);
    expect(kinds.slice(0, 4)).toEqual(["offerResume", "offerPause", "offerUpdate", "offerCreate"]);
    expect(kinds).toContain("productCreate");
    expect(data.changes[0]).toMatchObject({ product: "Oca", actor: "Coordinadora Ana" });
    const update = data.changes.find((c: { kind: string }) => c.kind === "offerUpdate");
    expect(update.details).toEqual([
      { field: "price", from: formatMoney(300), to: formatMoney(350) },
      { field: "quantity", from: "20", to: "6" },
    ]);

    // Many changes: only the latest ten are listed.
    for (let i = 0; i < 6; i++) {
      await postOffers(s.juan.producer.id, { intent: "pause", offerId: String(s.ocaOffer.id) });
      await postOffers(s.juan.producer.id, { intent: "resume", offerId: String(s.ocaOffer.id) });
    }
    const later = await (
      await run(ownOffers.loader, getRequest("/productor/ofertas", { cookie: s.juanCookie }))
    ).json();
    expect(later.changes).toHaveLength(10);
    expect(later.changes[0].kind).toBe("offerResume");

    // Ana sees none of Juan's.
    const anas = await (
      await run(ownOffers.loader, getRequest("/productor/ofertas", { cookie: s.anaCookie }))
    ).json();
    expect(anas.changes).toEqual([]);
  });

  it("does not list the producer's own changes as the coordinators'", async () => {
    const own = await run(
      ownOffers.action,
      formRequest(
        "/productor/ofertas",
        { intent: "update", offerId: String(s.ocaOffer.id), price: "3.60", quantity: "7" },
        { cookie: s.juanCookie },
      ),
    );
    expect(own.status).toBe(302);
    const data = await (
      await run(ownOffers.loader, getRequest("/productor/ofertas", { cookie: s.juanCookie }))
    ).json();
    expect(data.changes[0].kind).toBe("offerResume");
  });
});

// --- scoping and roles -----------------------------------------------------------------------

describe("scoping: only the coordinator's own market, only approved producers", () => {
  it("gives 404 and writes nothing for another market's producer, offer, product, category or day", async () => {
    const before = snapshot();
    const attempts: [number, Record<string, string>, { cookie?: string; date?: string }?][] = [
      // Market B's producer, from market A's coordinator…
      [
        s.other.producer.id,
        { intent: "pause", offerId: String(s.otherOffer.id) },
        { date: s.nextB.day.date },
      ],
      [s.other.producer.id, { intent: "pause", offerId: String(s.otherOffer.id) }],
      // …and market A's producer from market B's coordinator.
      [
        s.juan.producer.id,
        { intent: "pause", offerId: String(s.ocaOffer.id) },
        { cookie: s.coordB },
      ],
      [
        s.juan.producer.id,
        { intent: "addProduct", name: "Robado", categoryId: String(s.category.id), unit: "kg" },
        { cookie: s.coordB },
      ],
      // Another producer's offer or product on Juan's page.
      [s.juan.producer.id, { intent: "pause", offerId: String(s.otherOffer.id) }],
      [
        s.juan.producer.id,
        { intent: "update", offerId: String(s.otherOffer.id), price: "1", quantity: "0" },
      ],
      [
        s.juan.producer.id,
        { intent: "create", productId: String(s.otherProduct.id), price: "1", quantity: "1" },
      ],
      // Another market's category for a new product, another market's day.
      [
        s.juan.producer.id,
        { intent: "addProduct", name: "Maíz", categoryId: String(s.categoryB.id), unit: "kg" },
      ],
      [
        s.juan.producer.id,
        { intent: "pause", offerId: String(s.ocaOffer.id) },
        { date: s.nextB.day.date },
      ],
      // A producer not approved yet is not kept by anyone.
      [
        s.pending.producer.id,
        { intent: "addProduct", name: "Maíz", categoryId: String(s.category.id), unit: "kg" },
      ],
      [999_999, { intent: "pause", offerId: String(s.ocaOffer.id) }],
    ];
    for (const [producerId, fields, options] of attempts) {
      const response = await postOffers(producerId, fields, options);
      expect(
        response.status,
        `${producerId} ${JSON.stringify(fields)} ${JSON.stringify(options)}`,
      ).toBe(404);
    }
    for (const id of [s.other.producer.id, s.pending.producer.id, 999_999]) {
      expect((await showOffers(id)).status).toBe(404);
    }
    expect((await showOffers(s.juan.producer.id, s.coordB)).status).toBe(404);
    expect((await showOffers(s.juan.producer.id, s.coordA, s.nextB.day.date)).status).toBe(404);
    expect((await showOffers(s.juan.producer.id, s.coordA, "2026-02-30")).status).toBe(404);
    expect(
      (
        await run(offersPage.loader, getRequest("/x", { cookie: s.coordA }), {
          params: { id: "abc" },
        })
      ).status,
    ).toBe(404);
    expect(snapshot()).toEqual(before);
  });

  it("the offer rules themselves refuse a coordinator acting outside their market", () => {
    const result = offerFor({
      producerId: s.other.producer.id,
      day: s.nextB.day,
      productId: s.otherProduct.id,
      offer: { priceCents: 100, quantity: 1, perCustomerLimit: null },
      by: { coordinatorId: s.coordAUser.id, marketId: s.marketA.id },
    });
    expect(result).toEqual({ ok: false, error: "notFound" });
  });

  it("refuses producers and consumers with 403 and sends strangers to log in, writing nothing", async () => {
    const before = snapshot();
    for (const cookie of [s.juanCookie, s.buyerCookie]) {
      expect((await showOffers(s.juan.producer.id, cookie)).status).toBe(403);
      expect(
        (
          await postOffers(
            s.juan.producer.id,
            { intent: "pause", offerId: String(s.ocaOffer.id) },
            { cookie },
          )
        ).status,
      ).toBe(403);
      expect(
        (await run(signupPage.loader, getRequest("/coordinacion/productores/nuevo", { cookie })))
          .status,
      ).toBe(403);
      expect(
        (await signUp({ name: "Intrusa", farmName: "Chacra Intrusa", province: "Cusco" }, cookie))
          .status,
      ).toBe(403);
    }
    const anonymous = await run(signupPage.loader, getRequest("/coordinacion/productores/nuevo"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/ingresar/);
    expect(snapshot()).toEqual(before);
  });
});
