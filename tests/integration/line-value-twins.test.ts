/**
 * A line's worth is written twice: in TypeScript (line-value.ts, for orders as they are made)
 * and in SQL (line-value.server.ts, for totals a query sums: pick lists, sales, settlement,
 * dashboard). Random lines, bought alone or as a family basket's share, handed over in full,
 * in part or not at all, are stored in the real order_items table and valued both ways: every
 * one must agree to the céntimo, rounding included.
 */
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { deliveredCents, lineCents } from "../../app/features/ordering/line-value";
import { deliveredCentsSql, lineCentsSql } from "../../app/features/ordering/line-value.server";
import { orderBundles, orderItems } from "../../db/schema";
import { createBundle, createOrder, openMarketDayScenario } from "../factories";

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Line = {
  unitPriceCents: number;
  quantity: number;
  shareCents: number | null;
  deliveredQuantity: number;
};

/** Lines where rounding is decided: exact halves, one unit of many, nothing, everything. */
const EDGES: Line[] = [
  { unitPriceCents: 0, quantity: 2, shareCents: 5, deliveredQuantity: 1 }, // 2.5 → 3
  { unitPriceCents: 0, quantity: 2, shareCents: 3, deliveredQuantity: 1 }, // 1.5 → 2
  { unitPriceCents: 0, quantity: 4, shareCents: 2, deliveredQuantity: 1 }, // 0.5 → 1
  { unitPriceCents: 0, quantity: 3, shareCents: 1, deliveredQuantity: 1 }, // 0.33 → 0
  { unitPriceCents: 0, quantity: 3, shareCents: 2, deliveredQuantity: 2 }, // 1.33 → 1
  { unitPriceCents: 0, quantity: 7, shareCents: 1000, deliveredQuantity: 0 },
  { unitPriceCents: 0, quantity: 7, shareCents: 1000, deliveredQuantity: 7 },
  { unitPriceCents: 0, quantity: 1, shareCents: 0, deliveredQuantity: 1 },
  { unitPriceCents: 143, quantity: 9, shareCents: 1287, deliveredQuantity: 4 },
  { unitPriceCents: 1250, quantity: 3, shareCents: null, deliveredQuantity: 0 },
  { unitPriceCents: 1250, quantity: 3, shareCents: null, deliveredQuantity: 2 },
  { unitPriceCents: 999_999, quantity: 1000, shareCents: null, deliveredQuantity: 999 },
  { unitPriceCents: 0, quantity: 1000, shareCents: 99_999_999, deliveredQuantity: 999 },
];

function randomLines(count: number, next: () => number): Line[] {
  const int = (max: number) => Math.floor(next() * (max + 1));
  return Array.from({ length: count }, () => {
    const quantity = 1 + int(int(1) ? 12 : 500);
    const inBundle = next() < 0.5;
    const shareCents = inBundle ? int(int(1) ? 2000 : 5_000_000) : null;
    const unitPriceCents = inBundle ? Math.round((shareCents ?? 0) / quantity) : int(50_000);
    const handedOver = next();
    const deliveredQuantity = handedOver < 0.2 ? 0 : handedOver < 0.4 ? quantity : int(quantity);
    return { unitPriceCents, quantity, shareCents, deliveredQuantity };
  });
}

describe("a line's worth in TypeScript and in SQL", () => {
  it("agrees for random lines, alone and in baskets, delivered in full, in part or not at all", () => {
    const s = openMarketDayScenario({
      offers: { papa: { quantity: 1000 } },
      consumers: { ana: {} },
    });
    const basket = createBundle({
      marketId: s.market.id,
      marketDayId: s.day.id,
      contents: [{ offerId: s.offers.papa.id, quantity: 1 }],
    });
    const order = createOrder({
      marketId: s.market.id,
      consumerId: s.consumers.ana.id,
      marketDayId: s.day.id,
      slotId: s.slots[0].id,
      items: [s.item("papa", 1)],
    });
    const basketLine = db()
      .insert(orderBundles)
      .values({
        orderId: order.id,
        bundleId: basket.id,
        name: basket.name,
        unitPriceCents: basket.priceCents,
        quantity: 1,
      })
      .returning()
      .get();
    const lines = [...EDGES, ...randomLines(2000, random(20300105))];
    db().transaction((tx) => {
      tx.delete(orderItems).where(eq(orderItems.orderId, order.id)).run();
      for (const line of lines) {
        tx.insert(orderItems)
          .values({
            orderId: order.id,
            offerId: s.offers.papa.id,
            producerId: s.offers.papa.producerId,
            productName: "Papa",
            unit: "kg",
            ...line,
            orderBundleId: line.shareCents === null ? null : basketLine.id,
          })
          .run();
      }
    });

    const valued = db()
      .select({
        unitPriceCents: orderItems.unitPriceCents,
        quantity: orderItems.quantity,
        shareCents: orderItems.shareCents,
        deliveredQuantity: orderItems.deliveredQuantity,
        lineCents: lineCentsSql,
        deliveredCents: deliveredCentsSql(sql`${orderItems.deliveredQuantity}`),
      })
      .from(orderItems)
      .where(eq(orderItems.orderId, order.id))
      .orderBy(orderItems.id)
      .all();

    expect(valued).toHaveLength(lines.length);
    const disagreements = valued.filter(
      (row) =>
        row.lineCents !== lineCents(row) ||
        row.deliveredCents !== deliveredCents(row, row.deliveredQuantity!),
    );
    expect(disagreements).toEqual([]);
    // The edges are rounded half up, as the settlement promises producers.
    expect(valued.slice(0, 5).map((row) => row.deliveredCents)).toEqual([3, 2, 1, 0, 1]);
  });
});
