/**
 * The basket: what a person means to reserve, before checkout. Anonymous people keep it in a
 * cookie; logged-in people on the server (basket_items), so it follows them across devices.
 * At login the cookie basket is merged into the account. Nothing here reserves stock: the
 * bounds shown are advice, and checkout (ordering/reserve.server.ts) is what guarantees them.
 */
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import {
  cartBundles,
  cartItems,
  bundles,
  offers,
  orderBundles,
  orderItems,
  orders,
} from "../../../db/schema";
import { db, preparedOnce } from "../../infra/db.server";
import { bundlesLeft } from "../bundles/bundle-shares";
import { offerOnSale } from "../catalogue/offer-on-sale";
import { bundlesByIds } from "../bundles/bundles.server";
import { activeOrdersOf } from "../ordering/order-scope.server";
import {
  mergeBundleLines,
  mergeLines,
  type CartLine,
  type BundleLine,
} from "../ordering/order-lines";
import { basketLineColumns, selectOffers } from "../catalogue/offer-rows.server";

export const MAX_BASKET_LINES = 60;

const savedCart = preparedOnce((database) =>
  database
    .select({ offerId: cartItems.offerId, quantity: cartItems.quantity })
    .from(cartItems)
    .where(eq(cartItems.userId, sql.placeholder("userId")))
    .prepare(),
);

/** The lines of a logged-in person's basket (read on every page, for the header's count). */
export function getSavedCart(userId: number): CartLine[] {
  return savedCart().all({ userId });
}

/** Sets one line of a saved basket (0 removes it). */
export function setSavedCartLine({ userId, offerId, quantity }: { userId: number } & CartLine) {
  if (quantity <= 0) {
    db()
      .delete(cartItems)
      .where(and(eq(cartItems.userId, userId), eq(cartItems.offerId, offerId)))
      .run();
    return;
  }
  db()
    .insert(cartItems)
    .values({ userId, offerId, quantity })
    .onConflictDoUpdate({
      target: [cartItems.userId, cartItems.offerId],
      set: { quantity, updatedAt: new Date() },
    })
    .run();
}

/** At login: the cookie basket's lines join the account's (the larger quantity wins). */
export function mergeIntoSavedCart({ userId, lines }: { userId: number; lines: CartLine[] }) {
  const valid = mergeLines(lines).slice(0, MAX_BASKET_LINES);
  if (valid.length === 0) return;
  const existing = db()
    .select({ id: offers.id })
    .from(offers)
    .where(
      inArray(
        offers.id,
        valid.map((l) => l.offerId),
      ),
    )
    .all();
  const known = new Set(existing.map((o) => o.id));
  db().transaction(
    (tx) => {
      for (const line of valid.filter((l) => known.has(l.offerId))) {
        tx.insert(cartItems)
          .values({ userId, ...line })
          .onConflictDoUpdate({
            target: [cartItems.userId, cartItems.offerId],
            set: {
              quantity: sql`max(${cartItems.quantity}, excluded.quantity)`,
              updatedAt: new Date(),
            },
          })
          .run();
      }
    },
    { behavior: "immediate" },
  );
}

export type CartView = Awaited<ReturnType<typeof describeCart>>;

/**
 * The basket as the page shows it: each line with its offer, producer and bounds, for one
 * market day (lines of other days are left out). Two queries whatever its size.
 */
