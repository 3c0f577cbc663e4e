/**
 * Whether what an order asks for can be had, and taking it: the one check shared by reserving
 * an order (reserve.server.ts), changing it (order-changes.server.ts) and a late card payment
 * taking an expired order back (retakeExpiredOrder). Every function runs inside the caller's
 * `BEGIN IMMEDIATE` transaction, so no other writer can commit between the checks and the
 * writes; every stock update is also conditional in SQL (`reserved + q <= quantity`), with the
 * CHECK constraints of db/schema/ behind it. A shortage throws a Refusal listing every line
 * that falls short, which rolls the transaction back: all or nothing (docs/invariants.md 1, 2).
 */
import { eq } from "drizzle-orm";
import {
  orderBundles,
  orderItems,
  type MarketDay,
  type Order,
  type Unit,
} from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import { orderWindow } from "../market-days/markets.server";
import { bundlesLeft, bundleOnSale, shareBundlePrice } from "../bundles/bundle-shares";
import { offerOnSale } from "../catalogue/offer-on-sale";
import type { CartLine, BundleLine } from "./order-lines";
import type { PriceChange } from "./seen-prices";
import {
  statements,
  type BundleContentRow,
  type BundleRow,
  type OfferForLine,
} from "./reservation-statements.server";

/**
 * Family baskets to reserve. `contents` fixes the units each basket takes (what an order held,
 * taken again after a late payment); otherwise they are the basket's contents today.
 */
type BundleRequest = BundleLine & { contents?: { offerId: number; perBundle: number }[] };

/** A line that cannot be had as asked, and why. */
type Short = {
  requested: number;
  /** How many this person can still have: stock left, within the cap and their limit. */
  available: number;
  reason: "stock" | "limit" | "unavailable";
};
export type Shortage = Short & { offerId: number; productName: string };
export type BundleShortage = Short & { bundleId: number; name: string };

export type ReserveFailure =
  | { ok: false; error: "empty" }
  | { ok: false; error: "closed"; cutoffAt: Date | null }
  | { ok: false; error: "slotFull" | "slotInvalid" }
  | { ok: false; error: "short"; shortages: Shortage[]; bundleShortages?: BundleShortage[] }
  | { ok: false; error: "keyReused" }
  | { ok: false; error: "paid" }
  /** Yape/Plin was chosen but is off, or it is too late to verify a proof for this day. */
  | { ok: false; error: "walletUnavailable" }
  /** Some price is not the one the person saw; `totalCents` is the order at today's prices. */
  | { ok: false; error: "priceChanged"; changes: PriceChange[]; totalCents: number };

/** Thrown inside a transaction to roll it back and report why. */
export class Refusal extends Error {
  constructor(readonly failure: ReserveFailure) {
    super(failure.error);
  }
}

export function runRefusable<T>(work: (tx: Tx) => T): T | ReserveFailure {
  try {
    // drizzle's transaction on better-sqlite3: synchronous, BEGIN IMMEDIATE, rolled back on throw.
    return db().transaction(work, { behavior: "immediate" });
  } catch (error) {
    if (error instanceof Refusal) return error.failure;
    throw error;
  }
}

/**
 * Checks and reserves `lines` for an order, inside the caller's IMMEDIATE transaction, or
 * throws a Refusal listing every shortage (nothing written). Returns the order item rows.
 * `exceptOrderId` leaves the order being changed out of the per-customer limit.
 */
