/** Family baskets as a consumer meets them: the catalogue, their own page, the basket. */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { cartItems } from "../../db/schema";
import * as catalogue from "../../app/routes/feria._index";
import * as catalogueByDate from "../../app/routes/feria.$fecha";
import * as bundlePage from "../../app/routes/feria.canastas.$id";
import * as basket from "../../app/routes/canasta";
import * as login from "../../app/routes/ingresar";
import * as root from "../../app/root";
import { createUser } from "../factories";
import { CookieJar, formRequest, getRequest, run } from "../helpers";
import { addBundle, bundleShoppingScene, savedBundles, shopper } from "../support/bundles-shopping";

let s: ReturnType<typeof bundleShoppingScene>;

beforeAll(() => {
  s = bundleShoppingScene();
});

describe("family baskets in the catalogue and on their own page", () => {
  it("lists the active basket first on /feria and /feria/:fecha, never a draft", async () => {
    const data = await (await run(catalogue.loader, getRequest("/feria"))).json();
    expect(data.bundles).toEqual([
      {
        id: s.valle.id,
        name: "Canasta del valle",
        photoKey: null,
        priceCents: 2500,
        valueAloneCents: 2300,
        left: 6,
        perCustomerLimit: null,
        productCount: 3,
        producerCount: 2,
      },
    ]);
    const byDate = await (
      await run(catalogueByDate.loader, getRequest(`/feria/${s.day.date}`), {
        params: { fecha: s.day.date },
      })
    ).json();
    expect(byDate.bundles.map((b: { id: number }) => b.id)).toEqual([s.valle.id]);
    // Searching or filtering is about single products: the baskets step aside.
    const filtered = await (await run(catalogue.loader, getRequest("/feria?q=papa"))).json();
    expect(filtered.bundles).toEqual([]);
  });

  it("shows a basket's contents by producer, and 404s for a draft or an unknown id", async () => {
    const page = (id: string) =>
      run(bundlePage.loader, getRequest(`/feria/canastas/${id}`), { params: { id } });
    const response = await page(String(s.valle.id));
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.bundle).toMatchObject({
      name: "Canasta del valle",
      description: "Lo de la semana para cuatro.",
      priceCents: 2500,
      valueAloneCents: 2300,
      left: 6,
    });
    expect(data.canOrder).toBe(true);
    expect(data.producers).toEqual([
      {
        producerId: s.pisac.id,
        farmName: "Chacra Ñawpa",
        producerSlug: "chacra-nawpa",
        community: "Amaru",
        items: [
          { offerId: s.papa.id, productName: "Papa nativa", unit: "kg", perBundle: 2 },
          { offerId: s.olluco.id, productName: "Olluco", unit: "kg", perBundle: 1 },
        ],
      },
      {
        producerId: s.anta.id,
        farmName: "Quesos de Anta",
        producerSlug: "quesos-anta",
        community: "Conchacalla",
        items: [{ offerId: s.queso.id, productName: "Queso fresco", unit: "kg", perBundle: 1 }],
      },
    ]);
    expect((await page(String(s.draft.id))).status).toBe(404);
    expect((await page("999999")).status).toBe(404);
    expect((await page("abc")).status).toBe(404);
  });
});

