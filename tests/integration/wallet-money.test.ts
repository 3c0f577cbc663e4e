/**
 * Yape/Plin as its own payment kind where the money is counted: the settlement per producer
 * (card, cash and Yape/Plin adding up to gross, net = gross − commission), the sheets' CSVs,
 * the pickup desk (nothing to collect for a verified order, an unverified one refused, a short
 * handover recording what to give back) and the desk's offline copy and its sync.
 */
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { reserveOrder } from "../../app/features/ordering/reserve.server";
import { saveWalletSettings } from "../../app/features/wallet/wallet-settings.server";
import { submitProof, verifyProof } from "../../app/features/wallet/wallet-proofs.server";
import { recordPickup } from "../../app/features/desk/pickup-desk.server";
import { getDeskOrder } from "../../app/features/desk/desk-search.server";
import { getSettlement } from "../../app/features/settlement/settlements.server";
import { getSales } from "../../app/features/producers/producer-sales.server";
import { applyQueuedDeskActions } from "../../app/features/desk/offline/desk-sync.server";
import { deskDayCopy } from "../../app/features/desk/offline/desk-copy.server";
import type { QueuedDeskAction } from "../../app/features/desk/offline/desk-copy";
import * as settlementCsv from "../../app/routes/coordinacion.hojas.$fecha.liquidacion[.csv]";
import * as ordersCsv from "../../app/routes/coordinacion.hojas.$fecha.pedidos[.csv]";
import * as deskPage from "../../app/routes/coordinacion.recojo.$id";
import { auditLog, marketDays, markets, orderItems, orders } from "../../db/schema";
import { limaDateOf } from "../../app/lib/time";
import { createCoordinator, createOrder, openMarketDayScenario } from "../factories";
import { formRequest, getRequest, loggedInCookie, run } from "../helpers";

const key = () => crypto.randomUUID();

function scene() {
  const s = openMarketDayScenario({
    categories: { category: { slug: `c-${key()}` } },
    producers: {
      juan: { profile: { farmName: "Chacra Juan" } },
      ana: { profile: { farmName: "Chacra Ana" } },
    },
    offers: {
      papa: { name: "Papa huayro", unit: "kg", priceCents: 250, quantity: 40 },
      queso: { name: "Queso fresco", unit: "kg", producer: "ana", priceCents: 1200, quantity: 20 },
    },
    consumers: { rosa: { name: "Rosa Quispe" }, luis: { name: "Luis Mamani" } },
  });
  db().update(markets).set({ commissionBps: 850 }).where(eq(markets.id, s.market.id)).run();
  const coordinator = createCoordinator({ marketId: s.market.id });
  saveWalletSettings({
    marketId: s.market.id,
    actorUserId: coordinator.id,
    settings: {
      enabled: true,
      holderName: "Asociación Huancaro",
      yapeNumber: "987654321",
      plinNumber: null,
      qrPhotoKey: null,
      proofWaitMinutes: 60,
      verifyLeadMinutes: 0,
    },
  });
  const cashOrCard = (paymentMethod: "cash" | "card", papa: number, queso: number) =>
    createOrder({
      marketId: s.market.id,
      consumerId: s.consumers.rosa.id,
      marketDayId: s.day.id,
      slotId: s.slots[0].id,
      paymentMethod,
      items: [s.item("papa", papa), s.item("queso", queso)].filter((i) => i.quantity > 0),
    });
  /** A Yape/Plin order reserved, its proof sent, and (unless told) verified. */
  const wallet = (papa: number, queso: number, verified = true) => {
    const reserved = reserveOrder({
      consumerId: s.consumers.luis.id,
      marketDayId: s.day.id,
      slotId: s.slots[0].id,
      lines: [
        { offerId: s.offers.papa.id, quantity: papa },
        { offerId: s.offers.queso.id, quantity: queso },
      ],
      paymentMethod: "yape_plin",
      idempotencyKey: key(),
    });
    if (!reserved.ok) throw new Error(`reserve: ${reserved.error}`);
    const sent = submitProof({
      consumerId: s.consumers.luis.id,
      orderId: reserved.order.id,
      app: "yape",
      operationNumber: String(10_000_000 + Math.floor(Math.random() * 89_999_999)),
    });
    if (!sent.ok) throw new Error(`proof: ${sent.error}`);
    if (verified) {
      const ok = verifyProof({
        marketId: s.market.id,
        proofId: sent.proof.id,
        actorUserId: coordinator.id,
      });
      if (!ok.ok) throw new Error(`verify: ${ok.error}`);
    }
    return orderOf(reserved.order.id);
  };
  return { ...s, coordinator, cashOrCard, wallet };
}

const orderOf = (id: number) => db().select().from(orders).where(eq(orders.id, id)).get()!;
const itemsOf = (orderId: number) =>
  db().select().from(orderItems).where(eq(orderItems.orderId, orderId)).all();
const auditRows = () => db().select().from(auditLog).all().length;
const pickupAudit = (orderId: number) =>
  JSON.parse(
    db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(orderId)))
      .all()
      .filter((r) => r.action === "desk.pickup")
      .at(-1)!.data,
  ) as { givenBackCents?: number; cashReceivedCents: number | null; totalCents: number };