export function reserveLines({
  consumerId,
  marketDayId,
  lines,
  exceptOrderId = 0,
  alreadyHeld,
  now,
}: {
  consumerId: number;
  marketDayId: number;
  lines: CartLine[];
  exceptOrderId?: number;
  /**
   * When changing an order: what it held of each offer before. Pausing an offer stops new
   * reservations but lets existing ones stand, so up to this much needs no active offer.
   */
  alreadyHeld?: Map<number, number>;
  now: Date;
}) {
  const sql = statements();
  const shortages: Shortage[] = [];
  const found: OfferForLine[] = [];
  for (const line of lines) {
    const offer = sql.offer.get(line.offerId, marketDayId) as OfferForLine | undefined;
    const standing = offer !== undefined && line.quantity <= (alreadyHeld?.get(line.offerId) ?? 0);
    if (!offer || (!standing && !offerOnSale(offer.status, offer.producerStatus))) {
      shortages.push({
        offerId: line.offerId,
        productName: offer?.productName ?? "",
        requested: line.quantity,
        available: 0,
        reason: "unavailable",
      });
      continue;
    }
    found.push(offer);
    const left = offer.quantity - offer.reserved;
    const held =
      offer.perCustomerLimit === null
        ? 0
        : (sql.held.get(consumerId, line.offerId, exceptOrderId) as { quantity: number }).quantity;
    const allowed = offer.perCustomerLimit === null ? Infinity : offer.perCustomerLimit - held;
    if (line.quantity > Math.min(left, allowed)) {
      shortages.push({
        offerId: line.offerId,
        productName: offer.productName,
        requested: line.quantity,
        available: Math.max(0, Math.min(left, allowed)),
        reason: allowed < left ? "limit" : "stock",
      });
    }
  }
  if (shortages.length > 0) throw new Refusal({ ok: false, error: "short", shortages });

  return lines.map((line, i) => {
    const offer = found[i];
    // The write lock is ours since BEGIN IMMEDIATE, so this cannot fail after the checks above;
    // the condition stays as a second guard (and the CHECK constraint as a third).
    const updated = sql.reserveOffer.run(line.quantity, now.getTime(), line.offerId, line.quantity);
    if (updated.changes !== 1) throw new Error(`offer ${line.offerId} changed under a write lock`);
    return {
      offerId: offer.id,
      producerId: offer.producerId,
      productName: offer.productName,
      unit: offer.unit as Unit,
      unitPriceCents: offer.priceCents,
      quantity: line.quantity,
    };
  });
}

/**
 * Checks and reserves family baskets for an order, inside the caller's IMMEDIATE transaction
 * and after its single lines (so they compete for the same units), or throws a Refusal listing
 * every basket that cannot be had (nothing written). Each basket reserves every content offer,
 * units per basket × baskets, with the same conditional UPDATE as a single line: an offer is
 * never oversold whether its units go out alone, in baskets, or both.
 */
export function reserveBundles({
  consumerId,
  marketDayId,
  lines,
  now,
}: {
  consumerId: number;
  marketDayId: number;
  lines: BundleRequest[];
  now: Date;
}) {
  const sql = statements();
  const shortages: BundleShortage[] = [];
  const reserved: ReturnType<typeof takeBundles>[] = [];
  // One basket kind at a time, each checked against the stock the ones before it took (two
  // kinds may share an offer); the transaction is rolled back if any falls short.
  for (const line of lines) {
    const bundle = sql.bundle.get(line.bundleId, marketDayId) as BundleRow | undefined;
    const contents = !bundle
      ? []
      : line.contents
        ? fixedContents(line.contents, marketDayId)
        : (sql.bundleContents.all(bundle.id) as BundleContentRow[]);
    const offered = contents.map((c) => ({
      ...c,
      onSale: offerOnSale(c.status, c.producerStatus),
    }));
    const onSale = bundle !== undefined && bundleOnSale(bundle.status, offered);
    const byStock =
      bundle && onSale
        ? bundlesLeft({
            maxCount: bundle.maxCount,
            // Summed over the basket's orders: only read when a cap needs it.
            taken:
              bundle.maxCount === null
                ? 0
                : (sql.bundleTaken.get(bundle.id) as { taken: number }).taken,
            contents: offered,
          })
        : 0;
    const limitLeft =
      !bundle || bundle.perCustomerLimit === null
        ? Infinity
        : bundle.perCustomerLimit -
          (sql.bundleHeld.get(bundle.id, consumerId) as { held: number }).held;
    const left = Math.max(0, Math.min(byStock, limitLeft));
    if (!bundle || line.quantity > left) {
      shortages.push({
        bundleId: line.bundleId,
        // A draft was never public: its name is not told.
        name: bundle && bundle.status !== "draft" ? bundle.name : "",
        requested: line.quantity,
        available: left,
        // Sold out (perhaps by this order's own lines) is "stock"; not on sale is "unavailable".
        reason: !onSale ? "unavailable" : limitLeft < byStock ? "limit" : "stock",
      });
    } else if (shortages.length === 0) {
      reserved.push(takeBundles(bundle, contents, line.quantity, now));
    }
  }
  if (shortages.length > 0) {
    throw new Refusal({ ok: false, error: "short", shortages: [], bundleShortages: shortages });
  }
  return reserved;
}

/** Given contents with their offers as they are now; none (so not on sale) if an offer is gone. */
function fixedContents(
  contents: NonNullable<BundleRequest["contents"]>,
  marketDayId: number,
): BundleContentRow[] {
  const sql = statements();
  const rows = contents.map(({ offerId, perBundle }) => {
    const offer = sql.offer.get(offerId, marketDayId) as OfferForLine | undefined;
    return offer && { ...offer, perBundle };
  });
  return rows.every((row) => row !== undefined) ? rows : [];
}

