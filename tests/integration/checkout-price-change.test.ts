/**
 * Issue 12, item 3: a price that changed after the checkout page was shown is confirmed, not
 * charged silently. The page's form carries the prices it showed; the same form posted after a
 * producer (or the coordinators, for a family basket) changed a price is refused with a 409
 * listing each change and the new total, writing nothing; its accept button reserves at the
 * new prices with the same slot, payment method and key. By cash and by card (against the
 * fake Stripe API), through the loader and action as a browser would use them.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { limaDateOf } from "../../app/lib/time";
import * as checkout from "../../app/routes/canasta_.confirmar";
import {
  cartBundles,
  cartItems,
  bundles,
  offers,
  orderBundles,
  orderItems,
  orders,
  pickupSlots,
} from "../../db/schema";
import {
  createCategory,
  createOffer,
  createProduct,
  createUser,
  openMarketDayScenario,
} from "../factories";
import { formRequest, getRequest, loggedInCookie, run } from "../helpers";
import { configureStripe, FRESH, startFakeStripe } from "../support/fake-stripe";

let fake: Awaited<ReturnType<typeof startFakeStripe>>;
let s: ReturnType<typeof setup>;

/** Papa amarilla, queso andino and choclo with plenty of stock, and the "Canasta del valle". */
function setup() {
  const { day, slots, offers, bundles } = openMarketDayScenario({
    market: { name: "Mercado de Huancaro" },
    date: limaDateOf(new Date(Date.now() + 3 * 86_400_000)),
    cutoffAt: new Date(Date.now() + 2 * 86_400_000),
    slotCapacity: 50,
    pickupEnd: "08:00",
    offers: {
      papa: { name: "Papa amarilla", priceCents: 1240, quantity: 100 },
      queso: { name: "Queso andino", priceCents: 1500, quantity: 100 },
      choclo: { name: "Choclo", priceCents: 300, quantity: 100 },
    },
    bundles: {
      canasta: { name: "Canasta del valle", priceCents: 2500, contents: { choclo: 2, queso: 1 } },
    },
  });
  return { day, slots, ...offers, canasta: bundles.canasta };
}

beforeAll(async () => {
  fake = await startFakeStripe();
  configureStripe({
    secretKey: "sk_test_qhatu_fake",
    webhookSecret: "whsec_test_qhatu",
    apiUrl: fake.url,
  });
  s = setup();
});
afterAll(async () => {
  configureStripe();
  await fake.close();
});
beforeEach(() => {
  fake.seen.length = 0;
  Object.assign(fake.behaviour, FRESH);
});

type Page = { seenPrices: string; idempotencyKey: string; totalCents: number };
type Refusal = {
  error: Record<string, string[]>;
  priceChanges?: unknown[];
  totalCents?: number;
  accept?: Record<string, string>;
};

async function shopper({
  lines = [],
  baskets = [],
}: {
  lines?: [number, number][];
  baskets?: [number, number][];
}) {
  const user = createUser();
  for (const [offerId, quantity] of lines)
    db().insert(cartItems).values({ userId: user.id, offerId, quantity }).run();
  for (const [bundleId, quantity] of baskets)
    db().insert(cartBundles).values({ userId: user.id, bundleId, quantity }).run();
  return { user, cookie: await loggedInCookie(user.id) };
}

async function checkoutPage(cookie: string): Promise<Page> {
  const response = await run(checkout.loader, getRequest("/canasta/confirmar", { cookie }));
  expect(response.status).toBe(200);
  return response.json();
}

/** The page's confirm form as a browser posts it: its hidden fields, a slot and a payment method. */
const formOf = (page: Page, paymentMethod = "cash") => ({
  intent: "confirm",
  idempotencyKey: page.idempotencyKey,
  seenPrices: page.seenPrices,
  slotId: String(s.slots[0].id),
  paymentMethod,
});

const post = (cookie: string, fields: Record<string, string>) =>
  run(checkout.action, formRequest("/canasta/confirmar", fields, { cookie }));

const setOfferPrice = (id: number, priceCents: number) =>
  db().update(offers).set({ priceCents }).where(eq(offers.id, id)).run();
const setBundlePrice = (id: number, priceCents: number) =>
  db().update(bundles).set({ priceCents }).where(eq(bundles.id, id)).run();

