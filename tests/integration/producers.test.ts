/** The producer pages through their loaders and actions: rules, ownership, bad input. */
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { reserveBasket } from "../../app/features/ordering/reserve.server";
import { offers, products } from "../../db/schema";
import * as home from "../../app/routes/productor._index";
import * as offerPage from "../../app/routes/productor.ofertas";
import * as productPage from "../../app/routes/productor.productos";
import * as pickList from "../../app/routes/productor.preparacion";
import * as sales from "../../app/routes/productor.ventas";
import * as area from "../../app/routes/productor";
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
import { countQueries, formRequest, getRequest, loggedInCookie, run } from "../helpers";

let s: Awaited<ReturnType<typeof setup>>;

async function setup() {
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

beforeAll(async () => {
  s = await setup();
});

/** A product form with a file, posted as Juan. */
const multipart = (fields: Record<string, string | Blob>) => {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return new Request("http://localhost:3000/productor/productos", {
    method: "POST",
    body,
    headers: { Cookie: s.juanCookie },
  });
};

const post = (
  route: { action: unknown },
  url: string,
  fields: Record<string, string>,
  cookie: string,
) => run(route.action, formRequest(url, fields, { cookie }));

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
    const reserved = reserveBasket({
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

describe("products", () => {
  it("creates a product with a photo from the phone", async () => {
    const jpeg = await sharp({
      create: { width: 1200, height: 900, channels: 3, background: "#884422" },
    })
      .jpeg()
      .toBuffer();
    const response = await run(
      productPage.action,
      multipart({
        intent: "save",
        name: "Mashua",
        categoryId: String(s.category.id),
        unit: "kg",
        description: "Para mazamorra",
        photo: new Blob([new Uint8Array(jpeg)], { type: "image/jpeg" }),
      }),
    );
    expect(response.status).toBe(302);
    const product = db().select().from(products).where(eq(products.name, "Mashua")).get()!;
    expect(product).toMatchObject({
      producerId: s.juan.producer.id,
      unit: "kg",
      description: "Para mazamorra",
    });
    const { photoDirectory } = await import("../../app/features/producers/photos.server");
    for (const width of [320, 960]) {
      expect(fs.existsSync(path.join(photoDirectory(), `${product.photoKey}-${width}.webp`))).toBe(
        true,
      );
    }
  });

  it("refuses a file that is not a photo, keeping what was typed and storing nothing", async () => {
    const before = db().select().from(products).all().length;
    const response = await run(
      productPage.action,
      multipart({
        intent: "save",
        name: "Tarwi",
        categoryId: String(s.category.id),
        unit: "kg",
        photo: new Blob(["hola"], { type: "image/png" }),
      }),
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.photo).toEqual(["errors.photoNotImage"]);
    expect(body.initialValue.name).toBe("Tarwi");
    expect(db().select().from(products).all().length).toBe(before);
  });

  it("archives a product so it can no longer be offered", async () => {
    await post(
      productPage,
      "/productor/productos",
      { intent: "archive", productId: String(s.papa.id) },
      s.juanCookie,
    );
    const data = await (
      await run(offerPage.loader, getRequest("/productor/ofertas", { cookie: s.juanCookie }))
    ).json();
    expect(data.products.map((p: { name: string }) => p.name)).not.toContain("Papa huayro");
    await post(
      productPage,
      "/productor/productos",
      { intent: "restore", productId: String(s.papa.id) },
      s.juanCookie,
    );
  });
});

describe("sales", () => {
  it("adds up units, card and cash, commission and net per market day", async () => {
    const data = await (
      await run(sales.loader, getRequest("/productor/ventas", { cookie: s.juanCookie }))
    ).json();
    const lastWeek = data.sales.find((d: { date: string }) => d.date === s.last.day.date);
    expect(lastWeek).toMatchObject({
      units: 4,
      grossCents: 1200,
      cardCents: 1200,
      cashCents: 0,
      commissionCents: 120,
      netCents: 1080,
    });
  });
});

describe("speed", () => {
  it("renders /productor and /productor/ofertas with the same number of queries for 2 or 60 offers", async () => {
    const count = (route: { loader: unknown }, url: string) =>
      countQueries(() => run(route.loader, getRequest(url, { cookie: s.anaCookie })));
    const before = [await count(home, "/productor"), await count(offerPage, "/productor/ofertas")];
    for (let i = 0; i < 58; i++) {
      const product = createProduct({ producerId: s.ana.producer.id, categoryId: s.category.id });
      createOffer({
        marketDayId: s.next.day.id,
        productId: product.id,
        producerId: s.ana.producer.id,
      });
    }
    expect([await count(home, "/productor"), await count(offerPage, "/productor/ofertas")]).toEqual(
      before,
    );
  });
});

describe("what the producer review found", () => {
  it("an oversize photo is refused with what was typed kept and nothing stored", async () => {
    const before = db().select().from(products).all().length;
    const response = await run(
      productPage.action,
      multipart({
        intent: "save",
        name: "Tarwi",
        categoryId: String(s.category.id),
        unit: "kg",
        photo: new Blob([new Uint8Array(10 * 1024 * 1024 + 10)], { type: "image/jpeg" }),
      }),
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.photo).toEqual(["errors.photoTooLarge"]);
    expect(body.initialValue.name).toBe("Tarwi");
    expect(db().select().from(products).all().length).toBe(before);
  });

  it("stores no photo when the rest of the form is refused (another market's category)", async () => {
    const { photoDirectory } = await import("../../app/features/producers/photos.server");
    const files = () =>
      fs.existsSync(photoDirectory()) ? fs.readdirSync(photoDirectory()).length : 0;
    const before = files();
    const jpeg = await sharp({
      create: { width: 400, height: 300, channels: 3, background: "#123456" },
    })
      .jpeg()
      .toBuffer();
    const elsewhere = createCategory({ marketId: createMarket().id });
    const response = await run(
      productPage.action,
      multipart({
        intent: "save",
        name: "Oca",
        categoryId: String(elsewhere.id),
        unit: "kg",
        photo: new Blob([new Uint8Array(jpeg)], { type: "image/jpeg" }),
      }),
    );
    expect(response.status).toBe(404);
    expect(files()).toBe(before);
  });

  it("refuses a too-short name and a 501-character description with 400, keeping them", async () => {
    const response = await post(
      productPage,
      "/productor/productos",
      {
        intent: "save",
        name: "O",
        categoryId: String(s.category.id),
        unit: "kg",
        description: "x".repeat(501),
      },
      s.juanCookie,
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toMatchObject({
      name: ["errors.productNameTooShort"],
      description: ["errors.descriptionTooLong"],
    });
    expect(body.initialValue.name).toBe("O");
  });

  it("archiving pauses this week's offer; restore and resume of another producer's ids are 404", async () => {
    const juansProduct = createProduct({
      producerId: s.juan.producer.id,
      categoryId: s.category.id,
      name: "Olluco",
    });
    const offer = createOffer({
      marketDayId: s.next.day.id,
      productId: juansProduct.id,
      producerId: s.juan.producer.id,
    });
    await post(
      productPage,
      "/productor/productos",
      { intent: "archive", productId: String(juansProduct.id) },
      s.juanCookie,
    );
    expect(db().select().from(offers).where(eq(offers.id, offer.id)).get()!.status).toBe("paused");
    expect(
      (
        await post(
          productPage,
          "/productor/productos",
          { intent: "restore", productId: String(s.anasQueso.id) },
          s.juanCookie,
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await post(
          offerPage,
          "/productor/ofertas",
          { intent: "resume", offerId: String(s.anasOffer.id) },
          s.juanCookie,
        )
      ).status,
    ).toBe(404);
  });

  it("will not change a product's unit while it has reservations", async () => {
    const response = await post(
      productPage,
      "/productor/productos",
      {
        intent: "save",
        productId: String(s.oca.id),
        name: "Oca",
        categoryId: String(s.category.id),
        unit: "saco",
      },
      s.juanCookie,
    );
    expect(response.status).toBe(409);
    expect((await response.json()).error.unit).toEqual(["errors.unitLocked"]);
    expect(db().select().from(products).where(eq(products.id, s.oca.id)).get()!.unit).toBe("kg");
  });

  it("refuses creating, pausing and copying offers after the cutoff", async () => {
    const { marketDays } = await import("../../db/schema");
    const original = s.next.day.cutoffAt;
    db()
      .update(marketDays)
      .set({ cutoffAt: new Date(Date.now() - 1000) })
      .where(eq(marketDays.id, s.next.day.id))
      .run();
    try {
      const product = createProduct({
        producerId: s.juan.producer.id,
        categoryId: s.category.id,
        name: "Tarde",
      });
      const anyOffer = db()
        .select()
        .from(offers)
        .all()
        .find((o) => o.producerId === s.juan.producer.id && o.marketDayId === s.next.day.id)!;
      const before = db().select().from(offers).all();
      expect(
        (
          await post(
            offerPage,
            "/productor/ofertas",
            { intent: "create", productId: String(product.id), price: "1", quantity: "1" },
            s.juanCookie,
          )
        ).status,
      ).toBe(409);
      expect(
        (
          await post(
            offerPage,
            "/productor/ofertas",
            { intent: "pause", offerId: String(anyOffer.id) },
            s.juanCookie,
          )
        ).status,
      ).toBe(409);
      await post(home, "/productor", {}, s.juanCookie);
      expect(db().select().from(offers).all()).toEqual(before);
    } finally {
      db()
        .update(marketDays)
        .set({ cutoffAt: original })
        .where(eq(marketDays.id, s.next.day.id))
        .run();
    }
  });

  it("counts only market days that took place as sales", async () => {
    const data = await (
      await run(sales.loader, getRequest("/productor/ventas", { cookie: s.juanCookie }))
    ).json();
    expect(data.sales.map((d: { date: string }) => d.date)).not.toContain(s.next.day.date);
  });
});
