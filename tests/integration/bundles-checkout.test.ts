/**
 * Family baskets as a consumer meets them: checkout, the order page, a person's own lines
 * competing for one offer, a tampered cookie, and a basket's limit per family.
 */
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { cartBundles, cartItems, orderBundles, orderItems, orders } from "../../db/schema";
import * as basket from "../../app/routes/canasta";
import * as checkout from "../../app/routes/canasta_.confirmar";
import * as orderPage from "../../app/routes/pedidos.$codigo";
import * as login from "../../app/routes/ingresar";
import * as root from "../../app/root";
import { bundleCookie } from "../../app/features/cart/cart-cookie.server";
import { createBundle, createCategory, createOffer, createProduct, createUser } from "../factories";
import { formRequest, getRequest, loggedInCookie, run } from "../helpers";
import {
  addBundle,
  bundleShoppingScene,
  confirmIn,
  reservedOf,
  savedBundles,
  shopper,
} from "../support/bundles-shopping";

let s: ReturnType<typeof bundleShoppingScene>;

beforeAll(() => {
  s = bundleShoppingScene();
});

const confirm = (cookie: string, fields: Record<string, string> = {}) =>
  confirmIn(s.slots[0].id, cookie, fields);

describe("checking out family baskets", () => {
  it("reserves 2 baskets and a single item in one order, and shows them on the order page", async () => {
    const { user, cookie } = await shopper();
    db().insert(cartItems).values({ userId: user.id, offerId: s.papa.id, quantity: 3 }).run();
    await addBundle({ bundleId: String(s.valle.id), quantity: "2" }, cookie);
    const before = {
      papa: reservedOf(s.papa.id),
      olluco: reservedOf(s.olluco.id),
      queso: reservedOf(s.queso.id),
    };

    const page = await (
      await run(checkout.loader, getRequest("/canasta/confirmar", { cookie }))
    ).json();
    expect(page.bundles).toMatchObject([{ id: s.valle.id, requested: 2, subtotalCents: 5000 }]);
    expect(page.totalCents).toBe(5000 + 3 * 400);

    const response = await confirm(cookie, { idempotencyKey: page.idempotencyKey });
    expect(response.status).toBe(302);
    const code = response.headers.get("Location")!.split("/").pop()!;
    const order = db().select().from(orders).where(eq(orders.pickupCode, code)).get()!;
    expect(order).toMatchObject({ consumerId: user.id, totalCents: 2 * 2500 + 3 * 400 });
    expect(reservedOf(s.papa.id)).toBe(before.papa + 2 * 2 + 3);
    expect(reservedOf(s.olluco.id)).toBe(before.olluco + 1 * 2);
    expect(reservedOf(s.queso.id)).toBe(before.queso + 1 * 2);
    expect(savedBundles(user.id)).toEqual([]);
    expect(db().select().from(cartItems).where(eq(cartItems.userId, user.id)).all()).toEqual([]);

    const details = await (
      await run(orderPage.loader, getRequest(`/pedidos/${code}`, { cookie }), {
        params: { codigo: code },
      })
    ).json();
    expect(details.order.totalCents).toBe(6200);
    expect(details.baskets).toEqual([
      {
        id: expect.any(Number),
        name: "Canasta del valle",
        quantity: 2,
        totalCents: 5000,
        producers: [
          {
            producerId: s.pisac.id,
            farmName: "Chacra Ñawpa",
            producerSlug: "chacra-nawpa",
            community: "Amaru",
            items: [
              { offerId: s.olluco.id, productName: "Olluco", unit: "kg", quantity: 2 },
              { offerId: s.papa.id, productName: "Papa nativa", unit: "kg", quantity: 4 },
            ],
          },
          {
            producerId: s.anta.id,
            farmName: "Quesos de Anta",
            producerSlug: "quesos-anta",
            community: "Conchacalla",
            items: [{ offerId: s.queso.id, productName: "Queso fresco", unit: "kg", quantity: 2 }],
          },
        ],
      },
    ]);
    // Only the line bought alone can be changed, and it is worth unit price × quantity.
    expect(details.items).toMatchObject([
      { offerId: s.papa.id, quantity: 3, orderBundleId: null, lineCents: 1200 },
    ]);

    // Cancelling gives every unit back, baskets included.
    const cancelled = await run(
      orderPage.action,
      formRequest(`/pedidos/${code}`, { intent: "cancel" }, { cookie }),
      { params: { codigo: code } },
    );
    expect(cancelled.status).toBe(302);
    expect(reservedOf(s.papa.id)).toBe(before.papa);
    expect(reservedOf(s.queso.id)).toBe(before.queso);
  });

  it("takes an order of baskets only, whose pickup time can still change", async () => {
    const { user, cookie } = await shopper();
    await addBundle({ bundleId: String(s.valle.id) }, cookie);
    const response = await confirm(cookie);
    expect(response.status).toBe(302);
    const code = response.headers.get("Location")!.split("/").pop()!;
    const order = db().select().from(orders).where(eq(orders.pickupCode, code)).get()!;
    expect(order).toMatchObject({ consumerId: user.id, totalCents: 2500 });

    const changed = await run(
      orderPage.action,
      formRequest(
        `/pedidos/${code}`,
        { intent: "change", slotId: String(s.slots[1].id) },
        { cookie },
      ),
      { params: { codigo: code } },
    );
    expect(changed.status).toBe(302);
    const after = db().select().from(orders).where(eq(orders.id, order.id)).get()!;
    expect(after).toMatchObject({ slotId: s.slots[1].id, totalCents: 2500 });
    expect(
      db().select().from(orderBundles).where(eq(orderBundles.orderId, order.id)).all(),
    ).toMatchObject([{ bundleId: s.valle.id, quantity: 1 }]);
    expect(
      db().select().from(orderItems).where(eq(orderItems.orderId, order.id)).all(),
    ).toHaveLength(3);
  });

  it("refuses a basket that fell short with 409 naming it, writes nothing, and adjusts", async () => {
    const queso = createOffer({
      marketDayId: s.day.id,
      producerId: s.anta.id,
      productId: createProduct({
        producerId: s.anta.id,
        categoryId: createCategory({ marketId: s.market.id }).id,
        name: "Queso andino",
      }).id,
      quantity: 2,
      priceCents: 1000,
    });
    const scarce = createBundle({
      marketId: s.market.id,
      marketDayId: s.day.id,
      name: "Canasta quesera",
      priceCents: 900,
      contents: [{ offerId: queso.id, quantity: 1 }],
    });
    const { user, cookie } = await shopper();
    await addBundle({ bundleId: String(scarce.id), quantity: "2" }, cookie);
    expect(savedBundles(user.id)).toEqual([{ bundleId: scarce.id, quantity: 2 }]);
    // Meanwhile someone else takes one of the two cheeses.
    const rival = await shopper();
    db().insert(cartItems).values({ userId: rival.user.id, offerId: queso.id, quantity: 1 }).run();
    expect((await confirm(rival.cookie)).status).toBe(302);

    const ordersBefore = db().select().from(orders).all().length;
    const response = await confirm(cookie);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      error: { "": ["errors.short"] },
      shortages: [],
      bundleShortages: [
        {
          bundleId: scarce.id,
          name: "Canasta quesera",
          requested: 2,
          available: 1,
          reason: "stock",
        },
      ],
    });
    expect(db().select().from(orders).all().length).toBe(ordersBefore);
    expect(reservedOf(queso.id)).toBe(1);
    expect(savedBundles(user.id)).toEqual([{ bundleId: scarce.id, quantity: 2 }]);

    // The basket page says so too, and "adjust" brings it down to what is left.
    const page = await (await run(basket.loader, getRequest("/canasta", { cookie }))).json();
    expect(page.bundles).toMatchObject([{ id: scarce.id, problem: "stock", max: 1 }]);
    const adjusted = await run(
      checkout.action,
      formRequest(
        "/canasta/confirmar",
        { intent: "adjust", idempotencyKey: crypto.randomUUID() },
        { cookie },
      ),
    );
    expect(adjusted.status).toBe(302);
    expect(savedBundles(user.id)).toEqual([{ bundleId: scarce.id, quantity: 1 }]);
    expect((await confirm(cookie)).status).toBe(302);
    expect(reservedOf(queso.id)).toBe(2);
    expect(
      db()
        .select()
        .from(orderBundles)
        .where(inArray(orderBundles.bundleId, [scarce.id]))
        .all(),
    ).toHaveLength(1);
  });
});

