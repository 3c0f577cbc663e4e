/**
 * Families paying with Yape/Plin, through the checkout's and the order page's loaders and
 * actions: the hold a Yape/Plin reservation takes, its refusal when the wallet is off or
 * verification has closed, and the proof form (normalized number, the hold extended until
 * verification closes, bad input and other people's codes refused with nothing written, a hold
 * that already ended, a double post).
 */
import fs from "node:fs";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { limaDateOf } from "../../app/lib/time";
import { proofDirectory } from "../../app/features/wallet/proof-images.server";
import * as checkout from "../../app/routes/canasta_.confirmar";
import * as orderPage from "../../app/routes/pedidos.$codigo";
import * as orderList from "../../app/routes/pedidos._index";
import { cartItems, marketWallets, offers, orders, paymentProofs } from "../../db/schema";
import { createUser, openMarketDayScenario } from "../factories";
import { formRequest, getRequest, loggedInCookie, run } from "../helpers";
import { seenPricesOf } from "../support/checkout-page";

let s: ReturnType<typeof scene>;

function scene() {
  const {
    market,
    day,
    slots,
    offers: o,
  } = openMarketDayScenario({
    market: { name: "Mercado con Yape" },
    date: limaDateOf(new Date(Date.now() + 3 * 86_400_000)),
    cutoffAt: new Date(Date.now() + 2 * 86_400_000),
    slotCapacity: 50,
    offers: { papa: { name: "Papa amarilla", quantity: 100, priceCents: 350 } },
  });
  db()
    .insert(marketWallets)
    .values({
      marketId: market.id,
      enabled: true,
      holderName: "Asociación Huancaro",
      yapeNumber: "987654321",
      plinNumber: null,
      qrPhotoKey: "0123456789abcdef0123456789abcdef",
      proofWaitMinutes: 60,
      verifyLeadMinutes: 720,
    })
    .run();
  return { market, day, slots, papa: o.papa };
}

const setWallet = (values: Partial<typeof marketWallets.$inferInsert>) =>
  db().update(marketWallets).set(values).where(eq(marketWallets.marketId, s.market.id)).run();
const reserved = () => db().select().from(offers).where(eq(offers.id, s.papa.id)).get()!.reserved;
const ordersOf = (userId: number) =>
  db().select().from(orders).where(eq(orders.consumerId, userId)).all();
const proofsOf = (orderId: number) =>
  db().select().from(paymentProofs).where(eq(paymentProofs.orderId, orderId)).all();
const orderNow = (id: number) => db().select().from(orders).where(eq(orders.id, id)).get()!;
const storedScreenshots = () =>
  fs.existsSync(proofDirectory()) ? fs.readdirSync(proofDirectory()).length : 0;

async function shopper(quantity = 2) {
  const user = createUser({ email: `yape-${Date.now()}-${Math.random()}@example.pe` });
  db().insert(cartItems).values({ userId: user.id, offerId: s.papa.id, quantity }).run();
  return { user, cookie: await loggedInCookie(user.id) };
}

async function confirmWith(cookie: string, paymentMethod = "yape_plin") {
  return run(
    checkout.action,
    formRequest(
      "/canasta/confirmar",
      {
        intent: "confirm",
        slotId: String(s.slots[0].id),
        paymentMethod,
        idempotencyKey: crypto.randomUUID(),
        seenPrices: await seenPricesOf(cookie),
      },
      { cookie },
    ),
  );
}

async function reservedWithYape() {
  const { user, cookie } = await shopper();
  const response = await confirmWith(cookie);
  expect(response.status).toBe(302);
  const [order] = ordersOf(user.id);
  return { user, cookie, order };
}

function postProof(
  code: string,
  cookie: string,
  fields: Record<string, string>,
  photo?: Blob,
): Promise<Response> {
  const body = new FormData();
  body.set("intent", "proof");
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  if (photo) body.set("photo", photo, "captura.png");
  return run(
    orderPage.action,
    new Request(`http://localhost:3000/pedidos/${code}`, {
      method: "POST",
      body,
      headers: { Cookie: cookie },
    }),
    { params: { codigo: code } },
  );
}

