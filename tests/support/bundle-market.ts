/**
 * The market of the family-basket tests after reservation (bundles-after-reservation.test.ts,
 * bundles-settlement.test.ts): today's market day still taking orders, Juan's papa and oca,
 * Ana's queso, the "Canasta familiar", and reservations made through the model.
 */
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { db } from "../../app/infra/db.server";
import { limaDateOf } from "../../app/lib/time";
import { reserveOrder } from "../../app/features/ordering/reserve.server";
import { orderItems } from "../../db/schema";
import { createUser, openMarketDayScenario } from "../factories";

export const today = limaDateOf(new Date());

/**
 * A market with today's market day still taking orders (cutoff in two hours), two producers
 * and the offers that go into a basket of price 1001 céntimos over contents worth 3 × 250 and
 * 2 × 333: shares 530 and 471, neither a whole number of céntimos per unit.
 */
export function buildMarket(name: string, commissionBps = 850) {
  const { market, day, slots, producers, offers, bundles } = openMarketDayScenario({
    market: { name, commissionBps },
    categories: { category: { slug: `c-${crypto.randomUUID()}` } },
    producers: {
      juan: { profile: { farmName: "Chacra Juan" } },
      ana: { profile: { farmName: "Chacra Ana" } },
    },
    date: today,
    cutoffAt: new Date(Date.now() + 2 * 3600_000),
    offers: {
      papa: { name: "Papa huayro", unit: "kg", priceCents: 250, quantity: 100 },
      queso: {
        name: "Queso fresco",
        unit: "unidad",
        producer: "ana",
        priceCents: 333,
        quantity: 100,
      },
      oca: { name: "Oca", unit: "kg", priceCents: 300, quantity: 100 },
    },
    bundles: {
      familiar: { name: "Canasta familiar", priceCents: 1001, contents: { papa: 3, queso: 2 } },
    },
  });
  const { juan, ana } = producers;
  const { papa, queso, oca } = offers;
  const familiar = bundles.familiar;
  const reserve = (
    personName: string,
    slotId: number,
    what: {
      lines?: { offerId: number; quantity: number }[];
      bundles?: { bundleId: number; quantity: number }[];
    },
    paymentMethod: "cash" | "card" = "cash",
  ) => {
    const result = reserveOrder({
      consumerId: createUser({ name: personName }).id,
      marketDayId: day.id,
      slotId,
      lines: what.lines ?? [],
      bundles: what.bundles ?? [],
      paymentMethod,
      idempotencyKey: crypto.randomUUID(),
    });
    if (!result.ok) throw new Error(`reservation refused: ${result.error}`);
    return result.order;
  };
  return { market, day, slots, juan, ana, papa, queso, oca, familiar, reserve };
}

export const itemsOf = (orderId: number) =>
  db().select().from(orderItems).where(eq(orderItems.orderId, orderId)).all();