/** Everything a reservation writes or takes, to show that a refusal left it all as it was. */
function snapshot(userId: number) {
  return {
    reserved: db()
      .select({ id: offers.id, reserved: offers.reserved })
      .from(offers)
      .orderBy(offers.id)
      .all(),
    booked: db().select({ booked: pickupSlots.booked }).from(pickupSlots).all(),
    orders: db().select().from(orders).where(eq(orders.consumerId, userId)).all(),
    basket: db().select().from(cartItems).where(eq(cartItems.userId, userId)).all(),
    baskets: db().select().from(cartBundles).where(eq(cartBundles.userId, userId)).all(),
  };
}

const orderAt = (location: string | null) =>
  db()
    .select()
    .from(orders)
    .where(eq(orders.pickupCode, location!.split("/").pop()!))
    .get()!;

describe("the checkout page carries the prices it shows", () => {
  it("writes each line's unit price and each family basket's price into one hidden field", async () => {
    const { cookie } = await shopper({
      lines: [
        [s.papa.id, 2],
        [s.queso.id, 1],
      ],
      baskets: [[s.canasta.id, 1]],
    });
    const page = await checkoutPage(cookie);
    expect(page.seenPrices.split(",").sort()).toEqual(
      [`o${s.papa.id}:1240`, `o${s.queso.id}:1500`, `b${s.canasta.id}:2500`].sort(),
    );
  });

  it("reserves as before when no price changed", async () => {
    const { user, cookie } = await shopper({ lines: [[s.papa.id, 1]] });
    const response = await post(cookie, formOf(await checkoutPage(cookie)));
    expect(response.status).toBe(302);
    expect(orderAt(response.headers.get("Location"))).toMatchObject({
      consumerId: user.id,
      totalCents: 1240,
      status: "confirmed",
    });
  });
});

