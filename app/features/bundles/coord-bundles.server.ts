/**
 * Family baskets as the coordinators see them to compose them: the baskets of a market day, the
 * day's offers a basket can hold, and one basket with its day for its compose page. Every
 * function takes the coordinator's `marketId` and names it in the WHERE clause of every query
 * (docs/invariants.md #6): another market's basket or offer is simply not found. Reading goes
 * through loadBundles (bundles.server.ts), like every other page.
 *
 * Changing them: bundle-edits.server.ts (create, name, price, cap), bundle-contents.server.ts
 * (what goes in), bundle-publishing.server.ts (publish, pause, delete a draft).
 */
import { and, asc, eq } from "drizzle-orm";
import {
  bundles,
  marketDays,
  memberships,
  offers,
  producers,
  products,
  type Unit,
} from "../../../db/schema";
import { db } from "../../infra/db.server";
import { isOwnRow } from "../../infra/market-scope";
import { loadBundles, type BundleView } from "./bundles.server";
import { marketOffers } from "./bundle-transaction.server";
import { offerOnSale } from "../catalogue/offer-on-sale";

/** A basket on the compose page: its availability (byStock, canMake) comes with loadBundles. */
export type ComposeBundle = BundleView;

/** The baskets of one of the market's days, oldest first (none for another market's day). */
export function listDayBundles({
  marketId,
  marketDayId,
}: {
  marketId: number;
  marketDayId: number;
}): ComposeBundle[] {
  return loadBundles(and(eq(bundles.marketId, marketId), eq(bundles.marketDayId, marketDayId)));
}

export type DayOffer = {
  offerId: number;
  productName: string;
  unit: Unit;
  priceCents: number;
  /** Units not yet reserved. */
  unitsLeft: number;
  producerId: number;
  farmName: string;
  /** Offer active and producer approved: it can go into a basket. */
  onSale: boolean;
};

/** The offers of one of the market's days, by producer then product: what a basket can hold. */
export function listDayOffers({
  marketId,
  marketDayId,
}: {
  marketId: number;
  marketDayId: number;
}): DayOffer[] {
  return marketOffers(
    db(),
    {
      offerId: offers.id,
      productName: products.name,
      unit: products.unit,
      priceCents: offers.priceCents,
      quantity: offers.quantity,
      reserved: offers.reserved,
      offerStatus: offers.status,
      producerId: producers.id,
      farmName: producers.farmName,
      producerStatus: memberships.status,
    },
    { marketId, also: eq(offers.marketDayId, marketDayId) },
  )
    .orderBy(asc(producers.farmName), asc(products.name), asc(offers.id))
    .all()
    .map(({ quantity, reserved, offerStatus, producerStatus, ...o }) => ({
      ...o,
      unitsLeft: Math.max(0, quantity - reserved),
      onSale: offerOnSale(offerStatus, producerStatus),
    }));
}

/**
 * One of the market's baskets for its compose page: the basket described in full, its market
 * day and the day's offers to choose contents from (those that can still go in, by producer).
 * Undefined for another market's basket.
 */
export function getComposeBundle({ marketId, bundleId }: { marketId: number; bundleId: number }) {
  const [bundle] = loadBundles(isOwnRow(bundles, { marketId, id: bundleId }));
  if (!bundle) return undefined;
  const day = db()
    .select()
    .from(marketDays)
    .where(isOwnRow(marketDays, { marketId, id: bundle.marketDayId }))
    .get();
  if (!day) return undefined;
  return {
    bundle,
    day,
    choices: offersToAdd(bundle, listDayOffers({ marketId, marketDayId: day.id })),
  };
}

/** The day's offers that can still go into a basket (on sale, not in it yet), by producer. */
function offersToAdd(bundle: ComposeBundle, offers: DayOffer[]) {
  const inBundle = new Set(bundle.contents.map((c) => c.offerId));
  // Grouped by producer: offers come sorted by farm name.
  const choices: { producerId: number; farmName: string; offers: DayOffer[] }[] = [];
  for (const offer of offers.filter((o) => o.onSale && !inBundle.has(o.offerId))) {
    const last = choices.at(-1);
    if (last?.producerId === offer.producerId) last.offers.push(offer);
    else choices.push({ producerId: offer.producerId, farmName: offer.farmName, offers: [offer] });
  }
  return choices;
}