describe("family baskets in the basket /canasta", () => {
  it("adds 2 baskets to a logged-in person's basket, listed first and counted in the total", async () => {
    const { user, cookie } = await shopper();
    db().insert(cartItems).values({ userId: user.id, offerId: s.olluco.id, quantity: 1 }).run();
    const added = await addBundle({ bundleId: String(s.valle.id), quantity: "2" }, cookie);
    expect(added.status).toBe(302);
    expect(savedBundles(user.id)).toEqual([{ bundleId: s.valle.id, quantity: 2 }]);

    const data = await (await run(basket.loader, getRequest("/canasta", { cookie }))).json();
    expect(data.bundles).toEqual([
      {
        id: s.valle.id,
        name: "Canasta del valle",
        photoKey: null,
        priceCents: 2500,
        perCustomerLimit: null,
        ownLinesCompete: false,
        requested: 2,
        max: 6,
        problem: null,
        subtotalCents: 5000,
      },
    ]);
    expect(data.totalCents).toBe(5000 + 300);

    // The header counts the basket beside the single offer.
    const header = await (await run(root.loader, getRequest("/canasta", { cookie }))).json();
    expect(header.cartCount).toBe(2);

    // Setting a number replaces it; 0 removes the basket.
    const set = await run(
      basket.action,
      formRequest(
        "/canasta",
        { intent: "setBundle", bundleId: String(s.valle.id), quantity: "1", respond: "json" },
        { cookie },
      ),
    );
    expect(await set.json()).toEqual({ ok: true, quantity: 1, capped: false });
    expect(savedBundles(user.id)).toEqual([{ bundleId: s.valle.id, quantity: 1 }]);
    await run(
      basket.action,
      formRequest(
        "/canasta",
        { intent: "setBundle", bundleId: String(s.valle.id), quantity: "0" },
        { cookie },
      ),
    );
    expect(savedBundles(user.id)).toEqual([]);
  });

  it("keeps an anonymous person's baskets in a cookie, moved into the account at login", async () => {
    const jar = new CookieJar();
    const first = jar.apply(
      await addBundle({ bundleId: String(s.valle.id), redirectTo: "/feria#canasta-1" }),
    );
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe("/feria#canasta-1");
    const second = jar.apply(
      await addBundle({ bundleId: String(s.valle.id), respond: "json" }, jar.header()),
    );
    expect(await second.json()).toEqual({ ok: true, quantity: 2, capped: false });
    const data = await (
      await run(basket.loader, getRequest("/canasta", { cookie: jar.header() }))
    ).json();
    expect(data.bundles.map((l: { id: number; requested: number }) => [l.id, l.requested])).toEqual(
      [[s.valle.id, 2]],
    );
    expect(data.totalCents).toBe(5000);

    const user = createUser({ email: "canasta@example.pe", password: "cesta de oca" });
    const response = jar.apply(
      await run(
        login.action,
        formRequest(
          "/ingresar",
          { contact: "canasta@example.pe", password: "cesta de oca" },
          { cookie: jar.header() },
        ),
        { context: { clientIp: "10.1.1.2" } },
      ),
    );
    expect(response.status).toBe(302);
    expect(response.headers.getSetCookie().some((c) => /^qhatu_canastas=.*Max-Age=0/.test(c))).toBe(
      true,
    );
    expect(savedBundles(user.id)).toEqual([{ bundleId: s.valle.id, quantity: 2 }]);
  });

  it("caps what is added at the baskets left, and says so", async () => {
    const { user, cookie } = await shopper();
    const json = await addBundle(
      { bundleId: String(s.valle.id), quantity: "9", respond: "json" },
      cookie,
    );
    expect(await json.json()).toEqual({ ok: true, quantity: 6, capped: true });
    expect(savedBundles(user.id)).toEqual([{ bundleId: s.valle.id, quantity: 6 }]);
    // Without JavaScript: back to the page, with a message naming the basket and the number.
    const plain = await addBundle({ bundleId: String(s.valle.id), redirectTo: "/feria" }, cookie);
    expect(plain.status).toBe(302);
    expect(plain.headers.get("Location")).toBe("/feria");
    expect(plain.headers.getSetCookie().some((c) => c.startsWith("qhatu_flash="))).toBe(true);
    expect(savedBundles(user.id)).toEqual([{ bundleId: s.valle.id, quantity: 6 }]);
  });

  it("refuses bad input with 400 and unknown or draft baskets with 404, writing nothing", async () => {
    const { user, cookie } = await shopper();
    for (const quantity of ["abc", "-1", "1.5", "100000"]) {
      expect((await addBundle({ bundleId: String(s.valle.id), quantity }, cookie)).status).toBe(
        400,
      );
    }
    expect((await addBundle({ bundleId: "abc" }, cookie)).status).toBe(400);
    expect(
      (
        await run(
          basket.action,
          formRequest("/canasta", { intent: "addBasket", bundleId: String(s.valle.id) }),
        )
      ).status,
    ).toBe(400);
    const unknown = await addBundle({ bundleId: "999999", respond: "json" }, cookie);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error[""]).toEqual(["bundles.errors.unavailable"]);
    expect(
      (await addBundle({ bundleId: String(s.draft.id), respond: "json" }, cookie)).status,
    ).toBe(404);
    expect(savedBundles(user.id)).toEqual([]);
    // Anonymous, without JavaScript: back with a message, and no basket cookie written.
    const plain = await addBundle({ bundleId: String(s.draft.id), redirectTo: "/feria" });
    expect(plain.status).toBe(302);
    expect(plain.headers.getSetCookie().some((c) => c.startsWith("qhatu_canastas="))).toBe(false);
  });
});
