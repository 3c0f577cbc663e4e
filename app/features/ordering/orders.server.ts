/**
 * Reservations: the heart of Qhatu. Every change to stock or slot bookings happens inside one
 * `BEGIN IMMEDIATE` transaction, so no other writer can commit between our checks and our
 * writes, and every stock update is also conditional in SQL (`reserved + q <= quantity`) with
 * the CHECK constraints of db/schema/ behind it. All or nothing: on any shortage nothing is
 * written (DESIGN invariants 1, 2 and 3).
 */
import crypto from "node:crypto";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import {
  marketDays,
  offers,
  orderBundles,
  orderItems,
  orders,
  pickupSlots,
  producers,
  type MarketDay,
  type Unit,
} from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import { orderWindow } from "../market-days/markets.server";
import { channelsFor, queueNotification } from "../notifications/notifications.server";
import { basketsLeft, bundleOnSale, shareBundlePrice } from "../bundles/bundle-shares";
import { offerOnSale } from "../catalogue/offer-on-sale";
import { lineCents } from "./line-value";
import { ACTIVE_ORDER_STATUSES } from "./order-status";
import { priceChanges, type PriceChange, type SeenPrices } from "./seen-prices";
import {
  statements,
  toOrder,
  type BundleContentRow,
  type BundleRow,
  type OfferForLine,
} from "./reservation-statements.server";

/** Six characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const PICKUP_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
export const PICKUP_CODE_LENGTH = 6;
/**
 * How long a card payment may hold stock before the sweeper gives it back: a few minutes past
 * the Checkout Session's own expiry (card-payments.server.ts), so Stripe's "expired" event
 * normally arrives first and the sweeper only covers a webhook that never came.
 */
export const CARD_HOLD_MS = 37 * 60 * 1000;

export type Order = typeof orders.$inferSelect;
export type BasketLine = { offerId: number; quantity: number };
/** A number of family baskets of one kind. */
export type BundleLine = { bundleId: number; quantity: number };
/**
 * Family baskets to reserve. `contents` fixes the units each basket takes (what an order held,
 * taken again after a late payment); otherwise they are the basket's contents today.
 */
type BundleRequest = BundleLine & { contents?: { offerId: number; perBundle: number }[] };
export type BundleShortage = {
  bundleId: number;
  name: string;
  requested: number;
  /** How many of these baskets can still be had. */
  available: number;
  reason: "stock" | "limit" | "unavailable";
};
export type Shortage = {
  offerId: number;
  productName: string;
  requested: number;
  /** How many this person can still have: stock left, within their per-customer limit. */
  available: number;
  reason: "stock" | "limit" | "unavailable";
};

export type ReserveFailure =
  | { ok: false; error: "empty" }
  | { ok: false; error: "closed"; cutoffAt: Date | null }
  | { ok: false; error: "slotFull" | "slotInvalid" }
  | { ok: false; error: "short"; shortages: Shortage[]; bundleShortages?: BundleShortage[] }
  | { ok: false; error: "keyReused" }
  | { ok: false; error: "paid" }
  /** Some price is not the one the person saw; `totalCents` is the order at today's prices. */
  | { ok: false; error: "priceChanged"; changes: PriceChange[]; totalCents: number };
export type ReserveResult = { ok: true; order: Order; replayed: boolean } | ReserveFailure;

/** Thrown inside a transaction to roll it back and report why. */
class Refusal extends Error {
  constructor(readonly failure: ReserveFailure) {
    super(failure.error);
  }
}

function runRefusable<T>(work: (tx: Tx) => T): T | ReserveFailure {
  try {
    // drizzle's transaction on better-sqlite3: synchronous, BEGIN IMMEDIATE, rolled back on throw.
    return db().transaction(work, { behavior: "immediate" });
  } catch (error) {
    if (error instanceof Refusal) return error.failure;
    throw error;
  }
}