describe("a person's own lines competing for one offer", () => {
  it("shows the basket short when the items bought alone leave too little, and 'adjust' makes checkout work", async () => {
    const oca = createOffer({
      marketDayId: s.day.id,
      producerId: s.pisac.id,
      productId: createProduct({
        producerId: s.pisac.id,
        categoryId: createCategory({ marketId: s.market.id }).id,
        name: "Oca",
      }).id,
      quantity: 10,
      priceCents: 250,
    });
    const ocaBasket = createBundle({
      marketId: s.market.id,
      marketDayId: s.day.id,
      name: "Canasta de oca",
      priceCents: 1100,
      contents: [{ offerId: oca.id, quantity: 5 }],
    });
    const { user, cookie } = await shopper();
    // 6 oca alone + 1 basket of 5 = 11 of 10: each fits alone, not both.
    db().insert(cartItems).values({ userId: user.id, offerId: oca.id, quantity: 6 }).run();
    db().insert(cartBundles).values({ userId: user.id, bundleId: ocaBasket.id, quantity: 1 }).run();

    const page = await (await run(basket.loader, getRequest("/canasta", { cookie }))).json();
    // Told that its own loose oca is what leaves too little (the market still has baskets).
    expect(page.bundles).toMatchObject([
      { id: ocaBasket.id, problem: "stock", max: 0, ownLinesCompete: true },
    ]);
    const checkoutPage = await (
      await run(checkout.loader, getRequest("/canasta/confirmar", { cookie }))
    ).json();
    expect(checkoutPage.bundles).toMatchObject([{ id: ocaBasket.id, problem: "stock" }]);
    // Adding another one is refused as sold out for this person, and nothing changes.
    const more = await addBundle({ bundleId: String(ocaBasket.id), respond: "json" }, cookie);
    expect(more.status).toBe(409);
    expect(savedBundles(user.id)).toEqual([{ bundleId: ocaBasket.id, quantity: 1 }]);

    expect((await confirm(cookie)).status).toBe(409);
    await run(
      checkout.action,
      formRequest(
        "/canasta/confirmar",
        { intent: "adjust", idempotencyKey: crypto.randomUUID() },
        { cookie },
      ),
    );
    expect(savedBundles(user.id)).toEqual([]);
    expect((await confirm(cookie)).status).toBe(302);
    expect(reservedOf(oca.id)).toBe(6);
  });

  it("two kinds of basket on one offer: the second is bounded by what the first leaves", async () => {
    const tarwi = createOffer({
      marketDayId: s.day.id,
      producerId: s.pisac.id,
      productId: createProduct({
        producerId: s.pisac.id,
        categoryId: createCategory({ marketId: s.market.id }).id,
        name: "Tarwi",
      }).id,
      quantity: 8,
      priceCents: 500,
    });
    const make = (name: string) =>
      createBundle({
        marketId: s.market.id,
        marketDayId: s.day.id,
        name,
        priceCents: 2000,
        contents: [{ offerId: tarwi.id, quantity: 5 }],
      });
    const [first, second] = [make("Tarwi A"), make("Tarwi B")];
    const { user, cookie } = await shopper();
    for (const b of [first, second])
      db().insert(cartBundles).values({ userId: user.id, bundleId: b.id, quantity: 1 }).run();
    const page = await (await run(basket.loader, getRequest("/canasta", { cookie }))).json();
    expect(
      page.bundles.map((l: { id: number; problem: string | null }) => [l.id, l.problem]),
    ).toEqual([
      [first.id, null],
      [second.id, "stock"],
    ]);
  });
});

