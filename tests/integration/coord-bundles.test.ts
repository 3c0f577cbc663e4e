/**
 * The coordinator's family-basket pages through their loaders and actions: composing a basket
 * from several producers' offers of one market day, how many can be made, the cap never below
 * the baskets taken, publishing, the price shared per producer, bad input refused with the
 * typed values kept, scoping to the coordinator's own market, and orders untouched by edits.
 */
import fs from "node:fs";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { getTranslator } from "../../app/infra/i18n.server";
import { formatMoney } from "../../app/lib/format";
import { commissionOf } from "../../app/features/settlement/settlements.server";
import * as page from "../../app/routes/coordinacion.canastas.$id";
import { bundles, offers } from "../../db/schema";
import { createOrder, createUser } from "../factories";
import { getRequest, run } from "../helpers";
import {
  s,
  setUpCoordBundles,
  bundleRow,
  itemsOf,
  auditCount,
  postList,
  postBundle,
  loadBundle,
  loadList,
  newDraft,
  details,
  expectTranslated,
  reserve,
} from "../support/coord-bundles";

setUpCoordBundles();

describe("composing a family basket", () => {
  it("creates a draft, takes contents from two producers and shows how many can be made", async () => {
    const before = auditCount();
    const id = await newDraft();
    expect(bundleRow(id)).toMatchObject({
      marketId: s.marketA.id,
      marketDayId: s.day.id,
      name: "Canasta andina",
      priceCents: 2000,
      status: "draft",
      maxCount: null,
    });

    // Papa: 10 units, 3 per basket → 3 baskets. Queso: 4 units, 1 per basket → 4.
    for (const [offerId, quantity] of [
      [s.papa.id, "3"],
      [s.queso.id, "1"],
    ] as const) {
      const added = await postBundle(id, {
        intent: "addContent",
        offerId: String(offerId),
        quantity,
      });
      expect(added.status).toBe(302);
    }
    expect(auditCount()).toBe(before + 3);
    let body = await loadBundle(id);
    expect(body.contents.map((c: { productName: string }) => c.productName)).toEqual([
      "Papa huayro",
      "Queso fresco",
    ]);
    expect(new Set(body.contents.map((c: { farmName: string }) => c.farmName))).toEqual(
      new Set(["Chacra Papa", "Quesos Ccorca"]),
    );
    expect(body.bundle).toMatchObject({ byStock: 3, canMake: 3, taken: 0, status: "draft" });
    // The select offers what is left of the day on sale, grouped by producer: not the paused
    // offer, not next week's, not what is already in.
    const choices = body.choices.flatMap((g: { offers: { offerId: number }[] }) =>
      g.offers.map((o) => o.offerId),
    );
    expect(choices).toEqual([s.habas.id]);

    // Two papas sold alone leave 8: two baskets.
    createOrder({
      marketId: s.marketA.id,
      consumerId: createUser().id,
      marketDayId: s.day.id,
      slotId: s.slots[1].id,
      items: [{ offer: s.papa, productName: "Papa huayro", unit: "kg", quantity: 2 }],
    });
    body = await loadBundle(id);
    expect(body.bundle).toMatchObject({ byStock: 2, canMake: 2 });

    // A cap below what the stock allows wins.
    expect((await postBundle(id, details({ maxCount: "1" }))).status).toBe(302);
    body = await loadBundle(id);
    expect(body.bundle).toMatchObject({ byStock: 2, canMake: 1, maxCount: 1 });
    const listed = await loadList();
    expect(listed.day.date).toBe("2031-03-01");
    expect(listed.baskets.find((b: { id: number }) => b.id === id)).toMatchObject({
      name: "Canasta andina",
      price: formatMoney(2000),
      status: "draft",
      contentCount: 2,
      taken: 0,
      canMake: 1,
      maxCount: 1,
    });

    // Changing a quantity and removing a content, each audited.
    const auditBefore = auditCount();
    expect(
      (await postBundle(id, { intent: "setQuantity", offerId: String(s.queso.id), quantity: "2" }))
        .status,
    ).toBe(302);
    expect(itemsOf(id).find((i) => i.offerId === s.queso.id)!.quantity).toBe(2);
    expect(
      (await postBundle(id, { intent: "removeContent", offerId: String(s.queso.id) })).status,
    ).toBe(302);
    expect(itemsOf(id).map((i) => i.offerId)).toEqual([s.papa.id]);
    expect(auditCount()).toBe(auditBefore + 2);
  });

  it("shows how the price is shared per producer, adding up to the price, before publishing", async () => {
    const id = await newDraft("Canasta del valle", "20.00");
    await postBundle(id, { intent: "addContent", offerId: String(s.papa.id), quantity: "3" });
    await postBundle(id, { intent: "addContent", offerId: String(s.queso.id), quantity: "1" });
    const { shares, bundle } = await loadBundle(id);
    expect(bundle.status).toBe("draft");
    // Alone: 3 × 2.50 + 15.00 = 22.50, so the family saves 2.50.
    expect(bundle.valueAloneCents).toBe(2250);
    expect(shares.percent).toBe("10");
    // 20.00 shared 750 : 1500 → 6.67 + 13.33; 10 % commission of each.
    expect(
      shares.rows.map((r: { farmName: string; shareCents: number }) => [r.farmName, r.shareCents]),
    ).toEqual([
      ["Chacra Papa", 667],
      ["Quesos Ccorca", 1333],
    ]);
    for (const row of shares.rows) {
      expect(row.commissionCents).toBe(commissionOf(row.shareCents, 1000));
      expect(row.netCents).toBe(row.shareCents - row.commissionCents);
    }
    expect(shares.total.shareCents).toBe(2000);
    expect(shares.total.netCents + shares.total.commissionCents).toBe(2000);
  });

  it("refuses to publish a basket with no contents, or with a content not on sale", async () => {
    const id = await newDraft("Canasta vacía", "15.00");
    const before = auditCount();
    const empty = await postBundle(id, { intent: "publish" });
    expect(empty.status).toBe(409);
    expect((await empty.json()).error[""]).toEqual(["coordBundles.errors.empty"]);
    expect(bundleRow(id)!.status).toBe("draft");
    expect(auditCount()).toBe(before);
    await expectTranslated("coordBundles.errors.empty");

    // A paused offer cannot be added, and one paused after being added blocks publishing.
    const refused = await postBundle(id, {
      intent: "addContent",
      offerId: String(s.paused.id),
      quantity: "1",
    });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.offerId).toEqual(["coordBundles.errors.offerNotOnSale"]);
    await postBundle(id, { intent: "addContent", offerId: String(s.habas.id), quantity: "2" });
    db().update(offers).set({ status: "paused" }).where(eq(offers.id, s.habas.id)).run();
    const blocked = await postBundle(id, { intent: "publish" });
    expect(blocked.status).toBe(409);
    const body = await blocked.json();
    expect(body.error[""]).toEqual(["coordBundles.errors.contentNotOnSale"]);
    expect(body.values).toEqual({ products: "Habas" });
    expect(bundleRow(id)!.status).toBe("draft");
    expect((await loadBundle(id)).bundle).toMatchObject({ byStock: 0, canMake: 0 });

    // Back on sale: it publishes; a second tap changes nothing; pause and publish again.
    db().update(offers).set({ status: "active" }).where(eq(offers.id, s.habas.id)).run();
    const published = await postBundle(id, { intent: "publish" });
    expect(published.status).toBe(302);
    expect(bundleRow(id)!.status).toBe("active");
    expect((await loadBundle(id)).bundle).toMatchObject({ byStock: 15, canMake: 15 });
    const afterPublish = auditCount();
    expect((await postBundle(id, { intent: "publish" })).status).toBe(302);
    expect(auditCount()).toBe(afterPublish);
    expect((await postBundle(id, { intent: "pause" })).status).toBe(302);
    expect(bundleRow(id)!.status).toBe("paused");
    expect((await postBundle(id, { intent: "resume" })).status).toBe(302);
    expect(bundleRow(id)!.status).toBe("active");

    // A published basket keeps its last content; only a draft can be deleted.
    const last = await postBundle(id, { intent: "removeContent", offerId: String(s.habas.id) });
    expect(last.status).toBe(409);
    expect((await last.json()).error[""]).toEqual(["coordBundles.errors.lastContent"]);
    const notDraft = await postBundle(id, { intent: "delete" });
    expect(notDraft.status).toBe(409);
    expect(bundleRow(id)).toBeDefined();
  });

  it("deletes a draft nobody reserved, with its contents", async () => {
    const id = await newDraft("Canasta de prueba", "10.00");
    await postBundle(id, { intent: "addContent", offerId: String(s.papa.id), quantity: "1" });
    const deleted = await postBundle(id, { intent: "delete" });
    expect(deleted.status).toBe(302);
    expect(deleted.headers.get("Location")).toBe("/coordinacion/canastas?fecha=2031-03-01");
    expect(bundleRow(id)).toBeUndefined();
    expect(itemsOf(id)).toEqual([]);
  });
});

