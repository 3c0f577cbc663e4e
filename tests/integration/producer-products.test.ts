/**
 * The producer pages through their loaders and actions: products (photos, archiving), sales,
 * the number of queries, and what the producer review found (bad input, ownership, cutoff).
 */
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { offers, products } from "../../db/schema";
import * as home from "../../app/routes/productor._index";
import * as offerPage from "../../app/routes/productor.ofertas";
import * as productPage from "../../app/routes/productor.productos";
import * as sales from "../../app/routes/productor.ventas";
import { createCategory, createMarket, createOffer, createProduct } from "../factories";
import { countQueries, getRequest, run } from "../helpers";
import { s, setUpProducerScene, multipart, post } from "../support/producer-scene";

setUpProducerScene();

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
