/**
 * A producer's own offers. Every query carries `producer_id = :producerId` in its WHERE
 * clause (DESIGN invariant 6): an id of another producer's offer simply matches nothing.
 */
import { and, asc, desc, eq, inArray, isNull, lt, ne, sql } from "drizzle-orm";
import { deliveredCentsSql, lineCentsSql } from "../lib/line-value.server";
import { SqliteError } from "better-sqlite3";
import {
  bundleItems,
  bundles,
  marketDays,
  markets,
  offers,
  orderBundles,
  orderItems,
  orders,
  pickupSlots,
  products,
  users,
} from "../../db/schema";
import { db } from "../db.server";
import { limaDateOf } from "../lib/time";
import { addToPickTotals, type ProducerPickList } from "./coord-sheets.server";
import type { MarketDay } from "./markets.server";
import { ACTIVE_ORDER_STATUSES } from "./orders.server";

/** Whether producers may still change this market day's offers: until the cutoff. */
export function offersEditable(day: Pick<MarketDay, "status" | "cutoffAt">, now = new Date()) {
  return (day.status === "open" || day.status === "scheduled") && now < day.cutoffAt;
}

/**
 * The producer's offers on a market day with what is reserved and its value, in one query
 * whatever their number.
 */
export function listProducerOffers({
  producerId,
  marketDayId,
}: {
  producerId: number;
  marketDayId: number;
}) {
  const reservedValue = sql<number>`coalesce((
    SELECT sum(${lineCentsSql})
    FROM ${orderItems} JOIN ${orders} ON ${orders.id} = ${orderItems.orderId}
    WHERE ${orderItems.offerId} = ${offers.id}
      AND ${orders.status} IN ('confirmed', 'pending_payment', 'picked_up', 'partially_picked_up')
  ), 0)`;
  return db()
    .select({
      offerId: offers.id,
      productId: products.id,
      productName: products.name,
      unit: products.unit,
      photoKey: products.photoKey,
      priceCents: offers.priceCents,
      quantity: offers.quantity,
      reserved: offers.reserved,
      perCustomerLimit: offers.perCustomerLimit,
      status: offers.status,
      reservedCents: reservedValue,
      // Published family baskets this offer is in: pausing it stops their sale too.
      inBaskets: sql<number>`(
        SELECT count(*) FROM ${bundleItems} JOIN ${bundles} ON ${bundles.id} = ${bundleItems.bundleId}
        WHERE ${bundleItems.offerId} = ${offers.id} AND ${bundles.status} = 'active')`,
    })
    .from(offers)
    .innerJoin(products, eq(products.id, offers.productId))
    .where(and(eq(offers.producerId, producerId), eq(offers.marketDayId, marketDayId)))
    .orderBy(asc(products.name))
    .all()
    .map((o) => ({
      ...o,
      left: o.quantity - o.reserved,
      reservedCents: Number(o.reservedCents),
      inBaskets: Number(o.inBaskets),
    }));
}

/** The producer's products not yet offered on this market day, for the "offer" form. */
export function listOfferableProducts({
  producerId,
  marketDayId,
}: {
  producerId: number;
  marketDayId: number;
}) {
  return db()
    .select({ id: products.id, name: products.name, unit: products.unit })
    .from(products)
    .where(
      and(
        eq(products.producerId, producerId),
        isNull(products.archivedAt),
        sql`${products.id} NOT IN (SELECT ${offers.productId} FROM ${offers} WHERE ${offers.marketDayId} = ${marketDayId})`,
      ),
    )
    .orderBy(asc(products.name))
    .all();
}

type Day = Pick<MarketDay, "id" | "status" | "cutoffAt" | "marketId" | "date">;

/**
 * Whether the market day takes changes now, read afresh: the day the page was built with may
 * be a second old, and the cutoff is a promise to consumers (DESIGN invariant 5).
 */
function stillEditable(day: Day, now: Date) {
  const current = db()
    .select({ status: marketDays.status, cutoffAt: marketDays.cutoffAt })
    .from(marketDays)
    .where(eq(marketDays.id, day.id))
    .get();
  return current !== undefined && offersEditable(current, now);
}

export type OfferInput = { priceCents: number; quantity: number; perCustomerLimit: number | null };
export type OfferChangeResult =
  | { ok: true }
  | { ok: false; error: "notFound" | "closed" | "alreadyOffered" }
  | { ok: false; error: "belowReserved"; reserved: number };

