/**
 * The producer pages through their loaders and actions: who reaches them, and offers (copying
 * last week, quantities never below what is reserved, pausing, ownership, the cutoff).
 * Products, sales and speed are producer-products.test.ts.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { reserveOrder } from "../../app/features/ordering/reserve.server";
import { offers, products } from "../../db/schema";
import * as home from "../../app/routes/productor._index";
import * as offerPage from "../../app/routes/productor.ofertas";
import * as productPage from "../../app/routes/productor.productos";
import * as pickList from "../../app/routes/productor.preparacion";
import * as area from "../../app/routes/productor";
import { createUser } from "../factories";
import { getRequest, loggedInCookie, run } from "../helpers";
import { s, setUpProducerScene, post } from "../support/producer-scene";

setUpProducerScene();

describe("who reaches the producer pages", () => {
  it("refuses consumers with 403 and explains to a pending producer", async () => {
    const consumer = await loggedInCookie(createUser().id);
    expect((await run(area.loader, getRequest("/productor", { cookie: consumer }))).status).toBe(
      403,
    );
    const pendingCookie = await loggedInCookie(s.pending.user.id);
    const data = await (
      await run(area.loader, getRequest("/productor", { cookie: pendingCookie }))
    ).json();
    expect(data.status).toBe("pending");
    const offersForPending = await run(
      offerPage.loader,
      getRequest("/productor/ofertas", { cookie: pendingCookie }),
    );
    expect(offersForPending.status).toBe(302);
    expect(offersForPending.headers.get("Location")).toBe("/productor");
  });
});

describe("offers", () => {
  it("copies last week's offers in one tap, and a second tap adds nothing", async () => {
    expect((await post(home, "/productor", {}, s.juanCookie)).status).toBe(302);
    const mine = () =>
      db()
        .select()
        .from(offers)
        .where(eq(offers.marketDayId, s.next.day.id))
        .all()
        .filter((o) => o.producerId === s.juan.producer.id);
    expect(
      mine()
        .map((o) => [o.productId, o.priceCents, o.quantity, o.perCustomerLimit, o.reserved])
        .sort(),
    ).toEqual(
      [
        [s.oca.id, 300, 20, null, 0],
        [s.papa.id, 250, 40, 5, 0],
      ].sort(),
    );
    await post(home, "/productor", {}, s.juanCookie);
    expect(mine()).toHaveLength(2);
    const data = await (
      await run(home.loader, getRequest("/productor", { cookie: s.juanCookie }))
    ).json();
    expect(
      data.offers.map((o: { productName: string; left: number }) => [o.productName, o.left]),
    ).toEqual([
      ["Oca", 20],
      ["Papa huayro", 40],
    ]);
  });

  it("never lets the quantity go below what is reserved, and says how many are", async () => {
    const oca = db()
      .select()
      .from(offers)
      .where(eq(offers.productId, s.oca.id))
      .all()
      .find((o) => o.marketDayId === s.next.day.id)!;
    const slots = db()
      .select()
      .from((await import("../../db/schema")).pickupSlots)
      .all()
      .filter((x) => x.marketDayId === s.next.day.id);
    const reserved = reserveOrder({
      consumerId: s.buyer.id,
      marketDayId: s.next.day.id,
      slotId: slots[0].id,
      lines: [{ offerId: oca.id, quantity: 6 }],
      idempotencyKey: `producer-test-${Date.now()}`,
    });
    expect(reserved.ok).toBe(true);
    const response = await post(
      offerPage,
      "/productor/ofertas",
      {
        intent: "update",
        formId: `offer-${oca.id}`,
        offerId: String(oca.id),
        price: "3.20",
        quantity: "5",
      },
      s.juanCookie,
    );
    expect(response.status).toBe(409);
    const body = await response.json();
    expect(body).toMatchObject({
      formId: `offer-${oca.id}`,
      error: { quantity: ["errors.belowReserved"] },
      reserved: 6,
      initialValue: { quantity: "5", price: "3.20" },
    });
    expect(db().select().from(offers).where(eq(offers.id, oca.id)).get()!.quantity).toBe(20);
    // Exactly the reserved amount is fine, and the price changes with it.
    expect(
      (
        await post(
          offerPage,
          "/productor/ofertas",
          { intent: "update", offerId: String(oca.id), price: "3,20", quantity: "6" },
          s.juanCookie,
        )
      ).status,
    ).toBe(302);
    expect(db().select().from(offers).where(eq(offers.id, oca.id)).get()).toMatchObject({
      quantity: 6,
      priceCents: 320,
    });
    // The pick list shows the reservation.
    const list = await (
      await run(pickList.loader, getRequest("/productor/preparacion", { cookie: s.juanCookie }))
    ).json();
    expect(list.totals).toEqual([{ productName: "Oca", unit: "kg", quantity: 6 }]);
    expect(list.slots[0].orders[0]).toMatchObject({
      firstName: "Rosa",
      items: [{ productName: "Oca", quantity: 6 }],
    });
  });

  it.each([
    [{ price: "0" }, { price: ["errors.pricePositive"] }],
    [{ price: "10000.01" }, { price: ["errors.priceTooHigh"] }],
    [{ price: "tres soles" }, { price: ["errors.priceFormat"] }],
    [{ quantity: "2.5" }, { quantity: ["errors.wholeNumber"] }],
    [{ quantity: "-1" }, { quantity: ["errors.numberTooSmall"] }],
    [{ quantity: "100001" }, { quantity: ["errors.numberTooLarge"] }],
    [{ perCustomerLimit: "0" }, { perCustomerLimit: ["errors.numberTooSmall"] }],
  ])(
    "refuses %o with 400, the field's error and the typed value, writing nothing",
    async (change, errors) => {
      const before = db().select().from(offers).all();
      const fields = {
        intent: "create",
        formId: "new-offer",
        productId: String(s.oca.id),
        price: "3.00",
        quantity: "10",
        ...change,
      };
      const response = await post(offerPage, "/productor/ofertas", fields, s.juanCookie);
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.error).toMatchObject(errors);
      expect(body.initialValue).toMatchObject(change);
      expect(db().select().from(offers).all()).toEqual(before);
    },
  );

  it("offers a product once per market day", async () => {
    const response = await post(
      offerPage,
      "/productor/ofertas",
      { intent: "create", productId: String(s.oca.id), price: "3", quantity: "1" },
      s.juanCookie,
    );
    expect(response.status).toBe(409);
    expect((await response.json()).error.productId).toEqual(["errors.alreadyOffered"]);
  });

  it("pauses and resumes an offer", async () => {
    const papa = db()
      .select()
      .from(offers)
      .all()
      .find((o) => o.productId === s.papa.id && o.marketDayId === s.next.day.id)!;
    await post(
      offerPage,
      "/productor/ofertas",
      { intent: "pause", offerId: String(papa.id) },
      s.juanCookie,
    );
    expect(db().select().from(offers).where(eq(offers.id, papa.id)).get()!.status).toBe("paused");
    await post(
      offerPage,
      "/productor/ofertas",
      { intent: "resume", offerId: String(papa.id) },
      s.juanCookie,
    );
    expect(db().select().from(offers).where(eq(offers.id, papa.id)).get()!.status).toBe("active");
  });

  it("gives 404 and changes nothing when Juan uses Ana's ids, on every action", async () => {
    const before = db().select().from(offers).where(eq(offers.id, s.anasOffer.id)).get();
    const attempts: [{ action: unknown }, string, Record<string, string>][] = [
      [
        offerPage,
        "/productor/ofertas",
        { intent: "update", offerId: String(s.anasOffer.id), price: "1", quantity: "0" },
      ],
      [offerPage, "/productor/ofertas", { intent: "pause", offerId: String(s.anasOffer.id) }],
      [
        offerPage,
        "/productor/ofertas",
        { intent: "create", productId: String(s.anasQueso.id), price: "1", quantity: "1" },
      ],
      [
        productPage,
        "/productor/productos",
        {
          intent: "save",
          productId: String(s.anasQueso.id),
          name: "Robado",
          categoryId: String(s.category.id),
          unit: "kg",
        },
      ],
      [
        productPage,
        "/productor/productos",
        { intent: "archive", productId: String(s.anasQueso.id) },
      ],
    ];
    for (const [route, url, fields] of attempts) {
      expect((await post(route, url, fields, s.juanCookie)).status, JSON.stringify(fields)).toBe(
        404,
      );
    }
    expect(db().select().from(offers).where(eq(offers.id, s.anasOffer.id)).get()).toEqual(before);
    expect(
      db().select().from(products).where(eq(products.id, s.anasQueso.id)).get()!,
    ).toMatchObject({ name: "Queso", archivedAt: null });
    // Loaders show only Juan's own things.
    const offersData = await (
      await run(offerPage.loader, getRequest("/productor/ofertas", { cookie: s.juanCookie }))
    ).json();
    expect(offersData.offers.map((o: { productName: string }) => o.productName)).not.toContain(
      "Queso",
    );
    const editing = await run(
      productPage.loader,
      getRequest(`/productor/productos?editar=${s.anasQueso.id}`, { cookie: s.juanCookie }),
    );
    expect(editing.status).toBe(404);
    const anaList = await (
      await run(pickList.loader, getRequest("/productor/preparacion", { cookie: s.anaCookie }))
    ).json();
    expect(anaList.totals).toEqual([]);
  });

  it("keeps offers read-only after the cutoff", async () => {
    const { marketDays } = await import("../../db/schema");
    const original = s.next.day.cutoffAt;
    db()
      .update(marketDays)
      .set({ cutoffAt: new Date(Date.now() - 1000) })
      .where(eq(marketDays.id, s.next.day.id))
      .run();
    try {
      const papa = db()
        .select()
        .from(offers)
        .all()
        .find((o) => o.productId === s.papa.id && o.marketDayId === s.next.day.id)!;
      const response = await post(
        offerPage,
        "/productor/ofertas",
        { intent: "update", offerId: String(papa.id), price: "9", quantity: "9" },
        s.juanCookie,
      );
      expect(response.status).toBe(409);
      expect((await response.json()).error[""]).toEqual(["errors.offersClosed"]);
      expect(db().select().from(offers).where(eq(offers.id, papa.id)).get()!.priceCents).toBe(250);
      const data = await (
        await run(offerPage.loader, getRequest("/productor/ofertas", { cookie: s.juanCookie }))
      ).json();
      expect(data.day.editable).toBe(false);
    } finally {
      db()
        .update(marketDays)
        .set({ cutoffAt: original })
        .where(eq(marketDays.id, s.next.day.id))
        .run();
    }
  });
});