let s: ReturnType<typeof scene>;
beforeEach(() => {
  s = scene();
});

const desk = (orderId: number) => ({
  marketId: s.market.id,
  orderId,
  actorUserId: s.coordinator.id,
  requestKey: key(),
});
/** Hands everything over but `short` units of the order's first line (papa). */
const handOver = (orderId: number, short = 0, cashReceivedCents: number | null = null) => {
  const papa = itemsOf(orderId).find((i) => i.productName === "Papa huayro")!;
  return recordPickup({
    ...desk(orderId),
    delivered: new Map([[papa.id, papa.quantity - short]]),
    cashReceivedCents,
  });
};

describe("the pickup desk and a Yape/Plin order", () => {
  it("a verified order is handed over with nothing to collect, no cash recorded", () => {
    const order = s.wallet(2, 1);
    expect(order).toMatchObject({ status: "confirmed", paymentStatus: "paid" });
    // Cash typed by mistake is not recorded: the order was paid by Yape/Plin.
    const done = handOver(order.id, 0, 5000);
    expect(done).toMatchObject({
      ok: true,
      totalCents: 1700,
      changeCents: null,
      givenBackCents: 0,
    });
    expect(orderOf(order.id)).toMatchObject({
      status: "picked_up",
      paymentStatus: "paid",
      cashReceivedCents: null,
    });
    expect(pickupAudit(order.id)).toMatchObject({ cashReceivedCents: null, givenBackCents: 0 });
  });

  it("an order whose proof is not verified is refused, nothing written", () => {
    const order = s.wallet(2, 1, false);
    expect(order.status).toBe("pending_payment");
    const before = auditRows();
    expect(handOver(order.id)).toMatchObject({ ok: false, error: "notPaid" });
    expect(orderOf(order.id).status).toBe("pending_payment");
    expect(auditRows()).toBe(before);
  });

  it("a short handover records what to give back (paid − handed over), not as cash", () => {
    const order = s.wallet(4, 1); // 4 × 2.50 + 12.00 = 22.00 paid
    const input = desk(order.id);
    const papa = itemsOf(order.id).find((i) => i.productName === "Papa huayro")!;
    const run1 = recordPickup({
      ...input,
      delivered: new Map([[papa.id, 1]]),
      cashReceivedCents: null,
    });
    expect(run1).toMatchObject({ ok: true, totalCents: 1450, givenBackCents: 750 });
    // The same tap again: one effect, the same answer.
    const again = recordPickup({
      ...input,
      delivered: new Map([[papa.id, 1]]),
      cashReceivedCents: null,
    });
    expect(again).toMatchObject({ ok: true, repeated: true, givenBackCents: 750 });
    expect(orderOf(order.id)).toMatchObject({
      status: "partially_picked_up",
      totalCents: 1450,
      cashReceivedCents: null,
    });
    expect(pickupAudit(order.id)).toMatchObject({ givenBackCents: 750, cashReceivedCents: null });
    // The desk's page of the order says it afterwards too.
    expect(getDeskOrder({ marketId: s.market.id, orderId: order.id })).toMatchObject({
      givenBackCents: 750,
    });
  });

  it("the desk page says so and its form refuses an unverified order with 409", async () => {
    const waiting = s.wallet(1, 0, false);
    const cookie = await loggedInCookie(s.coordinator.id);
    const before = auditRows();
    const response = await run(
      deskPage.action,
      formRequest(
        `/coordinacion/recojo/${waiting.id}`,
        { intent: "pickup", requestKey: key() },
        { cookie },
      ),
      { params: { id: String(waiting.id) } },
    );
    expect(response.status).toBe(409);
    expect(auditRows()).toBe(before);
  });
});

describe("the desk's offline copy and its sync", () => {
  const queued = (orderId: number, extra: Partial<QueuedDeskAction> = {}): QueuedDeskAction => ({
    requestKey: key(),
    orderId,
    version: deskDayCopy({ marketId: s.market.id, dayId: s.day.id })!.orders.find(
      (o) => o.id === orderId,
    )!.version,
    intent: "pickup",
    items: itemsOf(orderId).map((i) => ({ id: i.id, delivered: i.quantity })),
    cashReceivedCents: null,
    recordedAt: new Date().toISOString(),
    ...extra,
  });
  const sync = (actions: QueuedDeskAction[]) =>
    applyQueuedDeskActions({ marketId: s.market.id, actorUserId: s.coordinator.id, actions });

  it("copies the Yape/Plin order with its method, and syncs a short handover with the amount to give back", () => {
    const order = s.wallet(4, 1);
    const copy = deskDayCopy({ marketId: s.market.id, dayId: s.day.id })!;
    expect(copy.orders.find((o) => o.id === order.id)).toMatchObject({
      paymentMethod: "yape_plin",
      paymentStatus: "paid",
      totalCents: 2200,
    });
    const papa = itemsOf(order.id).find((i) => i.productName === "Papa huayro")!;
    const action = queued(order.id, {
      items: itemsOf(order.id).map((i) => ({
        id: i.id,
        delivered: i.id === papa.id ? 2 : i.quantity,
      })),
    });
    expect(sync([action])).toMatchObject([{ outcome: "done" }]);
    expect(sync([action])).toMatchObject([{ outcome: "repeated" }]);
    expect(orderOf(order.id)).toMatchObject({ totalCents: 1700, cashReceivedCents: null });
    expect(pickupAudit(order.id)).toMatchObject({ givenBackCents: 500 });
  });

  it("refuses an unverified order, and cash for a Yape/Plin one, as conflicts", () => {
    const waiting = s.wallet(1, 0, false);
    const paid = s.wallet(1, 0);
    const before = auditRows();
    expect(sync([queued(waiting.id), queued(paid.id, { cashReceivedCents: 250 })])).toMatchObject([
      { outcome: "conflict", reason: "walletNotPaid" },
      { outcome: "conflict", reason: "paidByWallet" },
    ]);
    expect(auditRows()).toBe(before);
    expect(orderOf(paid.id).status).toBe("confirmed");
  });
});