describe("a draft basket through a tampered cookie", () => {
  it("is never merged into the account, counted in the header, or named at checkout", async () => {
    const user = createUser({ email: "cookie-draft@example.pe", password: "cesta de oca" });
    const tampered = await bundleCookie.serialize([[s.draft.id, 2]]);
    const response = await run(
      login.action,
      formRequest(
        "/ingresar",
        { contact: "cookie-draft@example.pe", password: "cesta de oca" },
        { cookie: tampered.split(";")[0] },
      ),
      { context: { clientIp: "10.1.1.9" } },
    );
    expect(response.status).toBe(302);
    expect(savedBundles(user.id)).toEqual([]);

    // Even if one got there, it is neither counted nor reserved under its name.
    db().insert(cartBundles).values({ userId: user.id, bundleId: s.draft.id, quantity: 1 }).run();
    const cookie = await loggedInCookie(user.id);
    const rootData = await (await run(root.loader, getRequest("/feria", { cookie }))).json();
    expect(rootData.cartCount).toBe(0);
    expect((await confirm(cookie)).status).toBe(302); // an empty basket goes back to /canasta
    expect(db().select().from(orders).where(eq(orders.consumerId, user.id)).all()).toEqual([]);
  });
});

describe("a basket's limit per family", () => {
  it("bounds what the basket page and adding allow, counting the family's orders", async () => {
    const limited = createBundle({
      marketId: s.market.id,
      marketDayId: s.day.id,
      name: "Canasta solidaria",
      priceCents: 1500,
      perCustomerLimit: 1,
      contents: [{ offerId: s.olluco.id, quantity: 1 }],
    });
    const { user, cookie } = await shopper();
    // Asking for 2 at once: capped at the limit, and said so.
    const first = await addBundle(
      { bundleId: String(limited.id), quantity: "2", respond: "json" },
      cookie,
    );
    expect(await first.json()).toEqual({ ok: true, quantity: 1, capped: true });
    // Without JavaScript the page says it was the limit, not the stock, that capped it.
    const plain = await addBundle({ bundleId: String(limited.id), quantity: "3" }, cookie);
    expect(plain.status).toBe(302);
    const signed = decodeURIComponent(plain.headers.get("Set-Cookie") ?? "").split(/[=;]/)[1];
    const flash = Buffer.from(signed.split(".")[0], "base64").toString("utf8");
    expect(flash).toContain("bundles.flash.cappedByLimit");
    expect((await confirm(cookie)).status).toBe(302);
    // With one already reserved, the family can add no more.
    const again = await addBundle({ bundleId: String(limited.id), respond: "json" }, cookie);
    expect(again.status).toBe(409);
    expect(JSON.stringify(await again.json())).toContain("bundles.errors.limit");
    db().insert(cartBundles).values({ userId: user.id, bundleId: limited.id, quantity: 1 }).run();
    const page = await (await run(basket.loader, getRequest("/canasta", { cookie }))).json();
    expect(page.bundles).toMatchObject([{ id: limited.id, problem: "limit", max: 0 }]);
    const refused = await confirm(cookie);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      bundleShortages: [{ bundleId: limited.id, reason: "limit", available: 0 }],
    });
  });
});
