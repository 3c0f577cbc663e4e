/**
 * What every coordinator change to a family basket shares: the IMMEDIATE transaction (it
 * serializes with reservations, which take the same write lock, so a cap is checked against
 * the baskets really taken), the market's own basket (scoped by `marketId`, docs/invariants.md
 * #6), the baskets taken, and its contents.
 */
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/sqlite-core";
import {
  bundleItems,
  bundles,
  marketDays,
  memberships,
  offers,
  orderBundles,
  orders,
  producers,
  products,
} from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import { isOwnRow } from "../../infra/market-scope";
import { STANDING_ORDER_STATUSES } from "../ordering/order-status";
import { offerOnSale } from "../catalogue/offer-on-sale";
import { selectOffers } from "../catalogue/offer-rows.server";

export type Actor = { marketId: number; actorUserId: number };

export function immediately<T>(work: (tx: Tx) => T): T {
  return db().transaction(work, { behavior: "immediate" });
}

/** The market's basket with its day's status, or undefined (another market's, or none). */
export function ownBundle(tx: Tx, { marketId, bundleId }: { marketId: number; bundleId: number }) {
  return tx
    .select({ bundle: bundles, dayStatus: marketDays.status, dayDate: marketDays.date })
    .from(bundles)
    .innerJoin(marketDays, eq(marketDays.id, bundles.marketDayId))
    .where(and(isOwnRow(bundles, { marketId, id: bundleId }), eq(marketDays.marketId, marketId)))
    .get();
}

type OwnBundle = NonNullable<ReturnType<typeof ownBundle>>;

/**
 * A change to one of the market's baskets, in one IMMEDIATE transaction: `change` gets the
 * basket as ownBundle reads it; another market's basket (or none) is "notFound", nothing written.
 */
export function changeOwnBundle<R>(
  scope: { marketId: number; bundleId: number },
  change: (tx: Tx, own: OwnBundle) => R,
): R | { ok: false; error: "notFound" } {
  return immediately((tx) => {
    const own = ownBundle(tx, scope);
    return own ? change(tx, own) : { ok: false, error: "notFound" };
  });
}

/** Baskets of this kind in orders that stand (read under the write lock, so exact). */
export function takenOf(tx: Tx, bundleId: number) {
  const row = tx
    .select({ taken: sql<number>`coalesce(sum(${orderBundles.quantity}), 0)` })
    .from(orderBundles)
    .innerJoin(orders, eq(orders.id, orderBundles.orderId))
    .where(
      and(eq(orderBundles.bundleId, bundleId), inArray(orders.status, STANDING_ORDER_STATUSES)),
    )
    .get();
  return Number(row?.taken ?? 0);
}

/** The market's own baskets, as a subquery: bundle_items carry no market of their own. */
export const marketBundleIds = (tx: Tx, marketId: number) =>
  tx.select({ id: bundles.id }).from(bundles).where(eq(bundles.marketId, marketId));

/**
 * The market's offers a basket may hold (their day and their producer both of the market),
 * narrowed by `also`, with their product, producer and membership.
 */
export function marketOffers<S extends SelectedFields>(
  tx: Tx,
  fields: S,
  { marketId, also }: { marketId: number; also: SQL },
) {
  return selectOffers(fields, { tx })
    .innerJoin(marketDays, eq(marketDays.id, offers.marketDayId))
    .where(and(also, eq(marketDays.marketId, marketId), eq(producers.marketId, marketId)));
}

/** A basket's contents with whether each can be had now, in the order they were added. */
export function contentsOf(tx: Tx, marketId: number, bundleId: number) {
  return selectOffers(
    {
      offerId: offers.id,
      perBundle: bundleItems.quantity,
      productName: products.name,
      offerStatus: offers.status,
      producerStatus: memberships.status,
    },
    { tx },
  )
    .innerJoin(bundleItems, eq(bundleItems.offerId, offers.id))
    .where(
      and(
        eq(bundleItems.bundleId, bundleId),
        inArray(bundleItems.bundleId, marketBundleIds(tx, marketId)),
      ),
    )
    .orderBy(sql`${bundleItems}.rowid`)
    .all()
    .map((c) => ({ ...c, onSale: offerOnSale(c.offerStatus, c.producerStatus) }));
}

/** Bumps the basket's updated_at (its contents changed) within the market. */
export function touch(tx: Tx, marketId: number, bundleId: number) {
  tx.update(bundles)
    .set({ updatedAt: new Date() })
    .where(isOwnRow(bundles, { marketId, id: bundleId }))
    .run();
}