export function describeCart({
  lines,
  marketDayId,
  consumerId,
}: {
  lines: CartLine[];
  marketDayId: number;
  consumerId: number | null;
}) {
  const merged = mergeLines(lines);
  if (merged.length === 0) return { lines: [], totalCents: 0 };
  const ids = merged.map((l) => l.offerId);
  const rows = selectOffers({
    ...basketLineColumns,
    perCustomerLimit: offers.perCustomerLimit,
    status: offers.status,
  })
    .where(and(eq(offers.marketDayId, marketDayId), inArray(offers.id, ids)))
    .all();
  const held = new Map<number, number>();
  if (consumerId !== null) {
    // From the person's own orders (CROSS JOIN keeps that order): SQLite would otherwise
    // start from every order of each offer, which grows with the rush.
    const heldRows = db()
      .select({ offerId: orderItems.offerId, quantity: sql<number>`sum(${orderItems.quantity})` })
      .from(orders)
      .crossJoin(orderItems)
      .where(
        and(
          eq(orderItems.orderId, orders.id),
          activeOrdersOf(consumerId),
          inArray(orderItems.offerId, ids),
          // Units inside family baskets do not count against per-customer limits.
          isNull(orderItems.orderBundleId),
        ),
      )
      .groupBy(orderItems.offerId)
      .all();
    for (const r of heldRows) held.set(r.offerId, Number(r.quantity));
  }
  const byId = new Map(rows.map((r) => [r.offerId, r]));
  const described = merged.flatMap((line) => {
    const row = byId.get(line.offerId);
    if (!row) return [];
    const available = offerOnSale(row.status, row.producerStatus);
    const left = available ? row.quantity - row.reserved : 0;
    const limitLeft =
      row.perCustomerLimit === null
        ? null
        : Math.max(0, row.perCustomerLimit - (held.get(row.offerId) ?? 0));
    const max = Math.max(0, limitLeft === null ? left : Math.min(left, limitLeft));
    return [
      {
        ...row,
        requested: line.quantity,
        left,
        limitLeft,
        max,
        /** Why the requested quantity cannot be had, if it cannot. */
        problem: !available
          ? ("unavailable" as const)
          : line.quantity > max
            ? limitLeft !== null && limitLeft < left
              ? ("limit" as const)
              : ("stock" as const)
            : null,
        subtotalCents: row.priceCents * line.quantity,
      },
    ];
  });
  // Lines that can no longer be had are shown, but not counted in the total.
  const counted = described.filter((l) => l.problem !== "unavailable");
  return { lines: described, totalCents: counted.reduce((sum, l) => sum + l.subtotalCents, 0) };
}

/**
 * The ids go in as one JSON array, so the statement is prepared once whatever their number.
 * CROSS JOIN keeps SQLite's planner from its own choice, which walked every offer of the day
 * and read the array again for each (about 150 µs with 640 offers, 15 times the cost of
 * looking each id up by its key; it ran on every signed-in page and checkout).
 */
export const OFFERS_OF_DAY_SQL =
  "SELECT offers.id AS id FROM json_each(?) AS ids CROSS JOIN offers ON offers.id = ids.value WHERE offers.market_day_id = ?";
const offersOfDay = preparedOnce((database) =>
  database.$client.prepare<[string, number], { id: number }>(OFFERS_OF_DAY_SQL),
);

/**
 * The lines that are offers of this market day (older days' leftovers are not). One prepared
 * query: it runs on every signed-in page view (the header's count) and every checkout.
 */
export function linesOfDay({ lines, marketDayId }: { lines: CartLine[]; marketDayId: number }) {
  if (lines.length === 0) return [];
  const ids = JSON.stringify(lines.map((l) => l.offerId));
  const ofDay = new Set(
    offersOfDay()
      .all(ids, marketDayId)
      .map((o) => o.id),
  );
  return lines.filter((l) => ofDay.has(l.offerId));
}

/** How many of these lines are offers of this market day (for the header's count). */
export function countLinesOfDay(query: { lines: CartLine[]; marketDayId: number }) {
  return linesOfDay(query).length;
}

/**
 * "Adjust my basket to what is available", in one step and one transaction: every line that
 * asks for more than this person can have comes down to what they can (0 removes it).
 */