describe("a price raised after the page was shown, paying cash", () => {
  it("is refused with each change and the new total, writing nothing; accepting reserves at the new price", async () => {
    const { user, cookie } = await shopper({
      lines: [
        [s.papa.id, 2],
        [s.queso.id, 1],
      ],
    });
    const page = await checkoutPage(cookie);
    expect(page.totalCents).toBe(2 * 1240 + 1500);
    setOfferPrice(s.papa.id, 1350);
    try {
      const before = snapshot(user.id);
      const refused = await post(cookie, formOf(page));
      expect(refused.status).toBe(409);
      const body = (await refused.json()) as Refusal;
      expect(body).toEqual({
        error: { "": ["checkout.pricesChanged"] },
        priceChanges: [
          {
            kind: "offer",
            id: s.papa.id,
            name: "Papa amarilla",
            before: 1240,
            after: 1350,
            quantity: 2,
          },
        ],
        totalCents: 2 * 1350 + 1500,
        initialValue: { slotId: String(s.slots[0].id) },
        accept: {
          seenPrices: `o${s.papa.id}:1350,o${s.queso.id}:1500`,
          slotId: String(s.slots[0].id),
          paymentMethod: "cash",
          idempotencyKey: page.idempotencyKey,
        },
      });
      // No order, no stock taken, no place booked, the basket kept.
      expect(snapshot(user.id)).toEqual(before);

      // One tap on "accept": the same key, slot and payment method, the new prices as seen.
      const accepted = await post(cookie, { intent: "confirm", ...body.accept! });
      expect(accepted.status).toBe(302);
      const order = orderAt(accepted.headers.get("Location"));
      expect(order).toMatchObject({
        consumerId: user.id,
        totalCents: 2 * 1350 + 1500,
        idempotencyKey: page.idempotencyKey,
        slotId: s.slots[0].id,
        paymentMethod: "cash",
      });
      expect(
        db()
          .select({ offerId: orderItems.offerId, unitPriceCents: orderItems.unitPriceCents })
          .from(orderItems)
          .where(eq(orderItems.orderId, order.id))
          .all(),
      ).toEqual(
        expect.arrayContaining([
          { offerId: s.papa.id, unitPriceCents: 1350 },
          { offerId: s.queso.id, unitPriceCents: 1500 },
        ]),
      );
      expect(snapshot(user.id).basket).toEqual([]);
      // A double tap on "accept" finds the same order.
      const again = await post(cookie, { intent: "confirm", ...body.accept! });
      expect(again.headers.get("Location")).toBe(accepted.headers.get("Location"));
    } finally {
      setOfferPrice(s.papa.id, 1240);
    }
  });

  it("refuses a lowered price too: the person confirms what they will pay, either way", async () => {
    const { user, cookie } = await shopper({ lines: [[s.queso.id, 1]] });
    const page = await checkoutPage(cookie);
    setOfferPrice(s.queso.id, 1400);
    try {
      const refused = await post(cookie, formOf(page));
      expect(refused.status).toBe(409);
      expect(((await refused.json()) as Refusal).priceChanges).toMatchObject([
        { kind: "offer", before: 1500, after: 1400 },
      ]);
      expect(snapshot(user.id).orders).toEqual([]);
    } finally {
      setOfferPrice(s.queso.id, 1500);
    }
  });

  it("refuses a family basket whose price changed, and accepting reserves it at the new price", async () => {
    const { user, cookie } = await shopper({
      lines: [[s.papa.id, 1]],
      baskets: [[s.canasta.id, 2]],
    });
    const page = await checkoutPage(cookie);
    setBundlePrice(s.canasta.id, 2800);
    try {
      const before = snapshot(user.id);
      const refused = await post(cookie, formOf(page));
      expect(refused.status).toBe(409);
      const body = (await refused.json()) as Refusal;
      expect(body).toMatchObject({
        error: { "": ["checkout.pricesChanged"] },
        priceChanges: [
          {
            kind: "bundle",
            id: s.canasta.id,
            name: "Canasta del valle",
            before: 2500,
            after: 2800,
            quantity: 2,
          },
        ],
        totalCents: 1240 + 2 * 2800,
      });
      expect(snapshot(user.id)).toEqual(before);

      const accepted = await post(cookie, { intent: "confirm", ...body.accept! });
      expect(accepted.status).toBe(302);
      const order = orderAt(accepted.headers.get("Location"));
      expect(order.totalCents).toBe(1240 + 2 * 2800);
      expect(
        db()
          .select({ unitPriceCents: orderBundles.unitPriceCents, quantity: orderBundles.quantity })
          .from(orderBundles)
          .where(eq(orderBundles.orderId, order.id))
          .all(),
      ).toEqual([{ unitPriceCents: 2800, quantity: 2 }]);
      expect(snapshot(user.id).baskets).toEqual([]);
    } finally {
      setBundlePrice(s.canasta.id, 2500);
    }
  });

  it("counts a line added from another tab, never shown at checkout, as changed", async () => {
    const { user, cookie } = await shopper({ lines: [[s.papa.id, 1]] });
    const page = await checkoutPage(cookie);
    db().insert(cartItems).values({ userId: user.id, offerId: s.choclo.id, quantity: 3 }).run();
    const refused = await post(cookie, formOf(page));
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as Refusal;
    expect(body.priceChanges).toEqual([
      { kind: "offer", id: s.choclo.id, name: "Choclo", before: null, after: 300, quantity: 3 },
    ]);
    expect(body.totalCents).toBe(1240 + 3 * 300);
    expect(snapshot(user.id).orders).toEqual([]);
    const accepted = await post(cookie, { intent: "confirm", ...body.accept! });
    expect(accepted.status).toBe(302);
    expect(orderAt(accepted.headers.get("Location")).totalCents).toBe(1240 + 3 * 300);
  });

  it("reports a shortage first: there is no point confirming a price for what cannot be had", async () => {
    const scarce = createOffer({
      marketDayId: s.day.id,
      producerId: s.papa.producerId,
      productId: createProduct({
        producerId: s.papa.producerId,
        categoryId: createCategory({ marketId: s.day.marketId }).id,
        name: "Aguaymanto",
      }).id,
      quantity: 2,
      priceCents: 800,
    });
    const { user, cookie } = await shopper({ lines: [[scarce.id, 2]] });
    const page = await checkoutPage(cookie);
    db().update(offers).set({ priceCents: 900, quantity: 1 }).where(eq(offers.id, scarce.id)).run();
    const refused = await post(cookie, formOf(page));
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      error: { "": ["errors.short"] },
      shortages: [{ offerId: scarce.id, available: 1, reason: "stock" }],
    });
    expect(snapshot(user.id).orders).toEqual([]);
  });
});