async function pageOf(code: string, cookie: string) {
  const response = await run(orderPage.loader, getRequest(`/pedidos/${code}`, { cookie }), {
    params: { codigo: code },
  });
  return response.json();
}

beforeAll(() => {
  s = scene();
});
beforeEach(() => {
  setWallet({ enabled: true, verifyLeadMinutes: 720, proofWaitMinutes: 60 });
});

describe("checkout with Yape / Plin", () => {
  it("is offered while the wallet is on and holds the basket until the proof window ends", async () => {
    const { user, cookie } = await shopper();
    const page = await run(checkout.loader, getRequest("/canasta/confirmar", { cookie }));
    expect((await page.json()).paymentMethods).toContain("yape_plin");
    const before = reserved();
    const start = Date.now();
    const response = await confirmWith(cookie);
    expect(response.status).toBe(302);
    const [order] = ordersOf(user.id);
    expect(response.headers.get("Location")).toBe(`/pedidos/${order.pickupCode}`);
    expect(order).toMatchObject({
      status: "pending_payment",
      paymentMethod: "yape_plin",
      paymentStatus: "pending",
    });
    const holdMs = order.holdExpiresAt!.getTime() - start;
    expect(holdMs).toBeGreaterThan(59 * 60_000);
    expect(holdMs).toBeLessThanOrEqual(60 * 60_000 + 5_000);
    expect(reserved()).toBe(before + 2);
  });

  it.each([
    ["the wallet is off", { enabled: false }],
    ["verification for the day has closed", { verifyLeadMinutes: 10080 }],
  ])("is neither offered nor accepted when %s (400, nothing written)", async (_, settings) => {
    setWallet(settings);
    const { user, cookie } = await shopper();
    const page = await run(checkout.loader, getRequest("/canasta/confirmar", { cookie }));
    expect((await page.json()).paymentMethods).not.toContain("yape_plin");
    const before = reserved();
    const response = await confirmWith(cookie);
    expect(response.status).toBe(400);
    expect((await response.json()).error[""]).toEqual(["errors.paymentMethodUnavailable"]);
    expect(ordersOf(user.id)).toHaveLength(0);
    expect(reserved()).toBe(before);
  });
});