export function adjustSavedCart({ userId, marketDayId }: { userId: number; marketDayId: number }) {
  const basket = describeCart({ lines: getSavedCart(userId), marketDayId, consumerId: userId });
  db().transaction(
    (tx) => {
      for (const line of basket.lines.filter((l) => l.problem)) {
        const where = and(eq(cartItems.userId, userId), eq(cartItems.offerId, line.offerId));
        if (line.max > 0) tx.update(cartItems).set({ quantity: line.max }).where(where).run();
        else tx.delete(cartItems).where(where).run();
      }
    },
    { behavior: "immediate" },
  );
  adjustSavedBundles({ userId, marketDayId });
}

/* ---- Family baskets in the basket (beside single offers) ---- */

export const MAX_BASKET_BUNDLES = 10;

const savedBundles = preparedOnce((database) =>
  database
    .select({ bundleId: cartBundles.bundleId, quantity: cartBundles.quantity })
    .from(cartBundles)
    .where(eq(cartBundles.userId, sql.placeholder("userId")))
    .prepare(),
);

/** The family baskets in a logged-in person's basket (read on every page, like getSavedCart). */
export function getSavedBundles(userId: number): BundleLine[] {
  return savedBundles().all({ userId });
}

/** Sets how many of one family basket a saved basket holds (0 removes it). */
export function setSavedBundleLine({
  userId,
  bundleId,
  quantity,
}: { userId: number } & BundleLine) {
  const where = and(eq(cartBundles.userId, userId), eq(cartBundles.bundleId, bundleId));
  if (quantity <= 0) {
    db().delete(cartBundles).where(where).run();
    return;
  }
  db()
    .insert(cartBundles)
    .values({ userId, bundleId, quantity })
    .onConflictDoUpdate({
      target: [cartBundles.userId, cartBundles.bundleId],
      set: { quantity, updatedAt: new Date() },
    })
    .run();
}

/** At login: the cookie's family baskets join the account's (the larger quantity wins). */
export function mergeIntoSavedBundles({ userId, lines }: { userId: number; lines: BundleLine[] }) {
  const valid = mergeBundleLines(lines).slice(0, MAX_BASKET_BUNDLES);
  if (valid.length === 0) return;
  const known = new Set(
    db()
      .select({ id: bundles.id })
      .from(bundles)
      .where(
        and(
          ne(bundles.status, "draft"),
          inArray(
            bundles.id,
            valid.map((l) => l.bundleId),
          ),
        ),
      )
      .all()
      .map((b) => b.id),
  );
  db().transaction(
    (tx) => {
      for (const line of valid.filter((l) => known.has(l.bundleId))) {
        tx.insert(cartBundles)
          .values({ userId, ...line })
          .onConflictDoUpdate({
            target: [cartBundles.userId, cartBundles.bundleId],
            set: {
              quantity: sql`max(${cartBundles.quantity}, excluded.quantity)`,
              updatedAt: new Date(),
            },
          })
          .run();
      }
    },
    { behavior: "immediate" },
  );
}

export type CartBundleLine = ReturnType<typeof describeBundleLines>["lines"][number];

/**
 * The family baskets of a basket as the page shows them, for one market day (others, and
 * drafts, left out): each with its basket, how many can be had, and why not when they cannot.
 * Availability is worked out for the whole basket in the order checkout reserves it: the items
 * bought alone (`alongside`) first, then each kind of basket after the ones before it, so two
 * lines of the same person that draw on one offer are never both shown as possible.
 */
