/**
 * Settling with producers: what each producer is owed for one market day of the coordinator's
 * market, the market's commission, and the record of having paid them.
 *
 * The rule (also explained on the page):
 * - only delivered units count: items of orders picked up in full or in part, each line worth
 *   what its delivered units are worth (deliveredQuantity × unitPriceCents, or that part of the
 *   line's share of a family basket's price: app/features/ordering/line-value.ts); a picked-up order's line
 *   without a delivered count was delivered in full. Reserved but uncollected orders, no-shows, cancelled and expired
 *   orders count nothing;
 * - card, cash or Yape/Plin follows the order's payment method (each its own column); gross is
 *   their sum;
 * - commission per producer and market day = gross × commissionBps / 10 000, rounded half up
 *   to whole céntimos; net = gross − commission. The totals row is the sum of the rows;
 * - the live figures use the market's commission as it is now. Marking a producer paid keeps a
 *   snapshot (gross, rate, commission, net): if the live figures change later (a correction at
 *   the desk, a new rate), the page shows the difference instead of rewriting what was paid.
 *
 * Every query names the market (docs/invariants.md #6); changes write an audit row in the same
 * transaction.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { deliveredCentsSql } from "../ordering/line-value.server";
import {
  marketDays,
  markets,
  orderItems,
  orders,
  producers,
  settlements,
} from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import { isOwnRow } from "../../infra/market-scope";
import { limaDateOf } from "../../lib/time";
import { recordAudit } from "../../infra/audit.server";
import { DELIVERED_ORDER_STATUSES } from "../ordering/order-status";
import { ordersOfDay } from "../ordering/order-scope.server";

/** gross × bps / 10 000 rounded half up, in exact integer arithmetic (céntimos). */
export function commissionOf(grossCents: number, bps: number): number {
  const product = grossCents * bps;
  const whole = Math.trunc(product / 10_000);
  return product - whole * 10_000 >= 5_000 ? whole + 1 : whole;
}

export type SettlementRow = {
  producerId: number;
  farmName: string;
  units: number;
  grossCents: number;
  cardCents: number;
  cashCents: number;
  /** Paid by Yape or Plin to the market's wallet (verified proofs). */
  yapeCents: number;
  commissionCents: number;
  netCents: number;
  paid: {
    paidOn: string;
    reference: string;
    grossCents: number;
    commissionBps: number;
    commissionCents: number;
    netCents: number;
  } | null;
  /** Live net minus the net paid, when it was paid and they differ; else 0. */
  differenceCents: number;
};

const deliveredUnits = sql<number>`coalesce(${orderItems.deliveredQuantity}, CASE WHEN ${orders.status} = 'picked_up' THEN ${orderItems.quantity} ELSE 0 END)`;

