/**
 * Family baskets as everyone reads them: each with its contents (offer, product, producer),
 * how many more can be reserved now, what the contents would cost alone and how the price is
 * shared among them. Three queries whatever the number of baskets. The coordinators' writes
 * live in bundle-edits, bundle-contents and bundle-publishing.server.ts; reserving them lives
 * in ordering/availability.server.ts.
 */
import { and, asc, eq, inArray, ne, sql, type SQL } from "drizzle-orm";
import {
  bundleItems,
  bundles,
  marketDays,
  offers,
  orderBundles,
  orders,
  type BundleStatus,
  type Unit,
} from "../../../db/schema";
import { db } from "../../infra/db.server";
import { bundlesLeft, bundleOnSale, shareBundlePrice, valueAlone } from "./bundle-shares";
import { offerOnSale } from "../catalogue/offer-on-sale";
import { commissionOf } from "../settlement/settlements.server";
import { STANDING_ORDER_STATUSES } from "../ordering/order-status";
import { basketLineColumns, selectOffers } from "../catalogue/offer-rows.server";

export type BundleContent = {
  offerId: number;
  perBundle: number;
  productName: string;
  unit: Unit;
  photoKey: string | null;
  priceCents: number;
  quantity: number;
  reserved: number;
  offerStatus: "active" | "paused";
  producerId: number;
  farmName: string;
  producerSlug: string;
  community: string;
  producerStatus: string;
  /** Whether this content can still be reserved (offer active, producer approved). */
  onSale: boolean;
  /** This content's share of one basket's price, céntimos. */
  shareCents: number;
};

export type BundleView = {
  id: number;
  marketId: number;
  marketDayId: number;
  name: string;
  description: string;
  photoKey: string | null;
  priceCents: number;
  maxCount: number | null;
  /** The most one family may hold across its orders (null: no limit but the cap). */
  perCustomerLimit: number | null;
  status: BundleStatus;
  /** Baskets in orders that stand. */
  taken: number;
  /** Published, not empty, and every content on sale. */
  onSale: boolean;
  /** Baskets the contents allow right now (units left ÷ units per basket), whatever the cap. */
  byStock: number;
  /** Baskets that can be made now within the cap, whatever the status. */
  canMake: number;
  /** Baskets that can still be reserved now: canMake once on sale, else 0. */
  left: number;
  /** What the contents of one basket would cost bought alone. */
  valueAloneCents: number;
  contents: BundleContent[];
};

/** The baskets matching `where`, oldest first, described in full. */
export function loadBundles(where: SQL | undefined): BundleView[] {
  const rows = db().select().from(bundles).where(where).orderBy(asc(bundles.id)).all();
  if (rows.length === 0) return [];
  const ids = rows.map((b) => b.id);
  const contents = selectOffers({
    bundleId: bundleItems.bundleId,
    perBundle: bundleItems.quantity,
    ...basketLineColumns,
    offerStatus: offers.status,
  })
    .innerJoin(bundleItems, eq(bundleItems.offerId, offers.id))
    .where(inArray(bundleItems.bundleId, ids))
    .orderBy(sql`${bundleItems.bundleId}, ${bundleItems}.rowid`)
    .all();
  const taken = new Map(
    db()
      .select({
        bundleId: orderBundles.bundleId,
        taken: sql<number>`coalesce(sum(${orderBundles.quantity}), 0)`,
      })
      .from(orderBundles)
      .innerJoin(orders, eq(orders.id, orderBundles.orderId))
      .where(
        and(inArray(orderBundles.bundleId, ids), inArray(orders.status, STANDING_ORDER_STATUSES)),
      )
      .groupBy(orderBundles.bundleId)
      .all()
      .map((r) => [r.bundleId, Number(r.taken)]),
  );
  return rows.map((bundle) => {
    const own = contents
      .filter((c) => c.bundleId === bundle.id)
      .map(({ bundleId: _, ...c }) => ({
        ...c,
        onSale: offerOnSale(c.offerStatus, c.producerStatus),
      }));
    const priced = own.map((c) => ({ ...c, quantity: c.perBundle }));
    const shares = shareBundlePrice(priced, bundle.priceCents);
    const bundleTaken = taken.get(bundle.id) ?? 0;
    const canMake = bundlesLeft({ maxCount: bundle.maxCount, taken: bundleTaken, contents: own });
    const onSale = bundleOnSale(bundle.status, own);
    return {
      ...bundle,
      taken: bundleTaken,
      onSale,
      byStock: bundlesLeft({ maxCount: null, taken: bundleTaken, contents: own }),
      canMake,
      left: onSale ? canMake : 0,
      valueAloneCents: valueAlone(priced),
      contents: own.map((c) => ({ ...c, shareCents: shares.get(c.offerId) ?? 0 })),
    };
  });
}

/** The baskets on sale on a market day, for the catalogue (sold-out ones stay visible). */
export function listPublicBundles(marketDayId: number): BundleView[] {
  return loadBundles(and(eq(bundles.marketDayId, marketDayId), eq(bundles.status, "active")));
}

/**
 * One basket on sale, with its market day, for its own page: only a published basket of a
 * market day that is open or closed (drafts and their days stay the coordinators').
 */
export function getPublicBundle(bundleId: number) {
  const [bundle] = loadBundles(and(eq(bundles.id, bundleId), eq(bundles.status, "active")));
  if (!bundle) return null;
  const day = db()
    .select()
    .from(marketDays)
    .where(
      and(eq(marketDays.id, bundle.marketDayId), inArray(marketDays.status, ["open", "closed"])),
    )
    .get();
  return day ? { bundle, day } : null;
}

/**
 * The baskets of these ids on a market day, published or paused (for the basket page: a
 * paused one stays listed as unavailable; a draft was never on sale and is left out).
 */
export function bundlesByIds({ marketDayId, ids }: { marketDayId: number; ids: number[] }) {
  if (ids.length === 0) return [];
  return loadBundles(
    and(
      eq(bundles.marketDayId, marketDayId),
      inArray(bundles.id, ids),
      ne(bundles.status, "draft"),
    ),
  );
}

/**
 * How a basket's price is shared per producer (per basket): each producer's share, and what
 * the market keeps of it at its commission, the net shown the same way as in the settlement.
 */
export function sharesByProducer(bundle: BundleView, commissionBps: number) {
  const byProducer = new Map<number, { farmName: string; shareCents: number }>();
  for (const c of bundle.contents) {
    const entry = byProducer.get(c.producerId) ?? { farmName: c.farmName, shareCents: 0 };
    entry.shareCents += c.shareCents;
    byProducer.set(c.producerId, entry);
  }
  return [...byProducer].map(([producerId, p]) => {
    const commissionCents = commissionOf(p.shareCents, commissionBps);
    return { producerId, ...p, commissionCents, netCents: p.shareCents - commissionCents };
  });
}

/** The shares of a basket's price added up: what its producers get in all, and the market. */
export function sharesTotal(shares: ReturnType<typeof sharesByProducer>) {
  const sum = (pick: (r: (typeof shares)[number]) => number) =>
    shares.reduce((total, r) => total + pick(r), 0);
  return {
    shareCents: sum((r) => r.shareCents),
    commissionCents: sum((r) => r.commissionCents),
    netCents: sum((r) => r.netCents),
  };
}