describe("the cap and the baskets taken", () => {
  it("refuses a cap below the baskets already taken, saying how many, and writes nothing", async () => {
    const id = await newDraft("Canasta familiar grande", "20.00");
    await postBundle(id, { intent: "addContent", offerId: String(s.habas.id), quantity: "2" });
    await postBundle(id, { intent: "publish" });
    reserve(id, 2);
    const before = { row: bundleRow(id), audit: auditCount() };

    const below = await postBundle(id, details({ name: "Canasta renombrada", maxCount: "1" }));
    expect(below.status).toBe(409);
    const body = await below.json();
    expect(body.error.maxCount).toEqual(["coordBundles.errors.capBelowTaken"]);
    expect(body.values).toEqual({ count: 2 });
    expect(body.initialValue).toMatchObject({ name: "Canasta renombrada", maxCount: "1" });
    expect(bundleRow(id)).toEqual(before.row);
    expect(auditCount()).toBe(before.audit);
    await expectTranslated("coordBundles.errors.capBelowTaken", { count: 2 });
    const { t } = await getTranslator(getRequest("/"));
    expect(t("coordBundles.errors.capBelowTaken", { count: 2 })).toContain("2");

    // At the baskets taken: accepted, and none are left to reserve.
    expect((await postBundle(id, details({ maxCount: "2" }))).status).toBe(302);
    // A limit per family is saved with the rest, and an empty one clears it.
    expect((await postBundle(id, details({ maxCount: "2", perCustomerLimit: "1" }))).status).toBe(
      302,
    );
    expect(bundleRow(id)!.perCustomerLimit).toBe(1);
    expect((await postBundle(id, details({ maxCount: "2", perCustomerLimit: "" }))).status).toBe(
      302,
    );
    expect(bundleRow(id)!.perCustomerLimit).toBeNull();
    expect((await loadBundle(id)).bundle).toMatchObject({ taken: 2, maxCount: 2, canMake: 0 });
  });
});

