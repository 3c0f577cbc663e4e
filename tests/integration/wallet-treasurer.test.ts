/**
 * The treasurer's Yape/Plin pages, through their loaders and actions: the wallet's setup
 * (validated, audited, scoped), the queue of proofs (verify, reject with a reason, duplicates
 * flagged and refused, lapsed proofs settled), the private screenshot route, and who gets in.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { lapseWaitingProofs } from "../../app/features/wallet/proof-lapse.server";
import { storeProofScreenshot } from "../../app/features/wallet/proof-images.server";
import * as setupPage from "../../app/routes/coordinacion.pagos.yape";
import * as queuePage from "../../app/routes/coordinacion.pagos._index";
import * as screenshot from "../../app/routes/coordinacion.pagos.comprobante.$id";
import * as layout from "../../app/routes/coordinacion";
import * as dashboard from "../../app/routes/coordinacion._index";
import { marketWallets, orders } from "../../db/schema";
import { createCoordinator, createMembership, createUser } from "../factories";
import { formRequest, getRequest, loggedInCookie, run } from "../helpers";
import { openMarketDayScenario } from "../scenario";
import {
  auditsOf,
  marketWithWallet,
  orderNow,
  orderWithProof,
  pngBlob,
  proofNow,
  setupFields,
} from "../support/wallet-treasurer";

describe("the wallet's setup page", () => {
  it("saves the settings (numbers as +51, lead time in minutes) and audits it", async () => {
    const s = openMarketDayScenario();
    const coordinator = createCoordinator({ marketId: s.market.id });
    const cookie = await loggedInCookie(coordinator.id);
    const response = await run(
      setupPage.action,
      formRequest("/coordinacion/pagos/yape", setupFields(), { cookie }),
    );
    expect(response.status).toBe(302);
    const wallet = db()
      .select()
      .from(marketWallets)
      .where(eq(marketWallets.marketId, s.market.id))
      .get();
    expect(wallet).toMatchObject({
      enabled: true,
      holderName: "Rosa Quispe Huamán",
      yapeNumber: "+51987654321",
      plinNumber: null,
      proofWaitMinutes: 45,
      verifyLeadMinutes: 600,
    });
    expect(auditsOf(s.market.id, "wallet.update")).toHaveLength(1);
    const page = await (
      await run(setupPage.loader, getRequest("/coordinacion/pagos/yape", { cookie }))
    ).json();
    expect(page.settings).toMatchObject({ yapeNumber: "987654321", verifyLeadHours: "10" });
  });

  it.each([
    [{ yapeNumber: "12345" }, "yapeNumber", "coordPayments.errors.numberInvalid"],
    [{ plinNumber: "812345678" }, "plinNumber", "coordPayments.errors.numberInvalid"],
    [{ yapeNumber: "" }, "yapeNumber", "coordPayments.errors.numberRequired"],
    [{ holderName: "" }, "holderName", "coordPayments.errors.holderRequired"],
    [{ holderName: "x".repeat(500) }, "holderName", "coordPayments.errors.holderTooLong"],
    [{ proofWaitMinutes: "5" }, "proofWaitMinutes", "coordPayments.errors.waitRange"],
    [{ verifyLeadHours: "abc" }, "verifyLeadHours", "coordPayments.errors.leadRange"],
    [{ enabled: "yes" }, "enabled", "errors.formInvalid"],
  ])(
    "refuses %j with 400, its field's message, the form kept and nothing written",
    async (bad, field, message) => {
      const s = openMarketDayScenario();
      const coordinator = createCoordinator({ marketId: s.market.id });
      const cookie = await loggedInCookie(coordinator.id);
      const response = await run(
        setupPage.action,
        formRequest("/coordinacion/pagos/yape", setupFields(bad), { cookie }),
      );
      expect(response.status).toBe(400);
      const reply = await response.json();
      expect(reply.formId).toBe("wallet");
      expect(reply.error[field]).toContain(message);
      expect(reply.initialValue.holderName).toBe(setupFields(bad).holderName);
      expect(
        db().select().from(marketWallets).where(eq(marketWallets.marketId, s.market.id)).get(),
      ).toBeUndefined();
      expect(auditsOf(s.market.id, "wallet.update")).toHaveLength(0);
    },
  );

  it("stores an uploaded QR as a public photo, and removes it when asked", async () => {
    const s = openMarketDayScenario();
    const coordinator = createCoordinator({ marketId: s.market.id });
    const cookie = await loggedInCookie(coordinator.id);
    const body = new FormData();
    for (const [k, v] of Object.entries(setupFields())) body.set(k, v);
    body.set("photo", await pngBlob(), "qr.png");
    const request = new Request("http://localhost:3000/coordinacion/pagos/yape", {
      method: "POST",
      body,
      headers: { Cookie: cookie },
    });
    expect((await run(setupPage.action, request)).status).toBe(302);
    const keyOf = () =>
      db().select().from(marketWallets).where(eq(marketWallets.marketId, s.market.id)).get()
        ?.qrPhotoKey;
    expect(keyOf()).toMatch(/^[0-9a-f]{32}$/);
    const removed = await run(
      setupPage.action,
      formRequest("/coordinacion/pagos/yape", setupFields({ removeQr: "on" }), { cookie }),
    );
    expect(removed.status).toBe(302);
    expect(keyOf()).toBeNull();
  });

  it("may be turned off without a holder or numbers", async () => {
    const s = openMarketDayScenario();
    const coordinator = createCoordinator({ marketId: s.market.id });
    const cookie = await loggedInCookie(coordinator.id);
    const fields = setupFields({ holderName: "", yapeNumber: "" });
    delete (fields as Record<string, string>).enabled;
    const response = await run(
      setupPage.action,
      formRequest("/coordinacion/pagos/yape", fields, { cookie }),
    );
    expect(response.status).toBe(302);
  });
});

describe("the treasurer's queue", () => {
  it("lists waiting proofs oldest first with what the treasurer needs", async () => {
    const { s, cookie } = await marketWithWallet();
    const first = orderWithProof(s, "11111111");
    const second = orderWithProof(s, "22222222");
    const page = await (
      await run(queuePage.loader, getRequest("/coordinacion/pagos", { cookie }))
    ).json();
    expect(page.enabled).toBe(true);
    expect(page.waiting.map((p: { proofId: number }) => p.proofId)).toEqual([
      first.proof.id,
      second.proof.id,
    ]);
    expect(page.waiting[0]).toMatchObject({
      app: "yape",
      operationNumber: "11111111",
      code: first.order.pickupCode,
      name: first.family.name,
      screenshot: null,
      elsewhere: [],
    });
    const menu = await (await run(layout.loader, getRequest("/coordinacion", { cookie }))).json();
    expect(menu.proofsWaiting).toBe(2);
  });

  it("says when Yape/Plin is off", async () => {
    const s = openMarketDayScenario();
    const coordinator = createCoordinator({ marketId: s.market.id });
    const cookie = await loggedInCookie(coordinator.id);
    const page = await (
      await run(queuePage.loader, getRequest("/coordinacion/pagos", { cookie }))
    ).json();
    expect(page.enabled).toBe(false);
  });

  it("verify confirms the order, audited; a second tap finds it decided (409)", async () => {
    const { s, cookie } = await marketWithWallet();
    const { order, proof } = orderWithProof(s);
    const post = () =>
      run(
        queuePage.action,
        formRequest(
          "/coordinacion/pagos",
          { intent: "verify", proofId: String(proof.id) },
          { cookie },
        ),
      );
    expect((await post()).status).toBe(302);
    expect(orderNow(order.id)).toMatchObject({ status: "confirmed", paymentStatus: "paid" });
    expect(proofNow(proof.id).status).toBe("verified");
    expect(auditsOf(s.market.id, "payment.proof_verified")).toHaveLength(1);
    const again = await post();
    expect(again.status).toBe(409);
    expect((await again.json()).error[""]).toEqual(["coordPayments.errors.notWaiting"]);
    expect(auditsOf(s.market.id, "payment.proof_verified")).toHaveLength(1);
  });

  it("reject needs a reason of 3–200 characters; then the family gets a new window", async () => {
    const { s, cookie } = await marketWithWallet();
    const { order, proof } = orderWithProof(s);
    const reject = (reason: string) =>
      run(
        queuePage.action,
        formRequest(
          "/coordinacion/pagos",
          { intent: "reject", proofId: String(proof.id), reason },
          { cookie },
        ),
      );
    for (const bad of ["", "no", "x".repeat(201)]) {
      const response = await reject(bad);
      expect(response.status).toBe(400);
      const reply = await response.json();
      expect(reply.formId).toBe(`reject-${proof.id}`);
      expect(reply.error.reason[0]).toMatch(/^(errors\.required|coordPayments\.errors\.reason)/);
      expect(proofNow(proof.id).status).toBe("waiting");
    }
    const holdBefore = orderNow(order.id).holdExpiresAt!;
    expect((await reject("No encuentro el pago")).status).toBe(302);
    expect(proofNow(proof.id)).toMatchObject({
      status: "rejected",
      rejectReason: "No encuentro el pago",
    });
    const after = orderNow(order.id);
    expect(after.status).toBe("pending_payment");
    expect(after.holdExpiresAt!.getTime()).toBeLessThan(holdBefore.getTime());
    expect(after.holdExpiresAt!.getTime()).toBeGreaterThan(Date.now());
    expect(auditsOf(s.market.id, "payment.proof_rejected")).toHaveLength(1);
  });

  it("flags an operation number used on other orders and refuses a second verification", async () => {
    const { s, cookie } = await marketWithWallet();
    const first = orderWithProof(s, "55555555");
    const second = orderWithProof(s, "55555555");
    const page = await (
      await run(queuePage.loader, getRequest("/coordinacion/pagos", { cookie }))
    ).json();
    expect(page.waiting[1].elsewhere).toEqual([
      { code: first.order.pickupCode, status: "waiting" },
    ]);
    const verify = (proofId: number) =>
      run(
        queuePage.action,
        formRequest(
          "/coordinacion/pagos",
          { intent: "verify", proofId: String(proofId) },
          { cookie },
        ),
      );
    expect((await verify(first.proof.id)).status).toBe(302);
    const refused = await verify(second.proof.id);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error[""]).toEqual(["coordPayments.errors.duplicate"]);
    expect(orderNow(second.order.id).status).toBe("pending_payment");
  });

  it("settles lapsed proofs: returned or not received, once", async () => {
    const { s, cookie } = await marketWithWallet();
    const a = orderWithProof(s, "77777777");
    const b = orderWithProof(s, "88888888");
    db().transaction((tx) => lapseWaitingProofs(tx, [a.order.id, b.order.id], new Date()));
    const page = await (
      await run(queuePage.loader, getRequest("/coordinacion/pagos", { cookie }))
    ).json();
    expect(page.waiting).toEqual([]);
    expect(page.lapsed).toHaveLength(2);
    const settle = (proofId: number, outcome: string) =>
      run(
        queuePage.action,
        formRequest(
          "/coordinacion/pagos",
          { intent: "settle", proofId: String(proofId), outcome },
          { cookie },
        ),
      );
    expect((await settle(a.proof.id, "returned")).status).toBe(302);
    expect((await settle(b.proof.id, "notReceived")).status).toBe(302);
    expect(proofNow(a.proof.id).status).toBe("returned");
    expect(proofNow(b.proof.id).status).toBe("rejected");
    expect((await settle(a.proof.id, "returned")).status).toBe(404);
    expect((await settle(a.proof.id, "bogus")).status).toBe(400);
    expect(auditsOf(s.market.id, "payment.proof_returned")).toHaveLength(1);
    expect(auditsOf(s.market.id, "payment.proof_not_received")).toHaveLength(1);
  });

  it("refuses fuzzed input with 4xx and writes nothing", async () => {
    const { s, cookie } = await marketWithWallet();
    const { proof } = orderWithProof(s);
    const attempts: Record<string, string>[] = [
      { intent: "verify", proofId: "abc" },
      { intent: "verify", proofId: "-1" },
      { intent: "verify" },
      { intent: "explode", proofId: String(proof.id) },
      { intent: "reject", proofId: String(proof.id), reason: "ab\u0000c" },
    ];
    for (const fields of attempts) {
      const response = await run(
        queuePage.action,
        formRequest("/coordinacion/pagos", fields, { cookie }),
      );
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    expect(proofNow(proof.id).status).toBe("waiting");
  });
});

describe("the dashboard's refunds by hand", () => {
  it("shows a verified Yape/Plin payment of a cancelled order as such, and Ya lo devolví works", async () => {
    const { s, cookie } = await marketWithWallet();
    const { order, proof } = orderWithProof(s, "31313131");
    const verified = await run(
      queuePage.action,
      formRequest(
        "/coordinacion/pagos",
        { intent: "verify", proofId: String(proof.id) },
        { cookie },
      ),
    );
    expect(verified.status).toBe(302);
    db().update(orders).set({ status: "cancelled" }).where(eq(orders.id, order.id)).run();
    const view = async () =>
      (await (await run(dashboard.loader, getRequest("/coordinacion", { cookie }))).json()).refunds;
    expect(await view()).toEqual([
      expect.objectContaining({ orderId: order.id, method: "yape_plin", code: order.pickupCode }),
    ]);
    const done = await run(
      dashboard.action,
      formRequest(
        "/coordinacion",
        { intent: "refundedByHand", orderId: String(order.id) },
        { cookie },
      ),
    );
    expect(done.status).toBe(302);
    expect(orderNow(order.id).paymentStatus).toBe("refunded");
    expect(await view()).toEqual([]);
  });
});

describe("another market's coordinator, and people who are not coordinators", () => {
  it("cannot see, verify, reject or settle a proof, nor load its screenshot", async () => {
    const { s } = await marketWithWallet();
    const { order, proof } = orderWithProof(s);
    const other = openMarketDayScenario();
    const stranger = createCoordinator({ marketId: other.market.id });
    const cookie = await loggedInCookie(stranger.id);
    const page = await (
      await run(queuePage.loader, getRequest("/coordinacion/pagos", { cookie }))
    ).json();
    expect(page.waiting).toEqual([]);
    const attempts: Record<string, string>[] = [
      { intent: "verify", proofId: String(proof.id) },
      { intent: "reject", proofId: String(proof.id), reason: "No encuentro el pago" },
      { intent: "settle", proofId: String(proof.id), outcome: "returned" },
    ];
    for (const fields of attempts) {
      const response = await run(
        queuePage.action,
        formRequest("/coordinacion/pagos", fields, { cookie }),
      );
      expect(response.status).toBe(404);
    }
    expect(proofNow(proof.id).status).toBe("waiting");
    expect(orderNow(order.id).status).toBe("pending_payment");
    const image = await run(
      screenshot.loader,
      getRequest(`/coordinacion/pagos/comprobante/${proof.id}`, { cookie }),
      { params: { id: String(proof.id) } },
    );
    expect(image.status).toBe(404);
  });

  it("the market's own coordinators get the screenshot, never cached; others a 404", async () => {
    const { s, cookie } = await marketWithWallet();
    const stored = await storeProofScreenshot(await pngBlob());
    if (!stored.ok) throw new Error(stored.error);
    const { proof } = orderWithProof(s, "12121212", stored.key);
    const load = (who: string) =>
      run(
        screenshot.loader,
        getRequest(`/coordinacion/pagos/comprobante/${proof.id}`, { cookie: who }),
        {
          params: { id: String(proof.id) },
        },
      );
    const mine = await load(cookie);
    expect(mine.status).toBe(200);
    expect(mine.headers.get("Cache-Control")).toBe("private, no-store");
    expect(mine.headers.get("Content-Type")).toBe("image/webp");
    const page = await (
      await run(queuePage.loader, getRequest("/coordinacion/pagos", { cookie }))
    ).json();
    expect(page.waiting[0].screenshot).toBe(`/coordinacion/pagos/comprobante/${proof.id}`);
    const other = openMarketDayScenario();
    const stranger = createCoordinator({ marketId: other.market.id });
    expect((await load(await loggedInCookie(stranger.id))).status).toBe(404);
  });

  it("a missing screenshot or a bad id is a 404", async () => {
    const { s, cookie } = await marketWithWallet();
    const { proof } = orderWithProof(s);
    for (const id of [String(proof.id), "999999", "abc"]) {
      const image = await run(
        screenshot.loader,
        getRequest(`/coordinacion/pagos/comprobante/${id}`, { cookie }),
        { params: { id } },
      );
      expect(image.status).toBe(404);
    }
  });

  it("a consumer or a producer gets no access to the pages", async () => {
    const { s } = await marketWithWallet();
    const { proof } = orderWithProof(s);
    const consumer = createUser();
    const producer = createUser();
    createMembership({ userId: producer.id, marketId: s.market.id, role: "producer" });
    for (const user of [consumer, producer]) {
      const cookie = await loggedInCookie(user.id);
      for (const [handler, request] of [
        [queuePage.loader, getRequest("/coordinacion/pagos", { cookie })],
        [setupPage.loader, getRequest("/coordinacion/pagos/yape", { cookie })],
        [
          queuePage.action,
          formRequest(
            "/coordinacion/pagos",
            { intent: "verify", proofId: String(proof.id) },
            { cookie },
          ),
        ],
        [setupPage.action, formRequest("/coordinacion/pagos/yape", setupFields(), { cookie })],
      ] as const) {
        const response = await run(handler, request, { params: { id: String(proof.id) } });
        expect([302, 403, 404]).toContain(response.status);
      }
    }
    expect(proofNow(proof.id).status).toBe("waiting");
  });
});