export function describeBundleLines({
  lines,
  marketDayId,
  alongside = [],
  consumerId = null,
}: {
  lines: BundleLine[];
  marketDayId: number;
  alongside?: CartLine[];
  /** Whose basket: their active orders count against each basket's per-family limit. */
  consumerId?: number | null;
}) {
  const merged = mergeBundleLines(lines);
  const found = new Map(
    bundlesByIds({ marketDayId, ids: merged.map((l) => l.bundleId) }).map((b) => [b.id, b]),
  );
  const held = bundlesHeld(consumerId, [...found.keys()]);
  // Units of each offer that the lines before this one would take.
  const claimed = new Map<number, number>();
  for (const l of mergeLines(alongside)) claimed.set(l.offerId, l.quantity);
  const described = merged.flatMap((line) => {
    const bundle = found.get(line.bundleId);
    if (!bundle) return [];
    const { onSale } = bundle;
    const max = onSale
      ? bundlesLeft({
          maxCount: bundle.maxCount,
          taken: bundle.taken,
          contents: bundle.contents.map((c) => ({
            ...c,
            reserved: c.reserved + (claimed.get(c.offerId) ?? 0),
          })),
        })
      : 0;
    const limitLeft =
      bundle.perCustomerLimit === null
        ? null
        : Math.max(0, bundle.perCustomerLimit - (held.get(bundle.id) ?? 0));
    const bounded = limitLeft === null ? max : Math.min(max, limitLeft);
    for (const c of bundle.contents) {
      const units = c.perBundle * Math.min(line.quantity, bounded);
      claimed.set(c.offerId, (claimed.get(c.offerId) ?? 0) + units);
    }
    const problem = !onSale
      ? ("unavailable" as const)
      : line.quantity > bounded
        ? limitLeft !== null && limitLeft < max
          ? ("limit" as const)
          : ("stock" as const)
        : null;
    return [
      {
        bundle,
        requested: line.quantity,
        max: bounded,
        problem,
        subtotalCents: bundle.priceCents * line.quantity,
      },
    ];
  });
  const counted = described.filter((l) => l.problem !== "unavailable");
  return { lines: described, totalCents: counted.reduce((sum, l) => sum + l.subtotalCents, 0) };
}

/** How many of each of these baskets a person holds in their active orders. One query, from
 * the person's own orders (as describeCart's). */
function bundlesHeld(consumerId: number | null, bundleIds: number[]) {
  if (consumerId === null || bundleIds.length === 0) return new Map<number, number>();
  return new Map(
    db()
      .select({
        bundleId: orderBundles.bundleId,
        held: sql<number>`sum(${orderBundles.quantity})`,
      })
      .from(orders)
      .crossJoin(orderBundles)
      .where(
        and(
          eq(orderBundles.orderId, orders.id),
          activeOrdersOf(consumerId),
          inArray(orderBundles.bundleId, bundleIds),
        ),
      )
      .groupBy(orderBundles.bundleId)
      .all()
      .map((r) => [r.bundleId, Number(r.held)]),
  );
}

/** As OFFERS_OF_DAY_SQL, for family baskets (drafts are not for sale). */
export const BUNDLES_OF_DAY_SQL =
  "SELECT bundles.id AS id FROM json_each(?) AS ids CROSS JOIN bundles ON bundles.id = ids.value WHERE bundles.market_day_id = ? AND bundles.status <> 'draft'";
const bundlesOfDay = preparedOnce((database) =>
  database.$client.prepare<[string, number], { id: number }>(BUNDLES_OF_DAY_SQL),
);

/** The family baskets that belong to this market day (older days' leftovers and drafts are not). */
export function bundleLinesOfDay({
  lines,
  marketDayId,
}: {
  lines: BundleLine[];
  marketDayId: number;
}) {
  if (lines.length === 0) return [];
  const ids = JSON.stringify(lines.map((l) => l.bundleId));
  const ofDay = new Set(
    bundlesOfDay()
      .all(ids, marketDayId)
      .map((b) => b.id),
  );
  return lines.filter((l) => ofDay.has(l.bundleId));
}

/** "Adjust my basket" for family baskets: each comes down to what can be had (0 removes it). */
export function adjustSavedBundles({
  userId,
  marketDayId,
}: {
  userId: number;
  marketDayId: number;
}) {
  const { lines } = describeBundleLines({
    lines: getSavedBundles(userId),
    marketDayId,
    consumerId: userId,
    alongside: linesOfDay({ lines: getSavedCart(userId), marketDayId }),
  });
  for (const line of lines.filter((l) => l.problem)) {
    setSavedBundleLine({ userId, bundleId: line.bundle.id, quantity: line.max });
  }
}
