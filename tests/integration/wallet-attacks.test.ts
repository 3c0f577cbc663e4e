/**
 * Yape/Plin attacked: other markets' and families' ids on every new route, garbage and
 * multipart oddities on the proof form and the treasurer's forms, proofs for orders that are not
 * waiting, decisions racing with cancellations, and the pages and desk copy of orders that went
 * through it. Each refusal is a 4xx with nothing written.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { reserveOrder } from "../../app/features/ordering/reserve.server";
import { cancelOrder } from "../../app/features/ordering/order-changes.server";
import { cancelMarketDay } from "../../app/features/market-days/cancel-day.server";
import { deskDayCopy } from "../../app/features/desk/offline/desk-copy.server";
import { applyQueuedDeskActions } from "../../app/features/desk/offline/desk-sync.server";
import {
  proofDirectory,
  storeProofScreenshot,
} from "../../app/features/wallet/proof-images.server";
import { verifyProof } from "../../app/features/wallet/wallet-proofs.server";
import * as orderPage from "../../app/routes/pedidos.$codigo";
import * as queuePage from "../../app/routes/coordinacion.pagos._index";
import * as setupPage from "../../app/routes/coordinacion.pagos.yape";
import * as screenshot from "../../app/routes/coordinacion.pagos.comprobante.$id";
import { marketWallets, orders, paymentProofs } from "../../db/schema";
import { createUser } from "../factories";
import { formRequest, getRequest, loggedInCookie, run } from "../helpers";
import {
  auditsOf,
  marketWithWallet,
  orderNow,
  orderWithProof,
  proofNow,
  setupFields,
} from "../support/wallet-treasurer";

type Market = Awaited<ReturnType<typeof marketWithWallet>>;

let keys = 0;
async function heldOrder(s: Market["s"], paymentMethod: "yape_plin" | "cash" = "yape_plin") {
  const family = createUser({ name: `Familia ataque ${++keys}` });
  const reserved = reserveOrder({
    consumerId: family.id,
    marketDayId: s.day.id,
    slotId: s.slots[0]!.id,
    lines: [{ offerId: s.offers.papa.id, quantity: 1 }],
    paymentMethod,
    idempotencyKey: `wallet-attacks-${keys}-${Date.now()}`,
  });
  if (!reserved.ok) throw new Error(`reserve: ${reserved.error}`);
  return { family, order: reserved.order, cookie: await loggedInCookie(family.id) };
}

const proofsOf = (orderId: number) =>
  db().select().from(paymentProofs).where(eq(paymentProofs.orderId, orderId)).all();
const storedScreenshots = () =>
  fs.existsSync(proofDirectory()) ? fs.readdirSync(proofDirectory()).sort() : [];

async function screenshotBlob(seed: number) {
  const image = await sharp({
    create: { width: 60, height: 120, channels: 3, background: { r: seed % 256, g: 10, b: 99 } },
  })
    .png()
    .toBuffer();
  return new Blob([new Uint8Array(image)], { type: "image/png" });
}

function postOrder(code: string, cookie: string, body: BodyInit, contentType?: string) {
  return run(
    orderPage.action,
    new Request(`http://localhost:3000/pedidos/${code}`, {
      method: "POST",
      body,
      headers: { Cookie: cookie, ...(contentType ? { "Content-Type": contentType } : {}) },
    }),
    { params: { codigo: code } },
  );
}

function proofForm(fields: Record<string, string>, photo?: Blob) {
  const body = new FormData();
  body.set("intent", "proof");
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  if (photo) body.set("photo", photo, "captura.png");
  return body;
}

const queuePost = (cookie: string, fields: Record<string, string>) =>
  run(queuePage.action, formRequest("/coordinacion/pagos", fields, { cookie }));

describe("the proof form under attack", () => {
  it("a screenshot sent with a proof refused because the hold ended is not kept", async () => {
    const { s } = await marketWithWallet();
    const { order, cookie } = await heldOrder(s);
    db()
      .update(orders)
      .set({ holdExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(orders.id, order.id))
      .run();
    const photo = await screenshotBlob(1);
    const key = crypto
      .createHash("sha256")
      .update(new Uint8Array(await photo.arrayBuffer()))
      .digest("hex")
      .slice(0, 32);
    const before = storedScreenshots();
    const response = await postOrder(
      order.pickupCode,
      cookie,
      proofForm({ app: "yape", operationNumber: "31313131" }, photo),
    );
    expect(response.status).toBe(409);
    expect(proofsOf(order.id)).toHaveLength(0);
    const after = storedScreenshots();
    expect(after.filter((f) => !before.includes(f))).toEqual([]);
    expect(after.some((f) => f.startsWith(key))).toBe(false);
  });

  it("a refused proof never deletes the same screenshot another proof keeps", async () => {
    const { s } = await marketWithWallet();
    const photo = await screenshotBlob(2);
    const kept = await storeProofScreenshot(photo);
    if (!kept.ok) throw new Error(kept.error);
    const other = orderWithProof(s, "42424242", kept.key);
    const { order, cookie } = await heldOrder(s);
    db()
      .update(orders)
      .set({ holdExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(orders.id, order.id))
      .run();
    const response = await postOrder(
      order.pickupCode,
      cookie,
      proofForm({ app: "yape", operationNumber: "43434343" }, photo),
    );
    expect(response.status).toBe(409);
    expect(proofNow(other.proof.id).screenshotKey).toBe(kept.key);
    expect(storedScreenshots().some((f) => f.startsWith(kept.key))).toBe(true);
  });

  it.each([
    ["multipart without a boundary", "a=b", "multipart/form-data"],
    [
      "multipart with a broken body",
      "--x\r\nContent-Disposition: form-da",
      "multipart/form-data; boundary=x",
    ],
    ["JSON", JSON.stringify({ intent: "proof" }), "application/json"],
  ])("%s is a 4xx, never a 5xx, and nothing is written", async (_, body, type) => {
    const { s } = await marketWithWallet();
    const { order, cookie } = await heldOrder(s);
    const response = await postOrder(order.pickupCode, cookie, body, type);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(proofsOf(order.id)).toHaveLength(0);
  });

  it("fields sent as files, or twice, are refused with the form's message", async () => {
    const { s } = await marketWithWallet();
    const { order, cookie } = await heldOrder(s);
    const asFile = new FormData();
    asFile.set("intent", "proof");
    asFile.set("app", "yape");
    asFile.set("operationNumber", new Blob(["12345678"]), "numero.txt");
    const twice = new FormData();
    twice.set("intent", "proof");
    twice.set("app", "yape");
    twice.append("operationNumber", "12345678");
    twice.append("operationNumber", "87654321");
    const appTwice = new FormData();
    appTwice.set("intent", "proof");
    appTwice.append("app", "yape");
    appTwice.append("app", "plin");
    appTwice.set("operationNumber", "12345678");
    for (const body of [asFile, twice, appTwice]) {
      const response = await postOrder(order.pickupCode, cookie, body);
      expect(response.status).toBe(400);
      const reply = await response.json();
      expect(reply.formId).toBe("proof");
      expect(Object.values(reply.error).flat().length).toBeGreaterThan(0);
    }
    expect(proofsOf(order.id)).toHaveLength(0);
  });

  it("unicode digits and oversized numbers are refused", async () => {
    const { s } = await marketWithWallet();
    const { order, cookie } = await heldOrder(s);
    for (const operationNumber of [
      "１２３４５６７８",
      "١٢٣٤٥٦٧٨",
      "1".repeat(21),
      "9".repeat(5000),
    ]) {
      const response = await postOrder(
        order.pickupCode,
        cookie,
        proofForm({ app: "yape", operationNumber }),
      );
      expect(response.status).toBe(400);
      expect((await response.json()).error.operationNumber).toEqual([
        "wallet.errors.operationInvalid",
      ]);
    }
    expect(proofsOf(order.id)).toHaveLength(0);
  });

  it("a proof for a cash order is refused and nothing written", async () => {
    const { s } = await marketWithWallet();
    const { order, cookie } = await heldOrder(s, "cash");
    const response = await postOrder(
      order.pickupCode,
      cookie,
      proofForm({ app: "yape", operationNumber: "12345678" }),
    );
    expect(response.status).toBe(400);
    expect(proofsOf(order.id)).toHaveLength(0);
    expect(orderNow(order.id)).toMatchObject({ status: "confirmed", holdExpiresAt: null });
  });

  it("a proof for an order of a cancelled market day is refused (409)", async () => {
    const { s, coordinator } = await marketWithWallet();
    const { order, cookie } = await heldOrder(s);
    const cancelled = cancelMarketDay({
      marketId: s.market.id,
      actorUserId: coordinator.id,
      dayId: s.day.id,
    });
    expect(cancelled.ok).toBe(true);
    const response = await postOrder(
      order.pickupCode,
      cookie,
      proofForm({ app: "yape", operationNumber: "12345678" }),
    );
    expect(response.status).toBe(409);
    expect(proofsOf(order.id)).toHaveLength(0);
    expect(orderNow(order.id).status).toBe("cancelled");
  });
});

describe("the treasurer's forms under attack", () => {
  it("another market's proof: verify, reject, settle and its screenshot are 404, nothing changes", async () => {
    const mine = await marketWithWallet();
    const theirs = await marketWithWallet();
    const key = await storeProofScreenshot(await screenshotBlob(3));
    if (!key.ok) throw new Error(key.error);
    const { order, proof } = orderWithProof(theirs.s, "61616161", key.key);
    for (const fields of [
      { intent: "verify", proofId: String(proof.id) } as Record<string, string>,
      { intent: "reject", proofId: String(proof.id), reason: "No llegó el pago" },
      { intent: "settle", proofId: String(proof.id), outcome: "returned" },
    ]) {
      expect((await queuePost(mine.cookie, fields)).status).toBe(404);
    }
    const image = await run(
      screenshot.loader,
      getRequest(`/coordinacion/pagos/comprobante/${proof.id}`, { cookie: mine.cookie }),
      { params: { id: String(proof.id) } },
    );
    expect(image.status).toBe(404);
    expect(proofNow(proof.id).status).toBe("waiting");
    expect(orderNow(order.id).status).toBe("pending_payment");
  });

  it.each(["1e3", "-1", "0", "99999999999999999999", "../", "1.0", " 1", "0x1", ""])(
    "the screenshot route answers 404 for id %j",
    async (id) => {
      const { cookie } = await marketWithWallet();
      const response = await run(
        screenshot.loader,
        getRequest(`/coordinacion/pagos/comprobante/${encodeURIComponent(id)}`, { cookie }),
        { params: { id } },
      );
      expect(response.status).toBe(404);
    },
  );

  it.each(["1e3", "-1", "0", "99999999999999999999", "abc", "1.5", "", "١"])(
    "verify with proofId %j is a 400 with a message",
    async (proofId) => {
      const { s, cookie } = await marketWithWallet();
      const { proof } = orderWithProof(s);
      const response = await queuePost(cookie, { intent: "verify", proofId });
      expect(response.status).toBe(400);
      expect((await response.json()).error[""]).toEqual(["errors.formInvalid"]);
      expect(proofNow(proof.id).status).toBe("waiting");
    },
  );

  it("a huge or hidden-character reason is refused with the reason kept", async () => {
    const { s, cookie } = await marketWithWallet();
    const { proof } = orderWithProof(s);
    for (const reason of ["x".repeat(20_000), "No lleg\u202eó el pago"]) {
      const response = await queuePost(cookie, {
        intent: "reject",
        proofId: String(proof.id),
        reason,
      });
      expect(response.status).toBe(400);
      const reply = await response.json();
      expect(reply.formId).toBe(`reject-${proof.id}`);
      expect(reply.error.reason).toHaveLength(1);
      expect(reply.initialValue.reason).toBe(reason);
    }
    expect(proofNow(proof.id).status).toBe("waiting");
  });

  it("an unknown intent or outcome is a 400", async () => {
    const { s, cookie } = await marketWithWallet();
    const { proof } = orderWithProof(s);
    for (const fields of [
      { intent: "confirm", proofId: String(proof.id) } as Record<string, string>,
      { intent: "settle", proofId: String(proof.id), outcome: "kept" },
      {},
    ]) {
      expect((await queuePost(cookie, fields)).status).toBe(400);
    }
    expect(proofNow(proof.id).status).toBe("waiting");
  });

  it("verifying a proof whose market day was cancelled is refused; the order stays cancelled", async () => {
    const { s, coordinator, cookie } = await marketWithWallet();
    const { order, proof } = orderWithProof(s);
    cancelMarketDay({ marketId: s.market.id, actorUserId: coordinator.id, dayId: s.day.id });
    const response = await queuePost(cookie, { intent: "verify", proofId: String(proof.id) });
    expect(response.status).toBe(409);
    expect(orderNow(order.id)).toMatchObject({ status: "cancelled" });
    expect(orderNow(order.id).paymentStatus).not.toBe("paid");
    expect(proofNow(proof.id).status).toBe("lapsed");
    expect(auditsOf(s.market.id, "payment.proof_verified")).toHaveLength(0);
  });

  it("two treasurers verifying at once: one confirmation, one 409", async () => {
    const { s, cookie } = await marketWithWallet();
    const { order, proof } = orderWithProof(s);
    const other = await loggedInCookie(
      (await import("../factories")).createCoordinator({ marketId: s.market.id }).id,
    );
    const [a, b] = await Promise.all([
      queuePost(cookie, { intent: "verify", proofId: String(proof.id) }),
      queuePost(other, { intent: "verify", proofId: String(proof.id) }),
    ]);
    expect([a.status, b.status].sort()).toEqual([302, 409]);
    expect(orderNow(order.id)).toMatchObject({ status: "confirmed", paymentStatus: "paid" });
    expect(auditsOf(s.market.id, "payment.proof_verified")).toHaveLength(1);
  });

  it("setup numbers with unicode digits are refused", async () => {
    const { s, cookie } = await marketWithWallet();
    for (const yapeNumber of ["９８７６５４３２１", "٩٨٧٦٥٤٣٢١", "987654321\u200b"]) {
      const response = await run(
        setupPage.action,
        formRequest("/coordinacion/pagos/yape", setupFields({ yapeNumber }), { cookie }),
      );
      expect(response.status).toBe(400);
      expect((await response.json()).error.yapeNumber).toEqual([
        "coordPayments.errors.numberInvalid",
      ]);
    }
    const wallet = db()
      .select()
      .from(marketWallets)
      .where(eq(marketWallets.marketId, s.market.id))
      .get()!;
    expect(wallet.yapeNumber).toBe("+51987654321");
  });
});

describe("orders that went through Yape/Plin", () => {
  it("the page of a verified order cancelled later loads, with nothing to pay", async () => {
    const { s, coordinator } = await marketWithWallet();
    const { family, order, proof } = orderWithProof(s);
    expect(
      verifyProof({ marketId: s.market.id, proofId: proof.id, actorUserId: coordinator.id }).ok,
    ).toBe(true);
    expect(cancelOrder({ consumerId: family.id, orderId: order.id }).ok).toBe(true);
    const cookie = await loggedInCookie(family.id);
    const response = await run(
      orderPage.loader,
      getRequest(`/pedidos/${order.pickupCode}`, { cookie }),
      { params: { codigo: order.pickupCode } },
    );
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.wallet).toBeNull();
    expect(data.order).toMatchObject({ status: "cancelled", paymentStatus: "paid" });
    const again = await postOrder(
      order.pickupCode,
      cookie,
      proofForm({ app: "yape", operationNumber: "12345678" }),
    );
    expect(again.status).toBe(409);
  });

  it("the desk copy carries Yape/Plin orders; a hold not verified cannot be handed over", async () => {
    const { s, coordinator } = await marketWithWallet();
    const held = orderWithProof(s, "70707070");
    const paid = orderWithProof(s, "80808080");
    verifyProof({ marketId: s.market.id, proofId: paid.proof.id, actorUserId: coordinator.id });
    const copy = deskDayCopy({ marketId: s.market.id, dayId: s.day.id })!;
    const byId = new Map(copy.orders.map((o) => [o.id, o]));
    expect(byId.get(held.order.id)).toMatchObject({
      paymentMethod: "yape_plin",
      status: "pending_payment",
    });
    expect(byId.get(paid.order.id)).toMatchObject({
      paymentMethod: "yape_plin",
      paymentStatus: "paid",
      status: "confirmed",
    });
    const results = applyQueuedDeskActions({
      marketId: s.market.id,
      actorUserId: coordinator.id,
      actions: [held, paid].map(({ order }) => ({
        requestKey: `attack-desk-${order.id}-${Date.now()}`,
        orderId: order.id,
        version: byId.get(order.id)!.version,
        intent: "pickup" as const,
        items: byId.get(order.id)!.items.map((i) => ({ id: i.id, delivered: i.quantity })),
        cashReceivedCents: null,
      })),
    });
    expect(results.map((r) => r.outcome)).toEqual(["conflict", "done"]);
    expect(results[0].reason).toBe("walletNotPaid");
    expect(orderNow(held.order.id).status).toBe("pending_payment");
    expect(orderNow(paid.order.id).status).toBe("picked_up");
  });
});

describe("a proof corrected while the treasurer looks at it", () => {
  it("verify refuses (409) what the treasurer did not see; the new number is then verified", async () => {
    const { s, cookie } = await marketWithWallet();
    const { family, order, proof } = orderWithProof(s, "12121212");
    const page = await (
      await run(queuePage.loader, getRequest("/coordinacion/pagos", { cookie }))
    ).json();
    const seen = page.waiting.find((p: { proofId: number }) => p.proofId === proof.id).seen;
    expect(seen).toMatch(/^[\w-]{22}$/);
    // The family corrects the number (another payment, or none) while the treasurer checks.
    const corrected = await postOrder(
      order.pickupCode,
      await loggedInCookie(family.id),
      proofForm({ app: "yape", operationNumber: "34343434" }),
    );
    expect(corrected.status).toBe(302);
    for (const fields of [
      { intent: "verify", proofId: String(proof.id), seen } as Record<string, string>,
      { intent: "reject", proofId: String(proof.id), seen, reason: "No encuentro el pago" },
    ]) {
      const refused = await queuePost(cookie, fields);
      expect(refused.status).toBe(409);
      expect((await refused.json()).error[""]).toEqual(["coordPayments.errors.changed"]);
    }
    expect(proofNow(proof.id)).toMatchObject({ status: "waiting", operationNumber: "34343434" });
    expect(orderNow(order.id).status).toBe("pending_payment");
    const again = await (
      await run(queuePage.loader, getRequest("/coordinacion/pagos", { cookie }))
    ).json();
    const fresh = again.waiting.find((p: { proofId: number }) => p.proofId === proof.id);
    expect(fresh.operationNumber).toBe("34343434");
    const verified = await queuePost(cookie, {
      intent: "verify",
      proofId: String(proof.id),
      seen: fresh.seen,
    });
    expect(verified.status).toBe(302);
    expect(orderNow(order.id)).toMatchObject({ status: "confirmed", paymentStatus: "paid" });
  });
});
