/** The consumer pages through their loaders and actions: catalogue, basket, checkout, orders. */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { limaDateOf } from "../../app/lib/time";
import { basketItems, offers, orders, pickupSlots } from "../../db/schema";
import * as catalogue from "../../app/routes/feria._index";
import * as catalogueByDate from "../../app/routes/feria.$fecha";
import * as basket from "../../app/routes/canasta";
import * as checkout from "../../app/routes/canasta_.confirmar";
import * as orderPage from "../../app/routes/pedidos.$codigo";
import * as orderList from "../../app/routes/pedidos._index";
import * as login from "../../app/routes/ingresar";
import * as profile from "../../app/routes/productores.$slug";
import {
  createCategory,
  createMarket,
  createMarketDay,
  createOffer,
  createProducer,
  createProduct,
  createUser,
} from "../factories";
import {
  CookieJar,
  countQueries,
  cookiesFrom,
  formRequest,
  getRequest,
  loggedInCookie,
  run,
} from "../helpers";
import { seenPricesOf } from "../support/checkout-page";

let s: Awaited<ReturnType<typeof setup>>;

function setup() {
  const market = createMarket({ name: "Mercado de prueba" });
  const tubers = createCategory({
    marketId: market.id,
    slug: "papas",
    nameEs: "Papas",
    nameQu: "Papakuna",
    nameEn: "Potatoes",
    position: 1,
  });
  const dairy = createCategory({
    marketId: market.id,
    slug: "lacteos",
    nameEs: "Lácteos",
    nameQu: "Kisukuna",
    nameEn: "Dairy",
    position: 2,
  });
  const pisac = createProducer({
    marketId: market.id,
    profile: {
      farmName: "Chacra Ñawpa",
      slug: "chacra-nawpa",
      community: "Amaru",
      province: "Calca",
      story: "Papas nativas de altura.",
    },
    certs: [{ kind: "sgp", certifier: "Consejo SGP Cusco", certifiedOn: "2025-03-01" }],
  }).producer;
  const anta = createProducer({
    marketId: market.id,
    profile: {
      farmName: "Quesos de Anta",
      slug: "quesos-anta",
      community: "Conchacalla",
      province: "Anta",
    },
  }).producer;
  const { day, slots } = createMarketDay({
    marketId: market.id,
    date: limaDateOf(new Date(Date.now() + 3 * 86_400_000)),
    ordersOpenAt: new Date(Date.now() - 3600_000),
    cutoffAt: new Date(Date.now() + 2 * 86_400_000),
    slotCapacity: 2,
    pickupStart: "07:00",
    pickupEnd: "08:00",
  });
  const offer = (
    producer: { id: number },
    categoryId: number,
    name: string,
    quantity: number,
    extra = {},
  ) =>
    createOffer({
      marketDayId: day.id,
      producerId: producer.id,
      productId: createProduct({ producerId: producer.id, categoryId, name }).id,
      quantity,
      priceCents: 350,
      ...extra,
    });
  return {
    market,
    day,
    slots,
    pisac,
    anta,
    chuno: offer(pisac, tubers.id, "Chuño negro", 5),
    olluco: offer(pisac, tubers.id, "Olluco", 3, { perCustomerLimit: 2 }),
    queso: offer(anta, dairy.id, "Queso fresco", 1),
    paused: offer(anta, dairy.id, "Yogur de sauco", 9, { status: "paused" }),
  };
}

beforeAll(() => {
  s = setup();
});

const offerIds = (data: { catalogue: { offers: { productName: string }[] } }) =>
  data.catalogue.offers.map((o) => o.productName).sort();

