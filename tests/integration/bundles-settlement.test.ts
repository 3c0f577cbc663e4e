/**
 * Family baskets after the reservation, the point of it all: the settlement of a day with
 * baskets handed over whole and short adds up to exactly what the consumers paid.
 */
import crypto from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { deliveredCents } from "../../app/features/ordering/line-value";
import { getPackingSheet } from "../../app/features/picklists/packing-sheet.server";
import { cancelOrder } from "../../app/features/ordering/order-changes.server";
import { recordPickup } from "../../app/features/desk/pickup-desk.server";
import { getSales } from "../../app/features/producers/producer-sales.server";
import { getSettlement } from "../../app/features/settlement/settlements.server";
import { orderItems, orders } from "../../db/schema";
import { createCoordinator } from "../factories";
import { buildMarket, itemsOf, today } from "../support/bundle-market";

describe("settlement of a day with family baskets", () => {
  it("adds up, producer by producer, to what the consumers paid", async () => {
    const m = buildMarket("Mercado que liquida", 850);
    const coordinator = createCoordinator({ marketId: m.market.id });
    const [slot0, slot1] = m.slots;
    const familiar = (quantity: number) => [{ bundleId: m.familiar.id, quantity }];
    // 1. Papa alone and a basket, handed over whole, cash.
    const whole = m.reserve("Rosa Quispe", slot0.id, {
      lines: [{ offerId: m.papa.id, quantity: 2 }],
      bundles: familiar(1),
    });
    // 2. Two baskets and a cheese alone; a kilo of the baskets' papa is missing. Cash.
    const short = m.reserve("Luis Mamani", slot1.id, {
      lines: [{ offerId: m.queso.id, quantity: 1 }],
      bundles: familiar(2),
    });
    // 3. A basket paid by card, both its lines handed over short.
    const card = m.reserve("Carmen Huallpa", slot1.id, { bundles: familiar(1) }, "card");
    // The verified webhook's effect: the card hold is paid and the order confirmed.
    db()
      .update(orders)
      .set({ status: "confirmed", paymentStatus: "paid", holdExpiresAt: null })
      .where(eq(orders.id, card.id))
      .run();
    // 4. Cancelled before the market day: counts nothing.
    const cancelled = m.reserve("Nilda Ccori", slot0.id, {
      lines: [{ offerId: m.oca.id, quantity: 3 }],
      bundles: familiar(3),
    });
    expect(cancelOrder({ consumerId: cancelled.consumerId, orderId: cancelled.id }).ok).toBe(true);

    expect(whole.totalCents).toBe(500 + 1001);
    expect(short.totalCents).toBe(333 + 2 * 1001);

    const line = (orderId: number, offerId: number, inBundle: boolean) =>
      itemsOf(orderId).find(
        (i) => i.offerId === offerId && (i.orderBundleId !== null) === inBundle,
      )!;
    const desk = (orderId: number, delivered: Map<number, number>) => {
      const result = recordPickup({
        marketId: m.market.id,
        orderId,
        actorUserId: coordinator.id,
        requestKey: crypto.randomUUID(),
        delivered,
        cashReceivedCents: null,
      });
      if (!result.ok) throw new Error(`desk refused: ${result.error}`);
      return result;
    };
    desk(whole.id, new Map());
    const shortPapa = line(short.id, m.papa.id, true);
    expect(shortPapa).toMatchObject({ quantity: 6, shareCents: 1060 });
    desk(short.id, new Map([[shortPapa.id, 5]]));
    const cardPapa = line(card.id, m.papa.id, true);
    const cardQueso = line(card.id, m.queso.id, true);
    desk(
      card.id,
      new Map([
        [cardPapa.id, 2],
        [cardQueso.id, 1],
      ]),
    );

    const picked = db()
      .select()
      .from(orders)
      .where(inArray(orders.id, [whole.id, short.id, card.id]))
      .all();
    expect(picked.map((o) => o.status).sort()).toEqual([
      "partially_picked_up",
      "partially_picked_up",
      "picked_up",
    ]);
    // By hand: 5 of 6 kg of a 10.60 share is 8.83 (8.833…); 2 of 3 kg of 5.30 is 3.53; 1 of 2
    // cheeses of 4.71 is 2.36 (2.355, half up).
    const byId = new Map(picked.map((o) => [o.id, o]));
    expect(byId.get(whole.id)!.totalCents).toBe(1501);
    expect(byId.get(short.id)!.totalCents).toBe(883 + 942 + 333);
    expect(byId.get(card.id)!.totalCents).toBe(353 + 236);
    const paid = picked.reduce((sum, o) => sum + o.totalCents, 0);
    expect(paid).toBe(4248);

    const settlement = getSettlement({ marketId: m.market.id, marketDayId: m.day.id });
    const rows = settlement.rows;
    expect(rows.map((r) => r.farmName)).toEqual(["Chacra Ana", "Chacra Juan"]);
    const sum = (pick: (r: (typeof rows)[number]) => number) =>
      rows.reduce((total, r) => total + pick(r), 0);
    expect(sum((r) => r.netCents + r.commissionCents)).toBe(paid);
    expect(sum((r) => r.grossCents)).toBe(paid);
    expect(sum((r) => r.cardCents + r.cashCents)).toBe(paid);
    expect(settlement.totals.grossCents).toBe(paid);
    expect(sum((r) => r.cardCents)).toBe(byId.get(card.id)!.totalCents);

    // Each producer's gross is the sum of their lines' delivered worth.
    const lines = db()
      .select()
      .from(orderItems)
      .where(inArray(orderItems.orderId, [whole.id, short.id, card.id, cancelled.id]))
      .all();
    for (const row of rows) {
      const theirs = lines.filter(
        (l) => l.producerId === row.producerId && l.orderId !== cancelled.id,
      );
      const worth = theirs.reduce(
        (total, l) => total + deliveredCents(l, l.deliveredQuantity ?? 0),
        0,
      );
      expect(row.grossCents, row.farmName).toBe(worth);
    }
    const juan = rows.find((r) => r.producerId === m.juan.producer.id)!;
    const ana = rows.find((r) => r.producerId === m.ana.producer.id)!;
    expect(juan).toMatchObject({ grossCents: 500 + 530 + 883 + 353, cardCents: 353 });
    expect(ana).toMatchObject({ grossCents: 471 + 942 + 333 + 236, cardCents: 236 });

    // The producers' own sales page says the same for that day.
    for (const row of rows) {
      const day = getSales({ producerId: row.producerId, marketId: m.market.id }).find(
        (d) => d.date === today,
      )!;
      expect(day.grossCents, row.farmName).toBe(row.grossCents);
      expect(day.commissionCents, row.farmName).toBe(row.commissionCents);
      expect(day.netCents, row.farmName).toBe(row.netCents);
    }
    expect(
      getSales({ producerId: m.juan.producer.id, marketId: m.market.id }).find(
        (d) => d.date === today,
      )!.basketCents,
    ).toBe(530 + 883 + 353);

    // Nothing of the cancelled order is left on the lines' stock or the sheets.
    expect(
      db()
        .select()
        .from(orders)
        .where(and(eq(orders.id, cancelled.id), eq(orders.status, "cancelled")))
        .get(),
    ).toBeTruthy();
    const packing = getPackingSheet({ marketId: m.market.id, marketDayId: m.day.id });
    expect(packing.baskets.map((b) => b.count)).toEqual([4]);
  });
});