/** Offers one of the producer's own products on a market day still open for changes. */
export function createOffer({
  producerId,
  day,
  productId,
  offer,
  now = new Date(),
}: {
  producerId: number;
  day: Day;
  productId: number;
  offer: OfferInput;
  now?: Date;
}): OfferChangeResult {
  if (!stillEditable(day, now)) return { ok: false, error: "closed" };
  const product = db()
    .select({ id: products.id })
    .from(products)
    .where(
      and(
        eq(products.id, productId),
        eq(products.producerId, producerId),
        isNull(products.archivedAt),
      ),
    )
    .get();
  if (!product) return { ok: false, error: "notFound" };
  try {
    db()
      .insert(offers)
      .values({ marketDayId: day.id, productId, producerId, ...offer })
      .run();
    return { ok: true };
  } catch (error) {
    if (error instanceof SqliteError && error.code === "SQLITE_CONSTRAINT_UNIQUE") {
      return { ok: false, error: "alreadyOffered" };
    }
    throw error;
  }
}

/**
 * Changes price, quantity and limit of the producer's own offer before the cutoff. The
 * quantity never goes below what is already reserved: the condition is in the UPDATE itself.
 */
export function updateOffer({
  producerId,
  day,
  offerId,
  offer,
  now = new Date(),
}: {
  producerId: number;
  day: Day;
  offerId: number;
  offer: OfferInput;
  now?: Date;
}): OfferChangeResult {
  if (!stillEditable(day, now)) return { ok: false, error: "closed" };
  const mine = and(
    eq(offers.id, offerId),
    eq(offers.producerId, producerId),
    eq(offers.marketDayId, day.id),
  );
  const updated = db()
    .update(offers)
    .set(offer)
    .where(and(mine, sql`${offers.reserved} <= ${offer.quantity}`))
    .run();
  if (updated.changes === 1) return { ok: true };
  const current = db().select({ reserved: offers.reserved }).from(offers).where(mine).get();
  if (!current) return { ok: false, error: "notFound" };
  return { ok: false, error: "belowReserved", reserved: current.reserved };
}

/** Pauses (no new reservations; existing ones stand) or resumes the producer's own offer. */
export function setOfferStatus({
  producerId,
  day,
  offerId,
  status,
  now = new Date(),
}: {
  producerId: number;
  day: Day;
  offerId: number;
  status: "active" | "paused";
  now?: Date;
}): OfferChangeResult {
  if (!stillEditable(day, now)) return { ok: false, error: "closed" };
  const updated = db()
    .update(offers)
    .set({ status })
    .where(
      and(
        eq(offers.id, offerId),
        eq(offers.producerId, producerId),
        eq(offers.marketDayId, day.id),
      ),
    )
    .run();
  return updated.changes === 1 ? { ok: true } : { ok: false, error: "notFound" };
}

/**
 * "Ofrecer lo mismo que la semana pasada": this market day gets the offers of the producer's
 * last earlier market day (same products, prices, quantities and limits, nothing reserved).
 * Products already offered or since archived are skipped, so running it twice adds nothing.
 */
export function copyLastMarketDay({
  producerId,
  day,
  now = new Date(),
}: {
  producerId: number;
  day: Day;
  now?: Date;
}): { ok: true; created: number; fromDate: string | null } | { ok: false; error: "closed" } {
  if (!stillEditable(day, now)) return { ok: false, error: "closed" };
  const previous = db()
    .select({ id: marketDays.id, date: marketDays.date })
    .from(marketDays)
    .innerJoin(offers, eq(offers.marketDayId, marketDays.id))
    .where(
      and(
        eq(marketDays.marketId, day.marketId),
        lt(marketDays.date, day.date),
        ne(marketDays.status, "cancelled"),
        eq(offers.producerId, producerId),
      ),
    )
    .orderBy(desc(marketDays.date))
    .limit(1)
    .get();
  if (!previous) return { ok: true, created: 0, fromDate: null };
  const created = db().transaction(
    (tx) => {
      const source = tx
        .select({
          productId: offers.productId,
          priceCents: offers.priceCents,
          quantity: offers.quantity,
          perCustomerLimit: offers.perCustomerLimit,
        })
        .from(offers)
        .innerJoin(products, eq(products.id, offers.productId))
        .where(
          and(
            eq(offers.marketDayId, previous.id),
            eq(offers.producerId, producerId),
            isNull(products.archivedAt),
          ),
        )
        .all();
      if (source.length === 0) return 0;
      return tx
        .insert(offers)
        .values(source.map((s) => ({ ...s, marketDayId: day.id, producerId })))
        .onConflictDoNothing({ target: [offers.marketDayId, offers.productId] })
        .run().changes;
    },
    { behavior: "immediate" },
  );
  return { ok: true, created, fromDate: previous.date };
}

/**
 * The pick list: per product, the units to bring (and how many of them go into family
 * baskets); then every order with this producer's items, grouped by pickup slot, a basket's
 * units labelled with it. One query whatever the number of orders.
 */
