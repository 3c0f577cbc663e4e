/**
 * Yape/Plin's rules through the real models: a reservation holds like a card hold for the
 * proof window (never past verification's close, refused when the market takes no Yape/Plin);
 * a proof moves the hold to verification's close; the treasurer verifies (confirmed, told) or
 * rejects (a new window, told); verification and expiry racing for one order give one outcome;
 * an operation number is verified once; orders that end lapse their waiting proof; verified
 * money of a cancelled order is left to give back by hand. Each step scoped to its owner.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { reserveOrder } from "../../app/features/ordering/reserve.server";
import { cancelOrder } from "../../app/features/ordering/order-changes.server";
import { expireUnpaidHolds } from "../../app/features/payments/payment-jobs.server";
import {
  markRefundedByHand,
  refundsLeftToCoordinators,
} from "../../app/features/payments/refunds-by-hand.server";
import { cancelMarketDay } from "../../app/features/market-days/cancel-day.server";
import { saveWalletSettings } from "../../app/features/wallet/wallet-settings.server";
import { walletOffered } from "../../app/features/wallet/wallet.server";
import {
  rejectProof,
  settleLapsedProof,
  submitProof,
  verifyProof,
} from "../../app/features/wallet/wallet-proofs.server";
import { normalizeOperationNumber } from "../../app/features/wallet/wallet-rules";
import { limaDateOf, limaInstant } from "../../app/lib/time";
import {
  auditLog,
  notificationOutbox,
  offers,
  orders,
  paymentProofs,
  pickupSlots,
} from "../../db/schema";
import { createCoordinator, createUser, openMarketDayScenario } from "../factories";

const MINUTE = 60_000;

function walletMarket({ enabled = true, wait = 60, lead = 720 } = {}) {
  // Orders close just before pickup, so a test may reserve up to verification's close.
  const date = limaDateOf(new Date(Date.now() + 3 * 86_400_000));
  const s = openMarketDayScenario({
    date,
    cutoffAt: limaInstant(date, "05:00"),
    offers: { papa: { name: "Papa amarilla", quantity: 10, priceCents: 350 } },
  });
  const treasurer = createCoordinator({ marketId: s.market.id });
  saveWalletSettings({
    marketId: s.market.id,
    actorUserId: treasurer.id,
    settings: {
      enabled,
      holderName: "Asociación de Productores de Cusco",
      yapeNumber: "987654321",
      plinNumber: null,
      qrPhotoKey: null,
      proofWaitMinutes: wait,
      verifyLeadMinutes: lead,
    },
  });
  let keys = 0;
  const reserve = (consumerId: number, quantity = 2, now = new Date()) =>
    reserveOrder({
      consumerId,
      marketDayId: s.day.id,
      slotId: s.slots[0].id,
      lines: [{ offerId: s.offers.papa.id, quantity }],
      paymentMethod: "yape_plin",
      idempotencyKey: `wallet-${s.market.id}-${++keys}`,
      now,
    });
  const held = (consumerId: number, quantity = 2, now = new Date()) => {
    const result = reserve(consumerId, quantity, now);
    if (!result.ok) throw new Error(`reservation refused: ${result.error}`);
    return result.order;
  };
  const deadline = new Date(s.day.pickupStartAt.getTime() - 720 * MINUTE);
  return { ...s, treasurer, reserve, held, deadline };
}

const orderNow = (id: number) => db().select().from(orders).where(eq(orders.id, id)).get()!;
const reservedOf = (offerId: number) =>
  db().select().from(offers).where(eq(offers.id, offerId)).get()!.reserved;
const proofsOf = (orderId: number) =>
  db().select().from(paymentProofs).where(eq(paymentProofs.orderId, orderId)).all();
const messagesOf = (userId: number, template: string) =>
  db()
    .select()
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.userId, userId), eq(notificationOutbox.template, template)))
    .all();
const send = (consumerId: number, orderId: number, operationNumber = "01234567", now?: Date) =>
  submitProof({ consumerId, orderId, app: "yape", operationNumber, now });

describe("reserving with Yape/Plin", () => {
  it("holds stock and place until the proof window ends, as pending payment", () => {
    const m = walletMarket({ wait: 45 });
    const family = createUser();
    const now = new Date();
    const order = m.held(family.id, 3, now);
    expect(order).toMatchObject({
      status: "pending_payment",
      paymentMethod: "yape_plin",
      paymentStatus: "pending",
    });
    expect(order.holdExpiresAt!.getTime()).toBe(now.getTime() + 45 * MINUTE);
    expect(reservedOf(m.offers.papa.id)).toBe(3);
    const slot = db().select().from(pickupSlots).where(eq(pickupSlots.id, m.slots[0].id)).get()!;
    expect(slot.booked).toBe(1);
    // No confirmation before the money is verified.
    expect(messagesOf(family.id, "order_confirmed")).toHaveLength(0);
  });

  it("never holds past verification's close, and is not offered or taken after it", () => {
    const m = walletMarket({ wait: 120 });
    const family = createUser();
    const late = new Date(m.deadline.getTime() - 30 * MINUTE);
    expect(m.held(family.id, 1, late).holdExpiresAt).toEqual(m.deadline);
    const tooLate = new Date(m.deadline.getTime() - 5 * MINUTE);
    expect(walletOffered(m.market.id, m.day.id, tooLate)).toBe(false);
    expect(m.reserve(family.id, 1, tooLate)).toEqual({ ok: false, error: "walletUnavailable" });
    expect(walletOffered(m.market.id, m.day.id, late)).toBe(true);
  });

  it("is refused, with nothing written, when the market has Yape/Plin off", () => {
    const m = walletMarket({ enabled: false });
    const family = createUser();
    expect(walletOffered(m.market.id, m.day.id)).toBe(false);
    expect(m.reserve(family.id)).toEqual({ ok: false, error: "walletUnavailable" });
    expect(reservedOf(m.offers.papa.id)).toBe(0);
    expect(db().select().from(orders).where(eq(orders.consumerId, family.id)).all()).toEqual([]);
  });

  it("gives stock and place back when no proof comes in time, and tells the family", () => {
    const m = walletMarket({ wait: 30 });
    const family = createUser();
    const now = new Date();
    const order = m.held(family.id, 4, now);
    expireUnpaidHolds(new Date(now.getTime() + 29 * MINUTE));
    expect(orderNow(order.id).status).toBe("pending_payment");
    expireUnpaidHolds(new Date(now.getTime() + 31 * MINUTE));
    expect(orderNow(order.id)).toMatchObject({ status: "expired", paymentStatus: "failed" });
    expect(reservedOf(m.offers.papa.id)).toBe(0);
    const [told] = messagesOf(family.id, "order_expired");
    expect(JSON.parse(told.payload)).toMatchObject({ pickupCode: order.pickupCode, wallet: true });
  });
});

describe("sending a proof", () => {
  it("records the operation as digits and moves the hold to verification's close", () => {
    const m = walletMarket();
    const family = createUser();
    const order = m.held(family.id);
    const sent = send(family.id, order.id, " N° 0123-4567 ");
    expect(sent).toMatchObject({
      ok: true,
      proof: { operationNumber: "01234567", status: "waiting", amountCents: 700 },
    });
    expect(orderNow(order.id).holdExpiresAt).toEqual(m.deadline);
    // The treasurer has until then: the proof window passing changes nothing.
    expireUnpaidHolds(new Date(Date.now() + 2 * 60 * MINUTE));
    expect(orderNow(order.id).status).toBe("pending_payment");
  });

  it("keeps one waiting proof per order: sending again corrects it", () => {
    const m = walletMarket();
    const family = createUser();
    const order = m.held(family.id);
    send(family.id, order.id, "11112222");
    send(family.id, order.id, "11112223");
    expect(proofsOf(order.id)).toMatchObject([{ operationNumber: "11112223", status: "waiting" }]);
  });

  it("refuses another person's order, a malformed number and an ended hold, writing nothing", () => {
    const m = walletMarket({ wait: 30 });
    const family = createUser();
    const stranger = createUser();
    const order = m.held(family.id);
    expect(send(stranger.id, order.id)).toEqual({ ok: false, error: "notFound" });
    expect(send(family.id, order.id, "12a4")).toEqual({ ok: false, error: "operationInvalid" });
    expect(normalizeOperationNumber("123")).toBeNull();
    expect(proofsOf(order.id)).toEqual([]);
    // Past its window but not yet swept: the proof is refused and the hold ends right there.
    const later = new Date(Date.now() + 31 * MINUTE);
    expect(send(family.id, order.id, "01234567", later)).toEqual({
      ok: false,
      error: "holdEnded",
    });
    expect(orderNow(order.id).status).toBe("expired");
    expect(reservedOf(m.offers.papa.id)).toBe(0);
    expect(proofsOf(order.id)).toEqual([]);
  });

  it("is refused for cash orders", () => {
    const m = walletMarket();
    const family = createUser();
    const cash = reserveOrder({
      consumerId: family.id,
      marketDayId: m.day.id,
      slotId: m.slots[0].id,
      lines: [{ offerId: m.offers.papa.id, quantity: 1 }],
      idempotencyKey: `cash-${family.id}`,
    });
    if (!cash.ok) throw new Error(cash.error);
    expect(send(family.id, cash.order.id)).toEqual({ ok: false, error: "notFound" });
  });
});

describe("the treasurer", () => {
  it("verifies: the order is confirmed and paid, the family told, the action audited", () => {
    const m = walletMarket();
    const family = createUser();
    const order = m.held(family.id);
    const { proof } = send(family.id, order.id) as { proof: { id: number } };
    const result = verifyProof({
      marketId: m.market.id,
      proofId: proof.id,
      actorUserId: m.treasurer.id,
    });
    expect(result).toMatchObject({ ok: true, proof: { status: "verified" } });
    expect(orderNow(order.id)).toMatchObject({
      status: "confirmed",
      paymentStatus: "paid",
      holdExpiresAt: null,
    });
    expect(messagesOf(family.id, "order_confirmed").length).toBeGreaterThan(0);
    const audit = db()
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.action, "payment.proof_verified"), eq(auditLog.entityId, String(order.id))),
      )
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0].actorUserId).toBe(m.treasurer.id);
    // A second tap finds nothing waiting.
    expect(
      verifyProof({ marketId: m.market.id, proofId: proof.id, actorUserId: m.treasurer.id }),
    ).toEqual({ ok: false, error: "notWaiting" });
    // The sweeper leaves a confirmed order alone.
    expireUnpaidHolds(new Date(m.deadline.getTime() + MINUTE));
    expect(orderNow(order.id).status).toBe("confirmed");
    expect(reservedOf(m.offers.papa.id)).toBe(2);
  });

  it("cannot touch another market's proofs", () => {
    const m = walletMarket();
    const other = walletMarket();
    const family = createUser();
    const order = m.held(family.id);
    const { proof } = send(family.id, order.id) as { proof: { id: number } };
    const args = { marketId: other.market.id, proofId: proof.id, actorUserId: other.treasurer.id };
    expect(verifyProof(args)).toEqual({ ok: false, error: "notFound" });
    expect(rejectProof({ ...args, reason: "No llegó" })).toEqual({ ok: false, error: "notFound" });
    expect(proofsOf(order.id)[0].status).toBe("waiting");
    expect(orderNow(order.id).status).toBe("pending_payment");
  });

  it("rejects with a reason: the family is told and may send another proof for a new window", () => {
    const m = walletMarket({ wait: 40 });
    const family = createUser();
    const order = m.held(family.id);
    const { proof } = send(family.id, order.id, "55556666") as { proof: { id: number } };
    const now = new Date(Date.now() + 3 * 60 * MINUTE);
    const rejected = rejectProof({
      marketId: m.market.id,
      proofId: proof.id,
      actorUserId: m.treasurer.id,
      reason: "El monto no coincide",
      now,
    });
    expect(rejected).toMatchObject({
      ok: true,
      proof: { status: "rejected", rejectReason: "El monto no coincide" },
    });
    expect(orderNow(order.id).holdExpiresAt!.getTime()).toBe(now.getTime() + 40 * MINUTE);
    const [told] = messagesOf(family.id, "payment_proof_rejected");
    expect(JSON.parse(told.payload)).toMatchObject({ reason: "El monto no coincide" });
    // Another proof within the new window waits again; none in time and the hold ends.
    expect(
      send(family.id, order.id, "55557777", new Date(now.getTime() + 10 * MINUTE)),
    ).toMatchObject({ ok: true });
    expect(
      proofsOf(order.id)
        .map((p) => p.status)
        .sort(),
    ).toEqual(["rejected", "waiting"]);
  });

  it("verifies an operation number once: a second order with it is flagged and refused", () => {
    const m = walletMarket();
    const [a, b] = [createUser(), createUser()];
    const first = m.held(a.id);
    const second = m.held(b.id);
    const p1 = (send(a.id, first.id, "99990000") as { proof: { id: number } }).proof;
    const p2 = (send(b.id, second.id, "9999-0000") as { proof: { id: number } }).proof;
    const by = { marketId: m.market.id, actorUserId: m.treasurer.id };
    expect(verifyProof({ ...by, proofId: p1.id })).toMatchObject({ ok: true });
    expect(verifyProof({ ...by, proofId: p2.id })).toEqual({ ok: false, error: "duplicate" });
    expect(orderNow(second.id).status).toBe("pending_payment");
    // Even a direct write cannot verify it twice.
    expect(() =>
      db()
        .update(paymentProofs)
        .set({ status: "verified" })
        .where(eq(paymentProofs.id, p2.id))
        .run(),
    ).toThrow(/UNIQUE/);
  });
});

describe("verification and expiry racing for one order", () => {
  it("expiry first: the verification finds the hold ended and changes nothing", () => {
    const m = walletMarket();
    const family = createUser();
    const order = m.held(family.id);
    const { proof } = send(family.id, order.id) as { proof: { id: number } };
    const after = new Date(m.deadline.getTime() + 1000);
    expireUnpaidHolds(after);
    expect(
      verifyProof({
        marketId: m.market.id,
        proofId: proof.id,
        actorUserId: m.treasurer.id,
        now: after,
      }),
    ).toEqual({ ok: false, error: "holdEnded" });
    expect(orderNow(order.id)).toMatchObject({ status: "expired", paymentStatus: "failed" });
    expect(proofsOf(order.id)[0].status).toBe("lapsed");
    expect(reservedOf(m.offers.papa.id)).toBe(0);
  });

  it("verification at the deadline, before the sweeper ran: expired there, once, never confirmed", () => {
    const m = walletMarket();
    const family = createUser();
    const order = m.held(family.id);
    const { proof } = send(family.id, order.id) as { proof: { id: number } };
    const at = m.deadline;
    expect(
      verifyProof({
        marketId: m.market.id,
        proofId: proof.id,
        actorUserId: m.treasurer.id,
        now: at,
      }),
    ).toEqual({ ok: false, error: "holdEnded" });
    expireUnpaidHolds(new Date(at.getTime() + 1000));
    expect(orderNow(order.id).status).toBe("expired");
    expect(reservedOf(m.offers.papa.id)).toBe(0);
    // Told once per channel, not once per attempt.
    const told = messagesOf(family.id, "order_expired");
    expect(told.length).toBeGreaterThan(0);
    expect(new Set(told.map((m) => m.channel)).size).toBe(told.length);
    expect(messagesOf(family.id, "order_confirmed")).toHaveLength(0);
  });

  it("verification first: the sweeper leaves the confirmed order and its stock alone", () => {
    const m = walletMarket();
    const family = createUser();
    const order = m.held(family.id);
    const { proof } = send(family.id, order.id) as { proof: { id: number } };
    const just = new Date(m.deadline.getTime() - 1000);
    expect(
      verifyProof({
        marketId: m.market.id,
        proofId: proof.id,
        actorUserId: m.treasurer.id,
        now: just,
      }),
    ).toMatchObject({ ok: true });
    expireUnpaidHolds(new Date(m.deadline.getTime() + 1000));
    expect(orderNow(order.id).status).toBe("confirmed");
    expect(reservedOf(m.offers.papa.id)).toBe(2);
  });
});

describe("orders that end", () => {
  it("a family cancelling lapses its waiting proof, and the treasurer settles it", () => {
    const m = walletMarket();
    const family = createUser();
    const order = m.held(family.id);
    const { proof } = send(family.id, order.id) as { proof: { id: number } };
    expect(cancelOrder({ consumerId: family.id, orderId: order.id })).toMatchObject({ ok: true });
    expect(proofsOf(order.id)[0].status).toBe("lapsed");
    const [told] = messagesOf(family.id, "order_cancelled");
    expect(JSON.parse(told.payload)).toMatchObject({ wallet: true });
    const other = walletMarket();
    const by = { proofId: proof.id, outcome: "returned" as const };
    expect(
      settleLapsedProof({ ...by, marketId: other.market.id, actorUserId: other.treasurer.id }),
    ).toEqual({ ok: false, error: "notFound" });
    expect(
      settleLapsedProof({ ...by, marketId: m.market.id, actorUserId: m.treasurer.id }),
    ).toMatchObject({ ok: true, proof: { status: "returned" } });
    expect(
      settleLapsedProof({ ...by, marketId: m.market.id, actorUserId: m.treasurer.id }),
    ).toEqual({ ok: false, error: "notFound" });
  });

  it("a verified order cancelled later is money to give back by hand, until marked given", () => {
    const m = walletMarket();
    const family = createUser();
    const order = m.held(family.id);
    const { proof } = send(family.id, order.id) as { proof: { id: number } };
    verifyProof({ marketId: m.market.id, proofId: proof.id, actorUserId: m.treasurer.id });
    expect(refundsLeftToCoordinators(m.market.id)).toEqual([]);
    cancelOrder({ consumerId: family.id, orderId: order.id });
    expect(orderNow(order.id)).toMatchObject({ status: "cancelled", paymentStatus: "paid" });
    expect(refundsLeftToCoordinators(m.market.id)).toMatchObject([
      { orderId: order.id, method: "yape_plin", amountCents: 700 },
    ]);
    const other = walletMarket();
    const mark = { orderId: order.id, actorUserId: m.treasurer.id };
    expect(markRefundedByHand({ ...mark, marketId: other.market.id })).toBe(false);
    expect(markRefundedByHand({ ...mark, marketId: m.market.id })).toBe(true);
    expect(orderNow(order.id).paymentStatus).toBe("refunded");
    expect(refundsLeftToCoordinators(m.market.id)).toEqual([]);
  });

  it("a cancelled market day lapses waiting proofs and lists verified money to give back", () => {
    const m = walletMarket();
    const [a, b] = [createUser(), createUser()];
    const verified = m.held(a.id);
    const waiting = m.held(b.id);
    const pv = (send(a.id, verified.id, "10002000") as { proof: { id: number } }).proof;
    send(b.id, waiting.id, "10002001");
    verifyProof({ marketId: m.market.id, proofId: pv.id, actorUserId: m.treasurer.id });
    const cancelled = cancelMarketDay({
      marketId: m.market.id,
      dayId: m.day.id,
      actorUserId: m.treasurer.id,
    });
    expect(cancelled).toMatchObject({ ok: true, cancelledOrders: 2 });
    expect(proofsOf(waiting.id)[0].status).toBe("lapsed");
    expect(refundsLeftToCoordinators(m.market.id).map((r) => r.orderId)).toEqual([verified.id]);
  });
});