/** Reserves `count` baskets' units of every content (already checked to fit). */
function takeBundles(bundle: BundleRow, contents: BundleContentRow[], count: number, now: Date) {
  const sql = statements();
  const shares = shareBundlePrice(
    contents.map((c) => ({ offerId: c.id, quantity: c.perBundle, priceCents: c.priceCents })),
    bundle.priceCents,
  );
  const items = contents.map((c) => {
    const units = c.perBundle * count;
    // Conditional like every stock update (and the CHECK constraint behind it).
    const updated = sql.reserveOffer.run(units, now.getTime(), c.id, units);
    if (updated.changes !== 1) throw new Error(`offer ${c.id} changed under a write lock`);
    const shareCents = shares.get(c.id)! * count;
    return {
      offerId: c.id,
      producerId: c.producerId,
      productName: c.productName,
      unit: c.unit as Unit,
      // For display only: the line is worth its share (see app/features/ordering/line-value.ts).
      unitPriceCents: Math.round(shareCents / units),
      quantity: units,
      shareCents,
    };
  });
  return {
    bundleId: bundle.id,
    name: bundle.name,
    unitPriceCents: bundle.priceCents,
    quantity: count,
    items,
  };
}

/** Takes back units an order held a moment ago in the same transaction (so they fit). */
export function retakeUnits(offerId: number, units: number, now: Date) {
  const updated = statements().reserveOffer.run(units, now.getTime(), offerId, units);
  if (updated.changes !== 1) throw new Error(`offer ${offerId} changed under a write lock`);
}

/** Books one place in a slot of the market day (returning its times), or throws a Refusal. */
export function bookSlot(marketDayId: number, slotId: number) {
  const sql = statements();
  const booked = sql.bookSlot.get(slotId, marketDayId) as
    { startsAt: number; endsAt: number } | undefined;
  if (booked) return booked;
  const exists = sql.slotExists.get(slotId, marketDayId) !== undefined;
  throw new Refusal({ ok: false, error: exists ? "slotFull" : "slotInvalid" });
}

/** The market day, if it takes orders at `now`; otherwise a Refusal saying when it closed. */
export function openMarketDay(marketDayId: number, now: Date) {
  const row = statements().marketDay.get(marketDayId) as
    | {
        id: number;
        market_id: number;
        status: MarketDay["status"];
        orders_open_at: number;
        cutoff_at: number;
        date: string;
        place: string;
      }
    | undefined;
  const day = row && {
    id: row.id,
    marketId: row.market_id,
    status: row.status,
    ordersOpenAt: new Date(row.orders_open_at),
    cutoffAt: new Date(row.cutoff_at),
    date: row.date,
    place: row.place,
  };
  if (!day || orderWindow(day, now) !== "open") {
    throw new Refusal({ ok: false, error: "closed", cutoffAt: day?.cutoffAt ?? null });
  }
  return day;
}

/**
 * Takes an expired order's stock and slot place again, for a card payment that arrived after
 * its hold ended: the reservation's own checks and conditional writes (the market still takes
 * orders; each offer on sale, its units free, the person's limit counting what they hold now;
 * each family basket on sale, within its cap and per-family limit; a place in the slot), on the
 * order's own lines, which keep their prices. All or nothing: it runs in a savepoint of the
 * caller's IMMEDIATE transaction, so a refusal leaves nothing behind. Returns whether the
 * order holds its stock and place again.
 */
export function retakeExpiredOrder(tx: Tx, order: Order, now: Date): boolean {
  const items = tx.select().from(orderItems).where(eq(orderItems.orderId, order.id)).all();
  const baskets = tx.select().from(orderBundles).where(eq(orderBundles.orderId, order.id)).all();
  const { consumerId, marketDayId } = order;
  try {
    tx.transaction(() => {
      openMarketDay(marketDayId, now);
      reserveLines({
        consumerId,
        marketDayId,
        lines: items
          .filter((i) => i.orderBundleId === null)
          .map((i) => ({ offerId: i.offerId, quantity: i.quantity })),
        exceptOrderId: order.id,
        now,
      });
      reserveBundles({
        consumerId,
        marketDayId,
        lines: baskets.map((b) => ({
          bundleId: b.bundleId,
          quantity: b.quantity,
          contents: items
            .filter((i) => i.orderBundleId === b.id)
            .map((i) => ({ offerId: i.offerId, perBundle: i.quantity / b.quantity })),
        })),
        now,
      });
      bookSlot(marketDayId, order.slotId);
    });
    return true;
  } catch (error) {
    if (error instanceof Refusal) return false;
    throw error;
  }
}
