/**
 * Assisted producers signed up by a coordinator, through the pages' loaders and actions:
 * approved at once, no password anyone knows, phone optional and never someone else's, bad
 * input refused with nothing written, one sign-up per form, audited; and the scoping of the
 * offers page: another market's producer, offer, product, category or day is 404 with nothing
 * written, and producers and consumers cannot reach these pages.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { verifyPassword } from "../../app/features/access/password.server";
import { createOffer as offerFor } from "../../app/features/producers/producer-offers.server";
import * as producerPage from "../../app/routes/coordinacion.productores.$id";
import * as offersPage from "../../app/routes/coordinacion.productores.$id_.ofertas";
import * as signupPage from "../../app/routes/coordinacion.productores.nuevo";
import { auditLog, memberships, producers, users } from "../../db/schema";
import { formRequest, getRequest, run } from "../helpers";
import { assistedHelpers, setupAssistedScene, type AssistedScene } from "../support/assisted-scene";

let s: AssistedScene;
const { requestKey, signUp, postOffers, showOffers, snapshot } = assistedHelpers(() => s);

beforeAll(async () => {
  s = await setupAssistedScene();
});

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
