/** The consumer pages through their loaders and actions: the catalogue and the basket. */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { cartItems } from "../../db/schema";
import * as catalogue from "../../app/routes/feria._index";
import * as catalogueByDate from "../../app/routes/feria.$fecha";
import * as basket from "../../app/routes/canasta";
import * as login from "../../app/routes/ingresar";
import * as profile from "../../app/routes/productores.$slug";
import {
  countLinesOfDay,
  linesOfDay,
  OFFERS_OF_DAY_SQL,
  BUNDLES_OF_DAY_SQL,
  bundleLinesOfDay,
  describeBundleLines,
  describeCart,
} from "../../app/features/cart/cart.server";
import {
  createBundle,
  createCategory,
  createMarketDay,
  createOffer,
  createProducer,
  createProduct,
  createUser,
} from "../factories";
import { CookieJar, countQueries, cookiesFrom, formRequest, getRequest, run } from "../helpers";
import { shoppingScene } from "../support/shopping-scene";

let s: ReturnType<typeof shoppingScene>;

beforeAll(() => {
  s = shoppingScene();
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
  it("counts only this market day's offers in the header, not an older day's leftovers", () => {
    const { day: lastWeek } = createMarketDay({ marketId: s.market.id, date: "2026-01-03" });
    const leftover = createOffer({
      marketDayId: lastWeek.id,
      producerId: s.pisac.id,
      productId: s.chuno.productId,
    });
    const lines = [
      { offerId: s.chuno.id, quantity: 1 },
      { offerId: leftover.id, quantity: 2 },
      { offerId: s.queso.id, quantity: 1 },
      { offerId: 987_654, quantity: 1 },
    ];
    expect(linesOfDay({ lines, marketDayId: s.day.id })).toEqual([lines[0], lines[2]]);
    expect(countLinesOfDay({ lines, marketDayId: lastWeek.id })).toBe(1);
    expect(countLinesOfDay({ lines: [], marketDayId: s.day.id })).toBe(0);
  });

  it("counts only this market day's family baskets that are for sale", () => {
    const { day: lastWeek } = createMarketDay({ marketId: s.market.id, date: "2026-01-10" });
    const contents = [{ offerId: s.chuno.id, quantity: 1 }];
    const today = createBundle({ marketId: s.market.id, marketDayId: s.day.id, contents });
    const draft = createBundle({
      marketId: s.market.id,
      marketDayId: s.day.id,
      contents,
      status: "draft",
    });
    const old = createBundle({ marketId: s.market.id, marketDayId: lastWeek.id, contents: [] });
    const lines = [today, draft, old, { id: 987_654 }].map((b) => ({
      bundleId: b.id,
      quantity: 1,
    }));
    expect(bundleLinesOfDay({ lines, marketDayId: s.day.id })).toEqual([lines[0]]);
    expect(bundleLinesOfDay({ lines, marketDayId: lastWeek.id })).toEqual([lines[2]]);
    expect(bundleLinesOfDay({ lines: [], marketDayId: s.day.id })).toEqual([]);
  });

  it("reads what a person already holds from their own orders, not from every order of the offers", () => {
    const client = db().$client;
    const prepare = client.prepare.bind(client);
    const sources: string[] = [];
    client.prepare = ((source: string) => {
      sources.push(source);
      return prepare(source);
    }) as typeof client.prepare;
    try {
      describeCart({
        lines: [{ offerId: s.chuno.id, quantity: 1 }],
        marketDayId: s.day.id,
        consumerId: 1,
      });
      describeBundleLines({
        lines: [{ bundleId: 1, quantity: 1 }],
        marketDayId: s.day.id,
        consumerId: 1,
      });
    } finally {
      client.prepare = prepare;
    }
    const holdings = sources.filter((q) => /from "orders" cross join/i.test(q));
    expect(holdings).toHaveLength(2);
    for (const query of holdings) {
      const params = Array((query.match(/\?/g) ?? []).length).fill(1);
      const plan = prepare(`EXPLAIN QUERY PLAN ${query}`).all(...params) as { detail: string }[];
      expect(plan[0].detail).toMatch(/^SEARCH orders USING INDEX orders_consumer_idx/);
    }
  });

  it("looks the basket's offers up by their key, not by walking the day's offers (every signed-in page runs it)", () => {
    for (const [query, table] of [
      [OFFERS_OF_DAY_SQL, "offers"],
      [BUNDLES_OF_DAY_SQL, "bundles"],
    ]) {
      const plan = db().$client.prepare(`EXPLAIN QUERY PLAN ${query}`).all("[1, 2]", s.day.id) as {
        detail: string;
      }[];
      expect(plan.map((step) => step.detail)).toEqual([
        expect.stringMatching(/^SCAN ids VIRTUAL TABLE/),
        expect.stringMatching(new RegExp(`^SEARCH ${table} USING INTEGER PRIMARY KEY`)),
      ]);
    }
  });

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
    expect(db().select().from(cartItems).where(eq(cartItems.userId, user.id)).all()).toMatchObject([
      { offerId: s.queso.id, quantity: 1 },
    ]);
  });
});
