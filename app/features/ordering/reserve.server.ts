/**
 * Reserving an order: the heart of Qhatu. Stock of every offer and family basket, one place in
 * a pickup slot, the order and its items, all in one `BEGIN IMMEDIATE` transaction, or nothing
 * (docs/invariants.md 1, 2 and 3). The checks are availability.server.ts's; the SQL is prepared
 * once (reservation-statements.server.ts), as this is the hottest write path.
 */
import type { Order, PaymentMethod } from "../../../db/schema";
import type { Tx } from "../../infra/db.server";
import {
  bookSlot,
  openMarketDay,
  Refusal,
  reserveBundles,
  reserveLines,
  runRefusable,
  type ReserveFailure,
} from "./availability.server";
import { mergeBundleLines, mergeLines, type CartLine, type BundleLine } from "./order-lines";
import { queueConfirmation } from "./order-messages.server";
import { priceChanges, type SeenPrices } from "./seen-prices";
import { statements, toOrder } from "./reservation-statements.server";
import { pooledRandomBytes } from "../../infra/random-pool.server";
import { walletHoldEnd } from "../wallet/wallet.server";

/** Six characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B). */
export const PICKUP_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
export const PICKUP_CODE_LENGTH = 6;
/**
 * How long a card payment may hold stock before the sweeper gives it back: a few minutes past
 * the Checkout Session's own expiry (payments/card-checkout.server.ts), so Stripe's "expired" event
 * normally arrives first and the sweeper only covers a webhook that never came.
 */
export const CARD_HOLD_MS = 37 * 60 * 1000;

export type ReserveResult = { ok: true; order: Order; replayed: boolean } | ReserveFailure;

function newPickupCode(marketDayId: number): string {
  for (;;) {
    const bytes = pooledRandomBytes(PICKUP_CODE_LENGTH);
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
  lines: CartLine[];
  /** Family baskets, reserved in the same transaction as the lines. */
  bundles?: BundleLine[];
  slotId: number;
  paymentMethod?: PaymentMethod;
  idempotencyKey: string;
  now?: Date;
  /** Also empty this consumer's saved basket of these offers, in the same transaction. */
  clearCart?: boolean;
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
export function reserveOrder(input: ReserveInput): ReserveResult {
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
  return runRefusable((tx): ReserveResult => {
    const sql = statements();
    const existing = sql.orderByKey.get(idempotencyKey) as Record<string, unknown> | undefined;
    if (existing) {
      return existing.consumer_id === consumerId
        ? { ok: true, order: toOrder(existing), replayed: true }
        : { ok: false, error: "keyReused" };
    }
    if (lines.length === 0 && bundleLines.length === 0) return { ok: false, error: "empty" };
    const day = openMarketDay(marketDayId, now);
    const holdUntil = holdEnd(tx, paymentMethod, day.marketId, marketDayId, now);
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
    // A card or Yape/Plin order holds stock until paid; cash is confirmed at once.
    const card = paymentMethod !== "cash";
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
        holdExpiresAt: holdUntil?.getTime() ?? null,
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
    if (input.clearCart) {
      for (const line of lines) sql.clearCartLine.run(consumerId, line.offerId);
      for (const line of bundleLines) sql.clearCartBundle.run(consumerId, line.bundleId);
    }
    // Cash orders are confirmed now; card orders when the payment webhook says so, Yape/Plin
    // ones when the treasurer verifies their proof.
    if (!card) queueConfirmation(order, { ...day, ...slot }, now);
    return { ok: true, order, replayed: false };
  });
}

/**
 * Until when a new order's stock waits for its payment: a card's Checkout Session; a Yape/Plin
 * proof's window (refused when the market does not take Yape/Plin for this day); none for cash.
 */
function holdEnd(
  tx: Tx,
  method: PaymentMethod,
  marketId: number,
  marketDayId: number,
  now: Date,
): Date | null {
  if (method === "cash") return null;
  if (method === "card") return new Date(now.getTime() + CARD_HOLD_MS);
  const until = walletHoldEnd(tx, { marketId, marketDayId, now });
  if (!until) throw new Refusal({ ok: false, error: "walletUnavailable" });
  return until;
}
