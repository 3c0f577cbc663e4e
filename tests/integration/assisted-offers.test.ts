/**
 * A producer's offers kept by a coordinator, through the pages' loaders and actions: the
 * producer's own rules (cutoff, never below what is reserved, pause and resume, once per day,
 * the same messages for bad input), each change audited with the coordinator as actor, and the
 * producer's list of those changes on /productor/ofertas.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { formatMoney } from "../../app/lib/format";
import * as ownOffers from "../../app/routes/productor.ofertas";
import { auditLog, marketDays, offers, products } from "../../db/schema";
import { formRequest, getRequest, run } from "../helpers";
import { assistedHelpers, setupAssistedScene, type AssistedScene } from "../support/assisted-scene";

let s: AssistedScene;
const { offersPath, postOffers, showOffers, snapshot, offerRow, lastAudit } = assistedHelpers(
  () => s,
);

beforeAll(async () => {
  s = await setupAssistedScene();
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
      const attempts: Record<string, string>[] = [
        { intent: "update", offerId: String(s.ocaOffer.id), price: "9", quantity: "9" },
        { intent: "pause", offerId: String(s.ocaOffer.id) },
        { intent: "create", productId: String(s.oca.id), price: "9", quantity: "9" },
      ];
      for (const fields of attempts) {
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