describe("the money adds up with three kinds", () => {
  /** Cash 2 papa + 1 queso (17.00), card 4 papa (10.00), Yape/Plin 2 papa + 2 queso (29.00). */
  function handedDay() {
    const cash = s.cashOrCard("cash", 2, 1);
    const card = s.cashOrCard("card", 4, 0);
    db().update(orders).set({ paymentStatus: "paid" }).where(eq(orders.id, card.id)).run();
    const wallet = s.wallet(2, 2);
    const unverified = s.wallet(1, 1, false);
    for (const o of [cash, card, wallet]) expect(handOver(o.id)).toMatchObject({ ok: true });
    return { cash, card, wallet, unverified };
  }

  it("settles each producer with card, cash and Yape/Plin adding up to gross", () => {
    handedDay();
    const settlement = getSettlement({ marketId: s.market.id, marketDayId: s.day.id });
    const juan = settlement.rows.find((r) => r.farmName === "Chacra Juan")!;
    const ana = settlement.rows.find((r) => r.farmName === "Chacra Ana")!;
    // Juan: papa 2 cash (5.00), 4 card (10.00), 2 Yape/Plin (5.00).
    expect(juan).toMatchObject({
      cashCents: 500,
      cardCents: 1000,
      yapeCents: 500,
      grossCents: 2000,
    });
    // Ana: queso 1 cash (12.00), 2 Yape/Plin (24.00); the unverified order counts nothing.
    expect(ana).toMatchObject({ cashCents: 1200, cardCents: 0, yapeCents: 2400, grossCents: 3600 });
    for (const r of settlement.rows) {
      expect(r.cashCents + r.cardCents + r.yapeCents).toBe(r.grossCents);
      expect(r.netCents).toBe(r.grossCents - r.commissionCents);
    }
    // 2000 × 8.5 % = 170; 3600 × 8.5 % = 306.
    expect(juan.commissionCents).toBe(170);
    expect(ana.commissionCents).toBe(306);
    expect(settlement.totals).toMatchObject({
      grossCents: 5600,
      cashCents: 1700,
      cardCents: 1000,
      yapeCents: 2900,
      netCents: 5600 - 476,
    });
  });

  it("shows Yape/Plin in the producer's sales", () => {
    handedDay();
    const ana = s.producers.ana.producer;
    // Sales show days that took place: the day is moved to today.
    const today = limaDateOf(new Date());
    db().update(marketDays).set({ date: today }).where(eq(marketDays.id, s.day.id)).run();
    const day = getSales({ producerId: ana.id, marketId: s.market.id }).find(
      (d) => d.date === today,
    )!;
    expect(day).toMatchObject({ cashCents: 1200, cardCents: 0, yapeCents: 2400, grossCents: 3600 });
  });

  it("the CSVs carry the kind", async () => {
    handedDay();
    const cookie = await loggedInCookie(s.coordinator.id);
    const liquidacion = await run(
      settlementCsv.loader,
      getRequest(`/coordinacion/hojas/${s.day.date}/liquidacion.csv`, { cookie }),
      { params: { fecha: s.day.date } },
    );
    const text = await liquidacion.text();
    const [header, ...lines] = text.trim().split(/\r?\n/);
    expect(header).toContain("Yape / Plin (S/)");
    const columns = header.split(",");
    const at = columns.findIndex((c) => c.includes("Yape / Plin"));
    const ana = lines.find((l) => l.startsWith('"Chacra Ana"'))!.split(",");
    expect(ana[at]).toBe("24.00");
    const pedidos = await run(
      ordersCsv.loader,
      getRequest(`/coordinacion/hojas/${s.day.date}/pedidos.csv`, { cookie }),
      { params: { fecha: s.day.date } },
    );
    const orderLines = (await pedidos.text()).split(/\r?\n/);
    expect(orderLines.filter((l) => l.includes("Yape / Plin")).length).toBe(2);
    expect(orderLines.join("\n")).not.toContain("yape_plin");
  });
});