describe("the order page of a Yape / Plin order", () => {
  it("shows how to pay: amount, QR, number, holder and the proof form's apps", async () => {
    const { cookie, order } = await reservedWithYape();
    const data = await pageOf(order.pickupCode, cookie);
    expect(data.wallet).toMatchObject({
      state: "waitingProof",
      totalCents: 700,
      yapeNumber: "987654321",
      plinNumber: null,
      holderName: "Asociación Huancaro",
      qrPhotoKey: "0123456789abcdef0123456789abcdef",
      apps: ["yape"],
    });
  });

  it("stores the proof with the number normalized and waits for the treasurer until verification closes", async () => {
    const { cookie, order, user } = await reservedWithYape();
    const response = await postProof(order.pickupCode, cookie, {
      app: "yape",
      operationNumber: " N° 1234-5678 ",
    });
    expect(response.status).toBe(302);
    const proofs = proofsOf(order.id);
    expect(proofs).toHaveLength(1);
    expect(proofs[0]).toMatchObject({
      app: "yape",
      operationNumber: "12345678",
      status: "waiting",
      amountCents: 700,
    });
    const deadline = s.day.pickupStartAt.getTime() - 720 * 60_000;
    expect(orderNow(order.id).holdExpiresAt!.getTime()).toBe(deadline);
    const data = await pageOf(order.pickupCode, cookie);
    expect(data.wallet.state).toBe("proofSent");
    expect(data.wallet.proof.operationNumber).toBe("12345678");
    const list = await (await run(orderList.loader, getRequest("/pedidos", { cookie }))).json();
    expect(list.orders[0].walletState).toBe("proofSent");
    expect(ordersOf(user.id)).toHaveLength(1);
  });

  it("keeps a screenshot that is an image, privately", async () => {
    const { cookie, order } = await reservedWithYape();
    const png = await sharp({
      create: { width: 40, height: 80, channels: 3, background: { r: 120, g: 20, b: 160 } },
    })
      .png()
      .toBuffer();
    const response = await postProof(
      order.pickupCode,
      cookie,
      { app: "yape", operationNumber: "55554444" },
      new Blob([png], { type: "image/png" }),
    );
    expect(response.status).toBe(302);
    const [proof] = proofsOf(order.id);
    expect(proof.screenshotKey).toMatch(/^[0-9a-f]{32}$/);
  });

  it("is 404 for another person's code, and nothing is written", async () => {
    const { order } = await reservedWithYape();
    const stranger = await loggedInCookie(createUser({ email: `x-${Date.now()}@example.pe` }).id);
    const response = await postProof(order.pickupCode, stranger, {
      app: "yape",
      operationNumber: "12345678",
    });
    expect(response.status).toBe(404);
    expect(proofsOf(order.id)).toHaveLength(0);
    expect(
      (
        await run(
          orderPage.loader,
          getRequest(`/pedidos/${order.pickupCode}`, { cookie: stranger }),
          { params: { codigo: order.pickupCode } },
        )
      ).status,
    ).toBe(404);
  });

  it.each([
    [
      "a bad operation number",
      { app: "yape", operationNumber: "12ab" },
      undefined,
      "operationNumber",
    ],
    ["an unknown app", { app: "bcp", operationNumber: "12345678" }, undefined, "app"],
    [
      "an app the market does not take",
      { app: "plin", operationNumber: "12345678" },
      undefined,
      "app",
    ],
    [
      "a screenshot that is not an image",
      { app: "yape", operationNumber: "12345678" },
      new Blob(["not a picture at all"], { type: "image/png" }),
      "photo",
    ],
    [
      "a screenshot over 10 MB",
      { app: "yape", operationNumber: "12345678" },
      new Blob([new Uint8Array(11 * 1024 * 1024)], { type: "image/png" }),
      "photo",
    ],
  ])(
    "refuses %s with 400 and its message, keeps what was typed, writes nothing",
    async (_, fields, photo, field) => {
      const { cookie, order } = await reservedWithYape();
      const files = storedScreenshots();
      const response = await postProof(order.pickupCode, cookie, fields, photo);
      expect(response.status).toBe(400);
      const reply = await response.json();
      expect(reply.formId).toBe("proof");
      expect(reply.error[field]).toHaveLength(1);
      expect(reply.initialValue.operationNumber).toBe(fields.operationNumber);
      expect(proofsOf(order.id)).toHaveLength(0);
      expect(orderNow(order.id).holdExpiresAt).toEqual(order.holdExpiresAt);
      expect(storedScreenshots()).toBe(files);
    },
  );

  it("refuses a proof once the hold has ended: the order expires and its stock goes back", async () => {
    const { cookie, order } = await reservedWithYape();
    db()
      .update(orders)
      .set({ holdExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(orders.id, order.id))
      .run();
    const before = reserved();
    const response = await postProof(order.pickupCode, cookie, {
      app: "yape",
      operationNumber: "12345678",
    });
    expect(response.status).toBe(409);
    expect((await response.json()).error[""]).toEqual(["wallet.errors.holdEnded"]);
    expect(orderNow(order.id).status).toBe("expired");
    expect(reserved()).toBe(before - 2);
    expect(proofsOf(order.id)).toHaveLength(0);
    expect((await pageOf(order.pickupCode, cookie)).wallet).toEqual({ state: "ended" });
  });

  it("keeps one waiting proof when the form is posted twice", async () => {
    const { cookie, order } = await reservedWithYape();
    const fields = { app: "yape", operationNumber: "87654321" };
    const [a, b] = await Promise.all([
      postProof(order.pickupCode, cookie, fields),
      postProof(order.pickupCode, cookie, fields),
    ]);
    expect([a.status, b.status]).toEqual([302, 302]);
    const waiting = proofsOf(order.id).filter((p) => p.status === "waiting");
    expect(waiting).toHaveLength(1);
    expect(waiting[0].operationNumber).toBe("87654321");
  });
});