/** Delivered units and soles per producer and payment method, for one day of the market. */
function deliveredSales(tx: Tx, marketId: number, marketDayId: number, producerId?: number) {
  return tx
    .select({
      producerId: orderItems.producerId,
      paymentMethod: orders.paymentMethod,
      units: sql<number>`sum(${deliveredUnits})`,
      grossCents: sql<number>`sum(${deliveredCentsSql(deliveredUnits)})`,
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(
      ordersOfDay(
        marketId,
        marketDayId,
        // Only delivered units are sales.
        inArray(orders.status, DELIVERED_ORDER_STATUSES),
        producerId === undefined ? undefined : eq(orderItems.producerId, producerId),
      ),
    )
    .groupBy(orderItems.producerId, orders.paymentMethod)
    .all()
    .map((r) => ({ ...r, units: Number(r.units), grossCents: Number(r.grossCents) }));
}

/** Sums the sales rows of one producer into their live settlement figures. */
function figuresOf(rows: ReturnType<typeof deliveredSales>, bps: number) {
  const of = (method: "card" | "cash" | "yape_plin") =>
    rows.filter((r) => r.paymentMethod === method).reduce((s, r) => s + r.grossCents, 0);
  const cardCents = of("card");
  const cashCents = of("cash");
  const yapeCents = of("yape_plin");
  const grossCents = cardCents + cashCents + yapeCents;
  const commissionCents = commissionOf(grossCents, bps);
  return {
    units: rows.reduce((s, r) => s + r.units, 0),
    grossCents,
    cardCents,
    cashCents,
    yapeCents,
    commissionCents,
    netCents: grossCents - commissionCents,
  };
}

function marketCommission(tx: Tx, marketId: number) {
  return (
    tx
      .select({ commissionBps: markets.commissionBps })
      .from(markets)
      .where(eq(markets.id, marketId))
      .get()?.commissionBps ?? 0
  );
}

/**
 * The settlement of one market day: a row per producer who delivered something or was already
 * paid, with the paid snapshot and any difference, and the totals (sums of the rows).
 * Four queries whatever the number of producers.
 */
export function getSettlement({
  marketId,
  marketDayId,
}: {
  marketId: number;
  marketDayId: number;
}) {
  const database = db();
  const commissionBps = marketCommission(database, marketId);
  const sales = deliveredSales(database, marketId, marketDayId);
  const paid = database
    .select()
    .from(settlements)
    .where(and(eq(settlements.marketId, marketId), eq(settlements.marketDayId, marketDayId)))
    .all();
  const ids = [...new Set([...sales.map((s) => s.producerId), ...paid.map((p) => p.producerId)])];
  const names =
    ids.length === 0
      ? []
      : database
          .select({ id: producers.id, farmName: producers.farmName })
          .from(producers)
          .where(and(eq(producers.marketId, marketId), inArray(producers.id, ids)))
          .all()
          // Spanish order (Ñ after N, accents ignored), which SQLite's byte order does not give.
          .sort((x, y) => x.farmName.localeCompare(y.farmName, "es"));
  const rows: SettlementRow[] = names.map(({ id, farmName }) => {
    const live = figuresOf(
      sales.filter((s) => s.producerId === id),
      commissionBps,
    );
    const record = paid.find((p) => p.producerId === id);
    return {
      producerId: id,
      farmName,
      ...live,
      paid: record
        ? {
            paidOn: record.paidOn,
            reference: record.reference,
            grossCents: record.grossCents,
            commissionBps: record.commissionBps,
            commissionCents: record.commissionCents,
            netCents: record.netCents,
          }
        : null,
      differenceCents: record ? live.netCents - record.netCents : 0,
    };
  });
  const sum = (pick: (r: SettlementRow) => number) => rows.reduce((s, r) => s + pick(r), 0);
  return {
    commissionBps,
    rows,
    totals: {
      units: sum((r) => r.units),
      grossCents: sum((r) => r.grossCents),
      cardCents: sum((r) => r.cardCents),
      cashCents: sum((r) => r.cashCents),
      yapeCents: sum((r) => r.yapeCents),
      commissionCents: sum((r) => r.commissionCents),
      netCents: sum((r) => r.netCents),
      paidNetCents: sum((r) => r.paid?.netCents ?? 0),
    },
  };
}

/** Changes the market's commission (basis points, 0–10 000), with an audit row. */
export function setCommission({
  marketId,
  commissionBps,
  actorUserId,
}: {
  marketId: number;
  commissionBps: number;
  actorUserId: number;
}) {
  if (!Number.isInteger(commissionBps) || commissionBps < 0 || commissionBps > 10_000) {
    throw new RangeError(`commission out of range: ${commissionBps}`);
  }
  return db().transaction(
    (tx) => {
      const before = marketCommission(tx, marketId);
      const changed = tx
        .update(markets)
        .set({ commissionBps })
        .where(eq(markets.id, marketId))
        .run().changes;
      if (changed === 0) return { ok: false as const, error: "notFound" as const };
      if (before !== commissionBps) {
        recordAudit(tx, {
          marketId,
          actorUserId,
          action: "market.commission_changed",
          entityType: "market",
          entityId: marketId,
          data: { fromBps: before, toBps: commissionBps },
        });
      }
      return { ok: true as const, changed: before !== commissionBps };
    },
    { behavior: "immediate" },
  );
}

export type MarkPaidResult =
  | { ok: true; alreadyPaid: boolean; netCents: number }
  | { ok: false; error: "notFound" | "nothingToSettle" }
  | { ok: false; error: "paidInFuture" | "paidBeforeMarketDay" };

/**
 * Records that a producer was paid for a market day: a snapshot of the live figures, once.
 * A second tap (or a retried request) finds the row of the first and changes nothing.
 */
export function markSettlementPaid({
  marketId,
  marketDayId,
  producerId,
  paidOn,
  reference,
  actorUserId,
  now = new Date(),
}: {
  marketId: number;
  marketDayId: number;
  producerId: number;
  paidOn: string;
  reference: string;
  actorUserId: number;
  now?: Date;
}): MarkPaidResult {
  return db().transaction(
    (tx): MarkPaidResult => {
      const day = tx
        .select({ date: marketDays.date })
        .from(marketDays)
        .where(isOwnRow(marketDays, { marketId, id: marketDayId }))
        .get();
      const producer = tx
        .select({ id: producers.id })
        .from(producers)
        .where(isOwnRow(producers, { marketId, id: producerId }))
        .get();
      if (!day || !producer) return { ok: false, error: "notFound" };
      const existing = tx
        .select({ netCents: settlements.netCents })
        .from(settlements)
        .where(
          and(
            eq(settlements.marketId, marketId),
            eq(settlements.marketDayId, marketDayId),
            eq(settlements.producerId, producerId),
          ),
        )
        .get();
      if (existing) return { ok: true, alreadyPaid: true, netCents: existing.netCents };
      if (paidOn > limaDateOf(now)) return { ok: false, error: "paidInFuture" };
      if (paidOn < day.date) return { ok: false, error: "paidBeforeMarketDay" };
      const commissionBps = marketCommission(tx, marketId);
      const live = figuresOf(deliveredSales(tx, marketId, marketDayId, producerId), commissionBps);
      if (live.grossCents === 0) return { ok: false, error: "nothingToSettle" };
      const inserted = tx
        .insert(settlements)
        .values({
          marketId,
          marketDayId,
          producerId,
          grossCents: live.grossCents,
          commissionBps,
          commissionCents: live.commissionCents,
          netCents: live.netCents,
          paidOn,
          reference,
          paidByUserId: actorUserId,
        })
        .onConflictDoNothing({ target: [settlements.marketDayId, settlements.producerId] })
        .returning()
        .get();
      // The unique index is the last word: two taps racing cannot both insert.
      if (!inserted) return { ok: true, alreadyPaid: true, netCents: live.netCents };
      recordAudit(tx, {
        marketId,
        actorUserId,
        action: "settlement.paid",
        entityType: "settlement",
        entityId: inserted.id,
        data: {
          marketDayId,
          producerId,
          grossCents: live.grossCents,
          cardCents: live.cardCents,
          cashCents: live.cashCents,
          commissionBps,
          commissionCents: live.commissionCents,
          netCents: live.netCents,
          paidOn,
          reference,
        },
      });
      return { ok: true, alreadyPaid: false, netCents: live.netCents };
    },
    { behavior: "immediate" },
  );
}