describe("a price raised after the page was shown, paying by card", () => {
  it("is refused before any hold or call to Stripe; accepting holds at the new price and goes to Stripe with it", async () => {
    const { user, cookie } = await shopper({
      lines: [[s.papa.id, 1]],
      baskets: [[s.canasta.id, 1]],
    });
    const page = await checkoutPage(cookie);
    setOfferPrice(s.papa.id, 1390);
    try {
      const before = snapshot(user.id);
      const refused = await post(cookie, formOf(page, "card"));
      expect(refused.status).toBe(409);
      const body = (await refused.json()) as Refusal;
      expect(body).toMatchObject({
        error: { "": ["checkout.pricesChanged"] },
        priceChanges: [{ kind: "offer", id: s.papa.id, before: 1240, after: 1390, quantity: 1 }],
        totalCents: 1390 + 2500,
        accept: { paymentMethod: "card", idempotencyKey: page.idempotencyKey },
      });
      expect(snapshot(user.id)).toEqual(before);
      expect(fake.seen).toEqual([]);

      const accepted = await post(cookie, { intent: "confirm", ...body.accept! });
      expect(accepted.status).toBe(303);
      expect(accepted.headers.get("Location")).toMatch(/^http:\/\/pay\.example\.test\/c\//);
      const order = db().select().from(orders).where(eq(orders.consumerId, user.id)).get()!;
      expect(order).toMatchObject({
        status: "pending_payment",
        paymentMethod: "card",
        totalCents: 1390 + 2500,
      });
      // Stripe is asked for what the person accepted, basket and item lines alike.
      const sessions = fake.seen.filter((r) => r.path === "/v1/checkout/sessions");
      expect(sessions).toHaveLength(1);
      const amounts = [...sessions[0].form]
        .filter(([k]) => /^line_items\[\d+\]\[price_data\]\[unit_amount\]$/.test(k))
        .map(([, v]) => Number(v));
      const quantities = [...sessions[0].form]
        .filter(([k]) => /^line_items\[\d+\]\[quantity\]$/.test(k))
        .map(([, v]) => Number(v));
      expect(amounts.reduce((sum, a, i) => sum + a * (quantities[i] ?? 1), 0)).toBe(1390 + 2500);
    } finally {
      setOfferPrice(s.papa.id, 1240);
    }
  });

  it("goes straight to Stripe when no price changed", async () => {
    const { user, cookie } = await shopper({ lines: [[s.queso.id, 1]] });
    const response = await post(cookie, formOf(await checkoutPage(cookie), "card"));
    expect(response.status).toBe(303);
    expect(db().select().from(orders).where(eq(orders.consumerId, user.id)).get()).toMatchObject({
      status: "pending_payment",
      totalCents: 1500,
    });
  });
});

describe("the seen prices field itself", () => {
  it("refuses a malformed field with 400, writing nothing", async () => {
    const { user, cookie } = await shopper({ lines: [[s.papa.id, 1]] });
    const page = await checkoutPage(cookie);
    const before = snapshot(user.id);
    for (const seenPrices of [
      "garbage",
      `o${s.papa.id}`,
      `o${s.papa.id}:12.40`,
      `o${s.papa.id}:-1`,
      `x${s.papa.id}:1240`,
      `o${s.papa.id}:1240,o${s.papa.id}:1240`,
      `o${s.papa.id}:1240,`,
      "o0:1240",
      "o99999999999999999:1240",
      `o${s.papa.id}:1240;DROP TABLE orders`,
      `o${s.papa.id}:1240,`.repeat(300),
      Array.from({ length: 201 }, (_, i) => `o${i + 1}:100`).join(","),
    ]) {
      const response = await post(cookie, { ...formOf(page), seenPrices });
      expect(response.status, seenPrices.slice(0, 40)).toBe(400);
      expect(await response.json()).toEqual({ error: { "": ["errors.checkoutInvalid"] } });
    }
    expect(snapshot(user.id)).toEqual(before);
    // The page's own field still works afterwards, with the same key.
    expect((await post(cookie, formOf(page))).status).toBe(302);
  });

  it("without the field, lists every line as not seen (409) instead of charging silently", async () => {
    const { user, cookie } = await shopper({ lines: [[s.papa.id, 1]] });
    const { seenPrices: _, ...fields } = formOf(await checkoutPage(cookie));
    const refused = await post(cookie, fields);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as Refusal).priceChanges).toEqual([
      {
        kind: "offer",
        id: s.papa.id,
        name: "Papa amarilla",
        before: null,
        after: 1240,
        quantity: 1,
      },
    ]);
    expect(snapshot(user.id).orders).toEqual([]);
  });
});
