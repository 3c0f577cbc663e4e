/** The consumer pages through their loaders and actions: checkout and the orders. */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { cartItems, offers, orders, pickupSlots } from "../../db/schema";
import * as basket from "../../app/routes/canasta";
import * as checkout from "../../app/routes/canasta_.confirmar";
import * as orderPage from "../../app/routes/pedidos.$codigo";
import * as orderList from "../../app/routes/pedidos._index";
import {
  createCategory,
  createMarketDay,
  createOffer,
  createProduct,
  createUser,
} from "../factories";
import { formRequest, getRequest, loggedInCookie, run } from "../helpers";
import { seenPricesOf } from "../support/checkout-page";
import { shoppingScene } from "../support/shopping-scene";

let s: ReturnType<typeof shoppingScene>;

beforeAll(() => {
  s = shoppingScene();
});

describe("checkout and orders", () => {
  async function shopper(lines: [number, number][]) {
    const user = createUser();
    for (const [offerId, quantity] of lines)
      db().insert(cartItems).values({ userId: user.id, offerId, quantity }).run();
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
    expect(db().select().from(cartItems).where(eq(cartItems.userId, user.id)).all()).toEqual([]);

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
      error: { "": ["errors.short"] },
      shortages: [
        {
          offerId: s.queso.id,
          productName: "Queso fresco",
          requested: 1,
          available: 0,
          reason: "stock",
        },
      ],
      initialValue: { slotId: String(s.slots[1].id) },
    });
    expect(db().select().from(cartItems).where(eq(cartItems.userId, user.id)).all()).toHaveLength(
      2,
    );
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
    expect(db().select().from(cartItems).where(eq(cartItems.userId, user.id)).all()).toMatchObject([
      { offerId: s.olluco.id, quantity: 1 },
    ]);
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
      error: { "": ["errors.slotFull"] },
      initialValue: { slotId: String(slot.id) },
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
      expect(body.error[""]).toEqual(["errors.orderingClosed"]);
      expect(body.values.cutoff).toMatch(/\d/);
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
      .insert(cartItems)
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
    db().insert(cartItems).values({ userId: user.id, offerId: s.paused.id, quantity: 2 }).run();
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
    expect(db().select().from(cartItems).where(eq(cartItems.userId, user.id)).all()).toEqual([]);
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