describe("bad input", () => {
  it("answers 400 with a message in the person's language, keeps what was typed, writes nothing", async () => {
    const id = await newDraft("Canasta para errores", "18.00");
    await postBundle(id, { intent: "addContent", offerId: String(s.papa.id), quantity: "1" });
    const before = { row: bundleRow(id), items: itemsOf(id), audit: auditCount() };
    const bundlesBefore = db().select({ n: count() }).from(bundles).get()!.n;

    const price = await postBundle(id, details({ price: "abc", name: "Canasta nueva" }));
    expect(price.status).toBe(400);
    const priceBody = await price.json();
    expect(priceBody.error.price).toEqual(["errors.priceFormat"]);
    expect(priceBody.initialValue).toMatchObject({ price: "abc", name: "Canasta nueva" });
    await expectTranslated("errors.priceFormat");

    const cap = await postBundle(id, details({ maxCount: "muchas" }));
    expect(cap.status).toBe(400);
    expect((await cap.json()).error.maxCount).toEqual(["coordBundles.errors.maxCount"]);

    const limit = await postBundle(id, details({ perCustomerLimit: "0" }));
    expect(limit.status).toBe(400);
    expect((await limit.json()).error.perCustomerLimit).toEqual([
      "coordBundles.errors.perCustomerLimit",
    ]);
    await expectTranslated("coordBundles.errors.perCustomerLimit");

    const zero = await postBundle(id, {
      intent: "addContent",
      offerId: String(s.queso.id),
      quantity: "0",
    });
    expect(zero.status).toBe(400);
    const zeroBody = await zero.json();
    expect(zeroBody.error.quantity).toEqual(["coordBundles.errors.quantity"]);
    expect(zeroBody.initialValue).toMatchObject({ offerId: String(s.queso.id), quantity: "0" });
    await expectTranslated("coordBundles.errors.quantity");

    const setZero = await postBundle(id, {
      intent: "setQuantity",
      offerId: String(s.papa.id),
      quantity: "0",
    });
    expect(setZero.status).toBe(400);
    expect((await setZero.json()).formId).toBe(`content-${s.papa.id}`);

    const otherDay = await postBundle(id, {
      intent: "addContent",
      offerId: String(s.nextWeekPapa.id),
      quantity: "2",
    });
    expect(otherDay.status).toBe(400);
    const otherDayBody = await otherDay.json();
    expect(otherDayBody.error.offerId).toEqual(["coordBundles.errors.offerOtherDay"]);
    expect(otherDayBody.initialValue).toMatchObject({ quantity: "2" });
    await expectTranslated("coordBundles.errors.offerOtherDay");

    const noOffer = await postBundle(id, { intent: "addContent", offerId: "", quantity: "1" });
    expect(noOffer.status).toBe(400);
    expect((await noOffer.json()).error.offerId).toEqual(["coordBundles.errors.chooseOffer"]);

    const badNew = await postList({
      intent: "create",
      marketDayId: String(s.day.id),
      name: "C",
      price: "abc",
    });
    expect(badNew.status).toBe(400);
    const badNewBody = await badNew.json();
    expect(badNewBody.error).toMatchObject({
      name: ["coordBundles.errors.nameTooShort"],
      price: ["errors.priceFormat"],
    });
    expect(badNewBody.initialValue).toMatchObject({ name: "C", price: "abc" });
    await expectTranslated("coordBundles.errors.nameTooShort");

    const garbage = await postBundle(id, { intent: "explode" });
    expect(garbage.status).toBe(400);

    expect(bundleRow(id)).toEqual(before.row);
    expect(itemsOf(id)).toEqual(before.items);
    expect(auditCount()).toBe(before.audit);
    expect(db().select({ n: count() }).from(bundles).get()!.n).toBe(bundlesBefore);
  });

  it("stores a photo converted to WebP, and refuses a file that is not one", async () => {
    const id = await newDraft("Canasta con foto", "21.00");
    const multipart = (photo: Blob) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(details({ name: "Canasta con foto" })))
        form.set(name, value);
      form.set("photo", photo, "canasta.jpg");
      return run(
        page.action,
        new Request(`http://localhost:3000/coordinacion/canastas/${id}`, {
          method: "POST",
          body: form,
          headers: { Cookie: s.cookieA },
        }),
        { params: { id: String(id) } },
      );
    };
    const before = { row: bundleRow(id), audit: auditCount() };
    const notPhoto = await multipart(new Blob(["%PDF-1.4 no"], { type: "image/jpeg" }));
    expect(notPhoto.status).toBe(400);
    expect((await notPhoto.json()).error.photo).toEqual(["errors.photoNotImage"]);
    expect(bundleRow(id)).toEqual(before.row);
    expect(auditCount()).toBe(before.audit);

    const jpeg = await sharp({
      create: { width: 800, height: 600, channels: 3, background: { r: 200, g: 150, b: 40 } },
    })
      .jpeg()
      .toBuffer();
    const saved = await multipart(new Blob([new Uint8Array(jpeg)], { type: "image/jpeg" }));
    expect(saved.status).toBe(302);
    const key = bundleRow(id)!.photoKey!;
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(fs.existsSync(path.join(process.env.DATA_DIR!, "fotos", `${key}-320.webp`))).toBe(true);
    // Saving again without a photo keeps it.
    expect((await postBundle(id, details({ name: "Canasta con foto" }))).status).toBe(302);
    expect(bundleRow(id)!.photoKey).toBe(key);
  });
});