describe("catalogue /feria", () => {
  it("lists active offers grouped in category order with units left, hiding paused ones", async () => {
    const data = await (await run(catalogue.loader, getRequest("/feria"))).json();
    expect(data.day.date).toBe(s.day.date);
    expect(
      data.catalogue.offers.map(
        (o: { productName: string; categoryName: string; left: number }) => [
          o.categoryName,
          o.productName,
          o.left,
        ],
      ),
    ).toEqual([
      ["Papas", "Chuño negro", 5],
      ["Papas", "Olluco", 3],
      ["Lácteos", "Queso fresco", 1],
    ]);
    expect(data.catalogue.offers[0]).toMatchObject({
      farmName: "Chacra Ñawpa",
      community: "Amaru",
      certifications: ["sgp"],
    });
  });

  it("searches ignoring case and accents, and filters by category, province and certification", async () => {
    const get = async (query: string) =>
      offerIds(await (await run(catalogue.loader, getRequest(`/feria?${query}`))).json());
    expect(await get("q=CHUNO")).toEqual(["Chuño negro"]);
    expect(await get("q=nawpa")).toEqual(["Chuño negro", "Olluco"]);
    expect(await get("categoria=lacteos")).toEqual(["Queso fresco"]);
    expect(await get("provincia=Anta")).toEqual(["Queso fresco"]);
    expect(await get("certificacion=sgp")).toEqual(["Chuño negro", "Olluco"]);
    expect(await get("q=%25")).toEqual([]); // a literal %, not a wildcard
    // Unknown filter values are ignored rather than failing.
    expect(await get("provincia=Lima&certificacion=x&pagina=-3")).toHaveLength(3);
  });

  it("finds a market day by date, and 404s for a date without one", async () => {
    expect(
      (
        await run(catalogueByDate.loader, getRequest(`/feria/${s.day.date}`), {
          params: { fecha: s.day.date },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await run(catalogueByDate.loader, getRequest("/feria/2001-01-01"), {
          params: { fecha: "2001-01-01" },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await run(catalogueByDate.loader, getRequest("/feria/manana"), {
          params: { fecha: "manana" },
        })
      ).status,
    ).toBe(404);
  });

  it("costs the same number of queries for 3 offers or 150", async () => {
    const queries = () => countQueries(() => run(catalogue.loader, getRequest("/feria")));
    const few = await queries();
    const category = createCategory({ marketId: s.market.id, slug: "muchos", position: 9 });
    for (let i = 0; i < 150; i++) {
      const producer = createProducer({ marketId: s.market.id }).producer;
      createOffer({
        marketDayId: s.day.id,
        producerId: producer.id,
        productId: createProduct({ producerId: producer.id, categoryId: category.id }).id,
        quantity: 4,
      });
    }
    expect(await queries()).toBe(few);
    const data = await (await run(catalogue.loader, getRequest("/feria"))).json();
    expect(data.catalogue.offers).toHaveLength(24);
    expect(data.catalogue.pageCount).toBe(7); // 153 offers
    const last = await (await run(catalogue.loader, getRequest("/feria?pagina=7"))).json();
    expect(last.catalogue.offers).toHaveLength(153 - 6 * 24);
  });

  it("shows a producer's profile with certifications and this week's offers", async () => {
    const data = await (
      await run(profile.loader, getRequest("/productores/chacra-nawpa"), {
        params: { slug: "chacra-nawpa" },
      })
    ).json();
    expect(data.producer).toMatchObject({
      farmName: "Chacra Ñawpa",
      story: "Papas nativas de altura.",
      certifications: [{ kind: "sgp", certifier: "Consejo SGP Cusco" }],
    });
    expect(data.offers.map((o: { productName: string }) => o.productName)).toEqual([
      "Chuño negro",
      "Olluco",
    ]);
    expect(
      (await run(profile.loader, getRequest("/productores/nadie"), { params: { slug: "nadie" } }))
        .status,
    ).toBe(404);
  });
});

describe("basket /canasta", () => {
  const add = (fields: Record<string, string>, cookie?: string) =>
    run(
      basket.action,
      formRequest("/canasta", { intent: "add", quantity: "1", ...fields }, { cookie }),
    );

  it("keeps an anonymous basket in a cookie, bounded by what is left and the limit", async () => {
    const jar = new CookieJar();
    const first = jar.apply(
      await add({ offerId: String(s.chuno.id), quantity: "2", redirectTo: "/feria" }),
    );
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe("/feria");
    jar.apply(await add({ offerId: String(s.chuno.id), quantity: "10" }, jar.header()));
    const capped = jar.apply(
      await add({ offerId: String(s.olluco.id), quantity: "3", respond: "json" }, jar.header()),
    );
    expect(await capped.json()).toEqual({ ok: true, quantity: 2, capped: true });
    const data = await (
      await run(basket.loader, getRequest("/canasta", { cookie: jar.header() }))
    ).json();
    expect(
      data.basket.lines.map((l: { productName: string; requested: number }) => [
        l.productName,
        l.requested,
      ]),
    ).toEqual([
      ["Chuño negro", 5],
      ["Olluco", 2],
    ]);
    expect(data.basket.totalCents).toBe(7 * 350);
    // Setting 0 removes a line.
    jar.apply(
      await run(
        basket.action,
        formRequest(
          "/canasta",
          { intent: "set", offerId: String(s.olluco.id), quantity: "0" },
          { cookie: jar.header() },
        ),
      ),
    );
    const after = await (
      await run(basket.loader, getRequest("/canasta", { cookie: jar.header() }))
    ).json();
    expect(after.basket.lines.map((l: { productName: string }) => l.productName)).toEqual([
      "Chuño negro",
    ]);
  });

  it("refuses bad quantities with 400 and unknown offers with 404, changing nothing", async () => {
    for (const quantity of ["-1", "abc", "1.5", "100000"]) {
      expect((await add({ offerId: String(s.chuno.id), quantity })).status).toBe(400);
    }
    expect((await add({ offerId: "999999", respond: "json" })).status).toBe(404);
    const paused = await add({ offerId: String(s.paused.id), respond: "json" });
    expect(paused.status).toBe(409);
    expect((await paused.json()).error[""]).toEqual(["errors.offerUnavailable"]);
    // Without JavaScript: back to the page with a message, and no basket cookie written.
    const plain = await add({ offerId: String(s.paused.id), redirectTo: "/feria" });
    expect(plain.status).toBe(302);
    expect(plain.headers.get("Location")).toBe("/feria");
    expect(plain.headers.getSetCookie().some((c) => c.startsWith("qhatu_basket="))).toBe(false);
  });

  it("moves the cookie basket into the account at login", async () => {
    const user = createUser({ email: "merge@example.pe", password: "cesta de oca" });
    const added = await add({ offerId: String(s.queso.id), respond: "json" });
    const cookie = cookiesFrom(added);
    const response = await run(
      login.action,
      formRequest(
        "/ingresar",
        { contact: "merge@example.pe", password: "cesta de oca" },
        { cookie },
      ),
      { context: { clientIp: "10.1.1.1" } },
    );
    expect(response.status).toBe(302);
    expect(response.headers.getSetCookie().some((c) => /^qhatu_basket=.*Max-Age=0/.test(c))).toBe(
      true,
    );
    expect(
      db().select().from(basketItems).where(eq(basketItems.userId, user.id)).all(),
    ).toMatchObject([{ offerId: s.queso.id, quantity: 1 }]);
  });
});

describe("checkout and orders", () => {
  async function shopper(lines: [number, number][]) {
    const user = createUser();
    for (const [offerId, quantity] of lines)
      db().insert(basketItems).values({ userId: user.id, offerId, quantity }).run();
    return { user, cookie: await loggedInCookie(user.id) };
  }
  // Posts the page's form: with the prices it shows, as a browser would.
  const confirm = async (cookie: string, fields: Record<string, string>) =>
    run(
      checkout.action,
      formRequest(
        "/canasta/confirmar",
        {
          intent: "confirm",
          paymentMethod: "cash",
          idempotencyKey: crypto.randomUUID(),
          seenPrices: await seenPricesOf(cookie),
          ...fields,
        },
        { cookie },
      ),
    );

  it("asks anonymous people to log in first", async () => {
    const response = await run(checkout.loader, getRequest("/canasta/confirmar"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/ingresar?redirectTo=%2Fcanasta%2Fconfirmar");
  });

  it("confirms an order and shows its code, QR, items and total to its owner only", async () => {
    const { user, cookie } = await shopper([[s.chuno.id, 1]]);
    const page = await (
      await run(checkout.loader, getRequest("/canasta/confirmar", { cookie }))
    ).json();
    expect(page.slots.map((x: { left: number }) => x.left)).toEqual([2, 2]);
    expect(page.paymentMethods).toEqual(["cash"]);
    const response = await confirm(cookie, {
      slotId: String(s.slots[0].id),
      idempotencyKey: page.idempotencyKey,
    });
    expect(response.status).toBe(302);
    const code = response.headers.get("Location")!.split("/").pop()!;
    const order = db().select().from(orders).where(eq(orders.pickupCode, code)).get()!;
    expect(order).toMatchObject({ consumerId: user.id, status: "confirmed", totalCents: 350 });
    expect(db().select().from(basketItems).where(eq(basketItems.userId, user.id)).all()).toEqual(
      [],
    );

    const details = await (
      await run(orderPage.loader, getRequest(`/pedidos/${code}`, { cookie }), {
        params: { codigo: code },
      })
    ).json();
    expect(details.order).toMatchObject({
      code,
      status: "confirmed",
      totalCents: 350,
      paymentMethod: "cash",
    });
    expect(details.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(details.items).toMatchObject([
      { productName: "Chuño negro", quantity: 1, farmName: "Chacra Ñawpa" },
    ]);
    const list = await (await run(orderList.loader, getRequest("/pedidos", { cookie }))).json();
    expect(list.orders.map((o: { pickupCode: string }) => o.pickupCode)).toContain(code);

    // Another consumer gets a 404 for this code, on the page and on its actions.
    const stranger = await loggedInCookie(createUser().id);
    expect(
      (
        await run(orderPage.loader, getRequest(`/pedidos/${code}`, { cookie: stranger }), {
          params: { codigo: code },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await run(
          orderPage.action,
          formRequest(`/pedidos/${code}`, { intent: "cancel" }, { cookie: stranger }),
          { params: { codigo: code } },
        )
      ).status,
    ).toBe(404);
    expect(db().select().from(orders).where(eq(orders.id, order.id)).get()!.status).toBe(
      "confirmed",
    );

    // The owner cancels: stock and slot come back.
    const reserved = db().select().from(offers).where(eq(offers.id, s.chuno.id)).get()!.reserved;
    const cancelled = await run(
      orderPage.action,
      formRequest(`/pedidos/${code}`, { intent: "cancel" }, { cookie }),
      { params: { codigo: code } },
    );
    expect(cancelled.status).toBe(302);
    expect(db().select().from(offers).where(eq(offers.id, s.chuno.id)).get()!.reserved).toBe(
      reserved - 1,
    );
    expect(db().select().from(orders).where(eq(orders.id, order.id)).get()!.status).toBe(
      "cancelled",
    );
  });

  it("says exactly what is short, reserves nothing, keeps the basket, and adjusts in one step", async () => {
    const { user, cookie } = await shopper([
      [s.queso.id, 1],
      [s.olluco.id, 1],
    ]);
    const rival = await shopper([[s.queso.id, 1]]);
    expect((await confirm(rival.cookie, { slotId: String(s.slots[1].id) })).status).toBe(302);

    const response = await confirm(cookie, { slotId: String(s.slots[1].id) });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: "errors.short",
      shortages: [
        {
          offerId: s.queso.id,
          productName: "Queso fresco",
          requested: 1,
          available: 0,
          reason: "stock",
        },
      ],
      slotId: String(s.slots[1].id),
    });
    expect(
      db().select().from(basketItems).where(eq(basketItems.userId, user.id)).all(),
    ).toHaveLength(2);
    expect(db().select().from(orders).where(eq(orders.consumerId, user.id)).all()).toEqual([]);

    const adjusted = await run(
      checkout.action,
      formRequest(
        "/canasta/confirmar",
        { intent: "adjust", idempotencyKey: crypto.randomUUID() },
        { cookie },
      ),
    );
    expect(adjusted.status).toBe(302);
    expect(
      db().select().from(basketItems).where(eq(basketItems.userId, user.id)).all(),
    ).toMatchObject([{ offerId: s.olluco.id, quantity: 1 }]);
  });

  it("refuses a full slot and bad input with a clear 4xx, writing nothing", async () => {
    const { cookie } = await shopper([[s.chuno.id, 1]]);
    const slot = s.slots[1];
    db()
      .update(pickupSlots)
      .set({ booked: slot.capacity })
      .where(eq(pickupSlots.id, slot.id))
      .run();
    const before = db().select().from(orders).all().length;
    expect(await (await confirm(cookie, { slotId: String(slot.id) })).json()).toEqual({
      error: "errors.slotFull",
      slotId: String(slot.id),
    });
    expect((await confirm(cookie, { slotId: "abc" })).status).toBe(400);
    expect((await confirm(cookie, {})).status).toBe(400);
    expect(
      (await confirm(cookie, { slotId: String(s.slots[0].id), paymentMethod: "card" })).status,
    ).toBe(400);
    expect(
      (await confirm(cookie, { slotId: String(s.slots[0].id), idempotencyKey: "short" })).status,
    ).toBe(400);
    expect(db().select().from(orders).all().length).toBe(before);
  });

  it("refuses checkout after the cutoff and says when it was", async () => {
    const { cookie } = await shopper([[s.chuno.id, 1]]);
    const { marketDays } = await import("../../db/schema");
    const original = s.day.cutoffAt;
    db()
      .update(marketDays)
      .set({ cutoffAt: new Date(Date.now() - 1000) })
      .where(eq(marketDays.id, s.day.id))
      .run();
    try {
      const response = await confirm(cookie, { slotId: String(s.slots[0].id) });
      expect(response.status).toBe(409);
      const body = await response.json();
      expect(body.error).toBe("errors.orderingClosed");
      expect(body.cutoffLabel).toMatch(/\d/);
    } finally {
      db().update(marketDays).set({ cutoffAt: original }).where(eq(marketDays.id, s.day.id)).run();
    }
  });
});

describe("what the second review found", () => {
  it("checks out only this market day's lines, ignoring ones left from an earlier day", async () => {
    const earlier = createMarketDay({
      marketId: s.market.id,
      date: "2020-01-04",
      status: "completed",
    }).day;
    const old = createOffer({
      marketDayId: earlier.id,
      producerId: s.pisac.id,
      productId: createProduct({
        producerId: s.pisac.id,
        categoryId: createCategory({ marketId: s.market.id }).id,
      }).id,
    });
    const user = createUser();
    db()
      .insert(basketItems)
      .values([
        { userId: user.id, offerId: old.id, quantity: 1 },
        { userId: user.id, offerId: s.olluco.id, quantity: 1 },
      ])
      .run();
    const cookie = await loggedInCookie(user.id);
    const response = await run(
      checkout.action,
      formRequest(
        "/canasta/confirmar",
        {
          intent: "confirm",
          slotId: String(s.slots[0].id),
          paymentMethod: "cash",
          idempotencyKey: crypto.randomUUID(),
          seenPrices: await seenPricesOf(cookie),
        },
        { cookie },
      ),
    );
    expect(response.status).toBe(302);
  });

  it("always lets a person take a paused offer out of the basket", async () => {
    const user = createUser();
    db().insert(basketItems).values({ userId: user.id, offerId: s.paused.id, quantity: 2 }).run();
    const cookie = await loggedInCookie(user.id);
    const response = await run(
      basket.action,
      formRequest(
        "/canasta",
        { intent: "set", offerId: String(s.paused.id), quantity: "0" },
        { cookie },
      ),
    );
    expect(response.status).toBe(302);
    expect(db().select().from(basketItems).where(eq(basketItems.userId, user.id)).all()).toEqual(
      [],
    );
  });

  it("refuses absurd form list indexes at once instead of blocking the server", async () => {
    const started = Date.now();
    const response = await run(
      basket.action,
      formRequest("/canasta", {
        intent: "add",
        offerId: "1",
        quantity: "1",
        "junk[1000000000]": "1",
      }),
    );
    expect(response.status).toBe(400);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