export function getPickList({
  producerId,
  marketDayId,
}: {
  producerId: number;
  marketDayId: number;
}) {
  const rows = db()
    .select({
      orderId: orders.id,
      pickupCode: orders.pickupCode,
      slotId: orders.slotId,
      slotStartsAt: pickupSlots.startsAt,
      slotEndsAt: pickupSlots.endsAt,
      consumerName: users.name,
      productName: orderItems.productName,
      unit: orderItems.unit,
      quantity: orderItems.quantity,
      bundleName: orderBundles.name,
      bundleCount: orderBundles.quantity,
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .innerJoin(pickupSlots, eq(pickupSlots.id, orders.slotId))
    .innerJoin(users, eq(users.id, orders.consumerId))
    .leftJoin(orderBundles, eq(orderBundles.id, orderItems.orderBundleId))
    .where(
      and(
        eq(orderItems.producerId, producerId),
        eq(orders.marketDayId, marketDayId),
        inArray(orders.status, [...ACTIVE_ORDER_STATUSES, "picked_up", "partially_picked_up"]),
      ),
    )
    .orderBy(
      asc(pickupSlots.startsAt),
      asc(orders.pickupCode),
      asc(orderItems.productName),
      // A product bought alone before the same product inside a basket.
      sql`${orderItems.orderBundleId} IS NOT NULL`,
      asc(orderItems.orderBundleId),
    )
    .all();
  const totals: ProducerPickList["totals"] = [];
  const lines = rows.map(({ bundleName, bundleCount, ...r }) => {
    const line = {
      ...r,
      consumerFirstName: r.consumerName.split(" ")[0],
      bundle:
        bundleName === null || bundleCount === null
          ? null
          : { name: bundleName, count: bundleCount },
    };
    addToPickTotals(totals, line);
    return line;
  });
  return {
    totals: totals.sort((a, b) => a.productName.localeCompare(b.productName, "es")),
    lines,
  };
}

/** Orders that count as sales: reserved and not cancelled, expired or left uncollected. */
const SOLD_STATUSES = ["confirmed", "picked_up", "partially_picked_up"] as const;

/**
 * Sales per market day for the last `days` market days: units and soles sold, card vs cash,
 * the market's commission and what the producer is owed. One query for the days, one for sales.
 */
export function getSales({
  producerId,
  marketId,
  days = 12,
}: {
  producerId: number;
  marketId: number;
  days?: number;
}) {
  const market = db()
    .select({ commissionBps: markets.commissionBps })
    .from(markets)
    .where(eq(markets.id, marketId))
    .get();
  // Market days that have taken place (today included): the coming one has reservations,
  // shown on /productor, not sales.
  const recent = db()
    .select({ id: marketDays.id, date: marketDays.date })
    .from(marketDays)
    .where(
      and(
        eq(marketDays.marketId, marketId),
        ne(marketDays.status, "cancelled"),
        sql`${marketDays.date} <= ${limaDateOf(new Date())}`,
      ),
    )
    .orderBy(desc(marketDays.date))
    .limit(days)
    .all()
    .reverse();
  if (recent.length === 0) return [];
  const units = sql<number>`sum(coalesce(${orderItems.deliveredQuantity}, ${orderItems.quantity}))`;
  // A line inside a family basket is worth its share of the basket's price (line-value.ts).
  const worth = deliveredCentsSql(
    sql`coalesce(${orderItems.deliveredQuantity}, ${orderItems.quantity})`,
  );
  const rows = db()
    .select({
      marketDayId: orders.marketDayId,
      paymentMethod: orders.paymentMethod,
      units,
      grossCents: sql<number>`sum(${worth})`,
      basketCents: sql<number>`coalesce(sum(CASE WHEN ${orderItems.orderBundleId} IS NOT NULL THEN ${worth} END), 0)`,
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(
      and(
        eq(orderItems.producerId, producerId),
        inArray(
          orders.marketDayId,
          recent.map((d) => d.id),
        ),
        inArray(orders.status, SOLD_STATUSES),
      ),
    )
    .groupBy(orders.marketDayId, orders.paymentMethod)
    .all();
  const bps = market?.commissionBps ?? 0;
  return recent.map((day) => {
    const mine = rows.filter((r) => r.marketDayId === day.id);
    const of = (method: "cash" | "card") =>
      Number(mine.find((r) => r.paymentMethod === method)?.grossCents ?? 0);
    const grossCents = of("cash") + of("card");
    const commissionCents = Math.round((grossCents * bps) / 10_000);
    return {
      date: day.date,
      units: mine.reduce((sum, r) => sum + Number(r.units), 0),
      grossCents,
      /** The part of the gross that went out inside family baskets. */
      basketCents: mine.reduce((sum, r) => sum + Number(r.basketCents), 0),
      cashCents: of("cash"),
      cardCents: of("card"),
      commissionCents,
      netCents: grossCents - commissionCents,
    };
  });
}