/** Quantities summed per id, in the order ids first appear; zero, negative or fractional ones dropped. */
function sumById(lines: [id: number, quantity: number][]): [number, number][] {
  const merged = new Map<number, number>();
  for (const [id, quantity] of lines) {
    if (Number.isInteger(quantity) && quantity > 0)
      merged.set(id, (merged.get(id) ?? 0) + quantity);
  }
  return [...merged];
}

/** Same offer twice becomes one line; zero or negative quantities are dropped. */
export function mergeLines(lines: BasketLine[]): BasketLine[] {
  return sumById(lines.map((l) => [l.offerId, l.quantity])).map(([offerId, quantity]) => ({
    offerId,
    quantity,
  }));
}

/**
 * Checks and reserves `lines` for an order, inside the caller's IMMEDIATE transaction, or
 * throws a Refusal listing every shortage (nothing written). Returns the order item rows.
 * `exceptOrderId` leaves the order being changed out of the per-customer limit.
 */
function reserveLines({
  consumerId,
  marketDayId,
  lines,
  exceptOrderId = 0,
  alreadyHeld,
  now,
}: {
  consumerId: number;
  marketDayId: number;
  lines: BasketLine[];
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

/** Same basket twice becomes one line; zero or negative quantities are dropped. */
export function mergeBundleLines(lines: BundleLine[]): BundleLine[] {
  return sumById(lines.map((l) => [l.bundleId, l.quantity])).map(([bundleId, quantity]) => ({
    bundleId,
    quantity,
  }));
}

/**
 * Checks and reserves family baskets for an order, inside the caller's IMMEDIATE transaction
 * and after its single lines (so they compete for the same units), or throws a Refusal listing
 * every basket that cannot be had (nothing written). Each basket reserves every content offer,
 * units per basket × baskets, with the same conditional UPDATE as a single line: an offer is
 * never oversold whether its units go out alone, in baskets, or both.
 */
function reserveBundles({
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
  const reserved: ReturnType<typeof takeBaskets>[] = [];
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
        ? basketsLeft({
            maxCount: bundle.maxCount,
            taken: (sql.bundleTaken.get(bundle.id) as { taken: number }).taken,
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
      reserved.push(takeBaskets(bundle, contents, line.quantity, now));
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
function takeBaskets(bundle: BundleRow, contents: BundleContentRow[], count: number, now: Date) {
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
function retakeUnits(offerId: number, units: number, now: Date) {
  const updated = statements().reserveOffer.run(units, now.getTime(), offerId, units);
  if (updated.changes !== 1) throw new Error(`offer ${offerId} changed under a write lock`);
}

/** Books one place in a slot of the market day (returning its times), or throws a Refusal. */
function bookSlot(marketDayId: number, slotId: number) {
  const sql = statements();
  const booked = sql.bookSlot.get(slotId, marketDayId) as
    { startsAt: number; endsAt: number } | undefined;
  if (booked) return booked;
  const exists = sql.slotExists.get(slotId, marketDayId) !== undefined;
  throw new Refusal({ ok: false, error: exists ? "slotFull" : "slotInvalid" });
}

/** The market day, if it takes orders at `now`; otherwise a Refusal saying when it closed. */
function openMarketDay(marketDayId: number, now: Date) {
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

function newPickupCode(marketDayId: number): string {
  for (;;) {
    const bytes = crypto.randomBytes(PICKUP_CODE_LENGTH);
    const code = Array.from(
      bytes,
      (b) => PICKUP_CODE_ALPHABET[b % PICKUP_CODE_ALPHABET.length],
    ).join("");
    if (statements().codeTaken.get(marketDayId, code) === undefined) return code;
  }
}

export type ReserveInput = {
  consumerId: number;
  marketDayId: number;
  lines: BasketLine[];
  /** Family baskets, reserved in the same transaction as the lines. */
  bundles?: BundleLine[];
  slotId: number;
  paymentMethod?: "cash" | "card";
  idempotencyKey: string;
  now?: Date;
  /** Also empty this consumer's saved basket of these offers, in the same transaction. */
  clearBasket?: boolean;
  /**
   * The prices the person was shown. When given, a line reserved at any other price (or not
   * shown at all) refuses the whole reservation with "priceChanged", after any shortage.
   */
  seenPrices?: SeenPrices;
};

/**
 * Reserves a basket as one order: stock of every offer, one place in the slot, the order and
 * its items, all in one IMMEDIATE transaction, or nothing. The same idempotency key returns the
 * order it already created (a double tap or a retried request makes one order). With
 * `seenPrices`, a price other than the one shown is refused the same way (nothing written, the
 * key still unused), so nobody is charged a price they did not see.
 */
export function reserveBasket(input: ReserveInput): ReserveResult {
  const {
    consumerId,
    marketDayId,
    slotId,
    idempotencyKey,
    paymentMethod = "cash",
    now = new Date(),
  } = input;
  const lines = mergeLines(input.lines);
  const bundleLines = mergeBundleLines(input.bundles ?? []);
  return runRefusable((): ReserveResult => {
    const sql = statements();
    const existing = sql.orderByKey.get(idempotencyKey) as Record<string, unknown> | undefined;
    if (existing) {
      return existing.consumer_id === consumerId
        ? { ok: true, order: toOrder(existing), replayed: true }
        : { ok: false, error: "keyReused" };
    }
    if (lines.length === 0 && bundleLines.length === 0) return { ok: false, error: "empty" };
    const day = openMarketDay(marketDayId, now);
    const items = reserveLines({ consumerId, marketDayId, lines, now });
    const baskets = reserveBundles({ consumerId, marketDayId, lines: bundleLines, now });
    const totalCents =
      items.reduce((sum, i) => sum + i.unitPriceCents * i.quantity, 0) +
      baskets.reduce((sum, b) => sum + b.unitPriceCents * b.quantity, 0);
    // Checked against the prices these very rows were reserved at, under the write lock, so no
    // price can change between the check and the charge. Before the slot: on accepting, the
    // person may still find it full and choose another.
    if (input.seenPrices) {
      const changes = priceChanges(input.seenPrices, items, baskets);
      if (changes.length > 0) {
        throw new Refusal({ ok: false, error: "priceChanged", changes, totalCents });
      }
    }
    const slot = bookSlot(marketDayId, slotId);
    const card = paymentMethod === "card";
    const order = toOrder(
      sql.insertOrder.get({
        marketId: day.marketId,
        consumerId,
        marketDayId,
        slotId,
        status: card ? "pending_payment" : "confirmed",
        paymentMethod,
        paymentStatus: card ? "pending" : "unpaid",
        totalCents,
        pickupCode: newPickupCode(marketDayId),
        idempotencyKey,
        holdExpiresAt: card ? now.getTime() + CARD_HOLD_MS : null,
        now: now.getTime(),
      }) as Record<string, unknown>,
    );
    for (const item of items) sql.insertItem.run({ ...item, orderId: order.id });
    for (const { items: contents, ...basket } of baskets) {
      const { id: orderBundleId } = sql.insertOrderBundle.get({ ...basket, orderId: order.id }) as {
        id: number;
      };
      for (const item of contents)
        sql.insertBundleItem.run({ ...item, orderId: order.id, orderBundleId });
    }
    if (input.clearBasket) {
      for (const line of lines) sql.clearBasketLine.run(consumerId, line.offerId);
      for (const line of bundleLines) sql.clearBasketBundle.run(consumerId, line.bundleId);
    }
    // Cash orders are confirmed now; card orders when the payment webhook says so.
    if (!card) queueConfirmation(order, { ...day, ...slot }, now);
    return { ok: true, order, replayed: false };
  });
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

/** The "order confirmed" message for the outbox (instants as ISO strings). */
export function orderConfirmedMessage(
  order: Pick<Order, "id" | "consumerId" | "pickupCode" | "totalCents">,
  where: { date: string; place: string; startsAt: number | Date; endsAt: number | Date },
) {
  return {
    userId: order.consumerId,
    template: "order_confirmed" as const,
    dedupeKey: `order-confirmed:${order.id}`,
    payload: {
      orderId: order.id,
      pickupCode: order.pickupCode,
      date: where.date,
      slotStartsAt: new Date(where.startsAt).toISOString(),
      slotEndsAt: new Date(where.endsAt).toISOString(),
      place: where.place,
      totalCents: order.totalCents,
    },
  };
}

/**
 * queueNotification(tx, orderConfirmedMessage(...)) for the checkout's hot path: the same
 * outbox rows (one per channel the person receives on, key "<dedupeKey>:<channel>"), written
 * with statements prepared once instead of ORM queries built per order (measured: the ORM
 * version cost about a third of the in-process reservation rate).
 */
function queueConfirmation(
  order: Order,
  where: Parameters<typeof orderConfirmedMessage>[1],
  now: Date,
) {
  const sql = statements();
  const person = sql.consumerContact.get(order.consumerId) as
    | {
        email: string | null;
        phone: string | null;
        notifyEmail: number;
        notifySms: number;
        notifyWhatsapp: number;
      }
    | undefined;
  if (!person) return;
  const message = orderConfirmedMessage(order, where);
  const channels = channelsFor({
    email: person.email,
    phone: person.phone,
    notifyEmail: Boolean(person.notifyEmail),
    notifySms: Boolean(person.notifySms),
    notifyWhatsapp: Boolean(person.notifyWhatsapp),
  });
  if (channels.length === 0) return;
  const payload = JSON.stringify(message.payload);
  for (const channel of channels) {
    sql.queueMessage.run({
      dedupeKey: `${message.dedupeKey}:${channel}`,
      userId: message.userId,
      channel,
      template: message.template,
      payload,
      now: now.getTime(),
    });
  }
}

/** The "order cancelled" or "order expired" message for the outbox. */
export function orderEndedMessage(
  tx: Tx,
  order: Pick<Order, "id" | "consumerId" | "pickupCode" | "marketDayId">,
  how: "cancelled" | "expired",
  /** Paid by card: the message says the money is being given back. */
  refund = false,
) {
  const day = tx
    .select({ date: marketDays.date })
    .from(marketDays)
    .where(eq(marketDays.id, order.marketDayId))
    .get();
  return {
    userId: order.consumerId,
    template: `order_${how}` as const,
    // A refund told after the fact (a late payment) is a message of its own.
    dedupeKey: `order-${how}${refund ? "-refund" : ""}:${order.id}`,
    payload: {
      orderId: order.id,
      pickupCode: order.pickupCode,
      date: day?.date ?? "",
      ...(refund ? { refund: true } : {}),
    },
  };
}

/** Gives back an order's stock and slot place (inside a caller's transaction). */
export function releaseOrder(tx: Tx, order: Order) {
  const items = tx.select().from(orderItems).where(eq(orderItems.orderId, order.id)).all();
  for (const item of items) {
    tx.update(offers)
      .set({ reserved: sql`${offers.reserved} - ${item.quantity}` })
      .where(eq(offers.id, item.offerId))
      .run();
  }
  tx.update(pickupSlots)
    .set({ booked: sql`${pickupSlots.booked} - 1` })
    .where(eq(pickupSlots.id, order.slotId))
    .run();
  return items;
}

/**
 * An active order of this consumer whose market day still takes changes, or a Refusal.
 * Card orders can only be cancelled (refunded), never changed: their amount is what Stripe
 * charged or is charging.
 */
function changeableOrder(
  tx: Tx,
  {
    consumerId,
    orderId,
    now,
    forCancel = false,
  }: { consumerId: number; orderId: number; now: Date; forCancel?: boolean },
) {
  const order = tx
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.id, orderId),
        eq(orders.consumerId, consumerId),
        inArray(orders.status, ACTIVE_ORDER_STATUSES),
      ),
    )
    .get();
  if (!order) return null;
  openMarketDay(order.marketDayId, now);
  if (!forCancel && order.paymentMethod === "card") throw new Refusal({ ok: false, error: "paid" });
  return order;
}

export type ChangeResult =
  { ok: true; order: Order } | ReserveFailure | { ok: false; error: "notFound" };

/**
 * Cancels a consumer's own order before the cutoff, giving back stock and slot at once. An
 * order paid by card keeps its payment "paid" here: the refund job (card-payments.server.ts)
 * refunds every cancelled order whose payment is still paid, outside any transaction. An
 * unpaid card hold becomes "unpaid"; if Stripe still completes it, the webhook refunds it.
 */
export function cancelOrder({
  consumerId,
  orderId,
  now = new Date(),
}: {
  consumerId: number;
  orderId: number;
  now?: Date;
}): ChangeResult {
  return runRefusable((tx): ChangeResult => {
    const order = changeableOrder(tx, { consumerId, orderId, now, forCancel: true });
    if (!order) return { ok: false, error: "notFound" };
    releaseOrder(tx, order);
    const cancelled = tx
      .update(orders)
      .set({
        status: "cancelled",
        cancelledAt: now,
        updatedAt: now,
        ...(order.paymentStatus === "pending" ? { paymentStatus: "unpaid" as const } : {}),
      })
      .where(eq(orders.id, order.id))
      .returning()
      .get();
    queueNotification(
      tx,
      orderEndedMessage(tx, order, "cancelled", order.paymentStatus === "paid"),
    );
    return { ok: true, order: cancelled };
  });
}

/**
 * Changes an order's quantities and/or slot before the cutoff, as one transaction: the old
 * reservation is given back and the new one taken, or nothing changes. A line at 0 is removed;
 * an order with no lines left is refused (cancel it instead).
 */
export function changeOrder({
  consumerId,
  orderId,
  lines,
  slotId,
  now = new Date(),
}: {
  consumerId: number;
  orderId: number;
  lines: BasketLine[];
  slotId: number;
  now?: Date;
}): ChangeResult {
  const merged = mergeLines(lines);
  return runRefusable((tx): ChangeResult => {
    const order = changeableOrder(tx, { consumerId, orderId, now });
    if (!order) return { ok: false, error: "notFound" };
    const before = releaseOrder(tx, order);
    // Family baskets stay as they were reserved: only lines bought alone change here.
    const alone = before.filter((i) => i.orderBundleId === null);
    const inBaskets = before.filter((i) => i.orderBundleId !== null);
    // Only offers already in the order can be changed here; new products go through a new basket.
    const known = new Set(alone.map((i) => i.offerId));
    const kept = merged.filter((l) => known.has(l.offerId));
    if (kept.length === 0 && inBaskets.length === 0) {
      throw new Refusal({ ok: false, error: "empty" });
    }
    // The baskets' units first: they were given back a moment ago, so they fit, and the lines
    // bought alone are then checked against what is left after them.
    for (const item of inBaskets) retakeUnits(item.offerId, item.quantity, now);
    const items =
      kept.length === 0
        ? []
        : reserveLines({
            consumerId,
            marketDayId: order.marketDayId,
            lines: kept,
            exceptOrderId: order.id,
            alreadyHeld: new Map(alone.map((i) => [i.offerId, i.quantity])),
            now,
          });
    bookSlot(order.marketDayId, slotId);
    tx.delete(orderItems)
      .where(and(eq(orderItems.orderId, order.id), isNull(orderItems.orderBundleId)))
      .run();
    // Prices stay as they were when the order was first made.
    const priceOf = new Map(alone.map((i) => [i.offerId, i.unitPriceCents]));
    const rows = items.map((i) => ({
      ...i,
      orderId: order.id,
      unitPriceCents: priceOf.get(i.offerId)!,
    }));
    if (rows.length > 0) tx.insert(orderItems).values(rows).run();
    const totalCents =
      rows.reduce((sum, i) => sum + lineCents(i), 0) +
      inBaskets.reduce((sum, i) => sum + lineCents(i), 0);
    const updated = tx
      .update(orders)
      .set({ slotId, totalCents })
      .where(eq(orders.id, order.id))
      .returning()
      .get();
    return { ok: true, order: updated };
  });
}

/** A consumer's own order by pickup code (the latest if a code recurs on another day). */
export function findOwnOrderByCode({ consumerId, code }: { consumerId: number; code: string }) {
  return db()
    .select()
    .from(orders)
    .where(and(eq(orders.consumerId, consumerId), eq(orders.pickupCode, code.toUpperCase())))
    .orderBy(desc(orders.createdAt))
    .limit(1)
    .get();
}

/** Everything the order page shows, for the consumer who owns it. Five queries. */
export function getOrderDetails({ consumerId, code }: { consumerId: number; code: string }) {
  const order = findOwnOrderByCode({ consumerId, code });
  if (!order) return null;
  const day = db().select().from(marketDays).where(eq(marketDays.id, order.marketDayId)).get()!;
  const slot = db().select().from(pickupSlots).where(eq(pickupSlots.id, order.slotId)).get()!;
  const items = db()
    .select({
      offerId: orderItems.offerId,
      productName: orderItems.productName,
      unit: orderItems.unit,
      unitPriceCents: orderItems.unitPriceCents,
      quantity: orderItems.quantity,
      shareCents: orderItems.shareCents,
      orderBundleId: orderItems.orderBundleId,
      producerId: orderItems.producerId,
      farmName: producers.farmName,
      producerSlug: producers.slug,
      community: producers.community,
    })
    .from(orderItems)
    .innerJoin(producers, eq(producers.id, orderItems.producerId))
    .where(eq(orderItems.orderId, order.id))
    .orderBy(producers.farmName, orderItems.productName)
    .all();
  // The family baskets in the order; their contents are the items that point to them.
  const baskets = db()
    .select()
    .from(orderBundles)
    .where(eq(orderBundles.orderId, order.id))
    .orderBy(orderBundles.id)
    .all();
  return { order, day, slot, items, baskets };
}

/** A consumer's orders, newest market day first. */
export function listOwnOrders(consumerId: number) {
  return db()
    .select({
      pickupCode: orders.pickupCode,
      status: orders.status,
      totalCents: orders.totalCents,
      paymentMethod: orders.paymentMethod,
      date: marketDays.date,
      slotStartsAt: pickupSlots.startsAt,
      // A family basket counts as one line, like an item bought alone.
      itemCount: sql<number>`(SELECT count(*) FROM ${orderItems} WHERE ${orderItems.orderId} = ${orders.id} AND ${orderItems.orderBundleId} IS NULL)
        + (SELECT count(*) FROM ${orderBundles} WHERE ${orderBundles.orderId} = ${orders.id})`,
    })
    .from(orders)
    .innerJoin(marketDays, eq(marketDays.id, orders.marketDayId))
    .innerJoin(pickupSlots, eq(pickupSlots.id, orders.slotId))
    .where(eq(orders.consumerId, consumerId))
    .orderBy(desc(marketDays.date), desc(orders.createdAt))
    .all();
}

/** Slots of a market day with places left, for the checkout and order pages. */
export function listSlots(marketDayId: number) {
  return db()
    .select()
    .from(pickupSlots)
    .where(eq(pickupSlots.marketDayId, marketDayId))
    .orderBy(pickupSlots.startsAt)
    .all()
    .map((s) => ({ ...s, left: s.capacity - s.booked }));
}
