/**
 * Family baskets as the coordinators compose them: create a draft, name and price it, choose
 * its contents among the same market day's offers, cap it, publish, pause and publish again,
 * delete a draft. Every function takes the coordinator's `marketId` and names it in the WHERE
 * clause of every query (docs/invariants.md #6): another market's basket or offer is simply not
 * found. Every change is one IMMEDIATE transaction with its audit row, so it serializes with
 * reservations (which take the same write lock) and a cap is checked against the baskets
 * really taken. Reading goes through loadBundles (bundles.server.ts), like every other page.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
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
  type BundleStatus,
  type Unit,
} from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import type { BundleStatusIntent } from "./coord-bundles-schemas";
import { recordAudit } from "../../infra/audit.server";
import { loadBundles, type BundleView } from "./bundles.server";
import { STANDING_ORDER_STATUSES } from "../ordering/order-status";
import { offerOnSale } from "../catalogue/offer-on-sale";
// A finished day's baskets no longer change: nothing can be reserved or handed over any more.
import { isFinished } from "../market-days/day-transaction.server";

type Actor = { marketId: number; actorUserId: number };

function immediately<T>(work: (tx: Tx) => T): T {
  return db().transaction(work, { behavior: "immediate" });
}

// ---------------------------------------------------------------------------------------------
// Reading

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
  return db()
    .select({
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
    })
    .from(offers)
    .innerJoin(marketDays, eq(marketDays.id, offers.marketDayId))
    .innerJoin(products, eq(products.id, offers.productId))
    .innerJoin(producers, eq(producers.id, offers.producerId))
    .innerJoin(memberships, eq(memberships.id, producers.membershipId))
    .where(
      and(
        eq(offers.marketDayId, marketDayId),
        eq(marketDays.marketId, marketId),
        eq(producers.marketId, marketId),
      ),
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
 * day and the day's offers to choose contents from. Undefined for another market's basket.
 */
export function getComposeBundle({ marketId, bundleId }: { marketId: number; bundleId: number }) {
  const [bundle] = loadBundles(and(eq(bundles.id, bundleId), eq(bundles.marketId, marketId)));
  if (!bundle) return undefined;
  const day = db()
    .select()
    .from(marketDays)
    .where(and(eq(marketDays.id, bundle.marketDayId), eq(marketDays.marketId, marketId)))
    .get();
  if (!day) return undefined;
  return {
    bundle,
    day,
    offers: listDayOffers({ marketId, marketDayId: day.id }),
  };
}

// ---------------------------------------------------------------------------------------------
// Inside a write

/** The market's basket with its day's status, or undefined (another market's, or none). */
function ownBundle(tx: Tx, { marketId, bundleId }: { marketId: number; bundleId: number }) {
  return tx
    .select({ bundle: bundles, dayStatus: marketDays.status, dayDate: marketDays.date })
    .from(bundles)
    .innerJoin(marketDays, eq(marketDays.id, bundles.marketDayId))
    .where(
      and(
        eq(bundles.id, bundleId),
        eq(bundles.marketId, marketId),
        eq(marketDays.marketId, marketId),
      ),
    )
    .get();
}

/** Baskets of this kind in orders that stand (read under the write lock, so exact). */
function takenOf(tx: Tx, bundleId: number) {
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
const marketBundleIds = (tx: Tx, marketId: number) =>
  tx.select({ id: bundles.id }).from(bundles).where(eq(bundles.marketId, marketId));

/** A basket's contents with whether each can be had now, in the order they were added. */
function contentsOf(tx: Tx, marketId: number, bundleId: number) {
  return tx
    .select({
      offerId: offers.id,
      perBundle: bundleItems.quantity,
      productName: products.name,
      offerStatus: offers.status,
      producerStatus: memberships.status,
    })
    .from(bundleItems)
    .innerJoin(offers, eq(offers.id, bundleItems.offerId))
    .innerJoin(products, eq(products.id, offers.productId))
    .innerJoin(producers, eq(producers.id, offers.producerId))
    .innerJoin(memberships, eq(memberships.id, producers.membershipId))
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
function touch(tx: Tx, marketId: number, bundleId: number) {
  tx.update(bundles)
    .set({ updatedAt: new Date() })
    .where(and(eq(bundles.id, bundleId), eq(bundles.marketId, marketId)))
    .run();
}

// ---------------------------------------------------------------------------------------------
// Creating and editing

export type CreateBundleResult =
  | { ok: true; bundle: typeof bundles.$inferSelect }
  | { ok: false; error: "notFound" | "dayFinished" };

/** A new basket of one of the market's days, as a draft: nobody sees it until it is published. */
export function createDraftBundle({
  marketId,
  actorUserId,
  marketDayId,
  name,
  priceCents,
}: Actor & { marketDayId: number; name: string; priceCents: number }): CreateBundleResult {
  return immediately((tx): CreateBundleResult => {
    const day = tx
      .select({ id: marketDays.id, status: marketDays.status })
      .from(marketDays)
      .where(and(eq(marketDays.id, marketDayId), eq(marketDays.marketId, marketId)))
      .get();
    if (!day) return { ok: false, error: "notFound" };
    if (isFinished(day)) return { ok: false, error: "dayFinished" };
    const bundle = tx
      .insert(bundles)
      .values({ marketId, marketDayId: day.id, name, priceCents, status: "draft" })
      .returning()
      .get();
    recordAudit(tx, {
      marketId,
      actorUserId,
      action: "bundle.create",
      entityType: "bundle",
      entityId: bundle.id,
      data: { marketDayId: day.id, name, priceCents },
    });
    return { ok: true, bundle };
  });
}

export type BundleDetails = {
  name: string;
  description: string;
  priceCents: number;
  /** null: no cap, as many as the contents allow. */
  maxCount: number | null;
  /** null: no limit per family. A new limit applies to reservations from now on. */
  perCustomerLimit: number | null;
};

export type SaveDetailsResult =
  | { ok: true }
  | { ok: false; error: "notFound" | "dayFinished" }
  | { ok: false; error: "capBelowTaken"; taken: number };

function detailsRefusal(
  own: ReturnType<typeof ownBundle>,
  taken: number,
  maxCount: number | null,
): Exclude<SaveDetailsResult, { ok: true }> | null {
  if (!own) return { ok: false, error: "notFound" };
  if (isFinished({ status: own.dayStatus })) return { ok: false, error: "dayFinished" };
  if (maxCount !== null && maxCount < taken) return { ok: false, error: "capBelowTaken", taken };
  return null;
}

/**
 * What saveBundleDetails would refuse, checked before a photo is converted and stored, so a
 * refused form writes nothing (saveBundleDetails checks again under the write lock).
 */
export function checkBundleDetails({
  marketId,
  bundleId,
  maxCount,
}: {
  marketId: number;
  bundleId: number;
  maxCount: number | null;
}): SaveDetailsResult {
  const database = db();
  const own = ownBundle(database, { marketId, bundleId });
  return detailsRefusal(own, own ? takenOf(database, own.bundle.id) : 0, maxCount) ?? { ok: true };
}

/**
 * Name, description, price, cap and (when given) photo of one of the market's baskets. A new
 * price only applies to baskets reserved from now on: orders keep the price they were taken
 * at. The cap may not go below the baskets already taken.
 */
export function saveBundleDetails({
  marketId,
  actorUserId,
  bundleId,
  details,
  photoKey,
}: Actor & { bundleId: number; details: BundleDetails; photoKey?: string }): SaveDetailsResult {
  return immediately((tx): SaveDetailsResult => {
    const own = ownBundle(tx, { marketId, bundleId });
    const taken = own ? takenOf(tx, own.bundle.id) : 0;
    const refusal = detailsRefusal(own, taken, details.maxCount);
    if (refusal || !own) return refusal ?? { ok: false, error: "notFound" };
    tx.update(bundles)
      .set({ ...details, ...(photoKey ? { photoKey } : {}) })
      .where(and(eq(bundles.id, own.bundle.id), eq(bundles.marketId, marketId)))
      .run();
    const before = own.bundle;
    const changed = Object.fromEntries(
      (Object.keys(details) as (keyof BundleDetails)[])
        .filter((key) => before[key] !== details[key])
        .map((key) => [key, { from: before[key], to: details[key] }]),
    );
    recordAudit(tx, {
      marketId,
      actorUserId,
      action: "bundle.update",
      entityType: "bundle",
      entityId: own.bundle.id,
      data: { ...changed, ...(photoKey ? { photoKey } : {}), taken },
    });
    return { ok: true };
  });
}

export type AddContentResult =
  | { ok: true }
  | {
      ok: false;
      error: "notFound" | "dayFinished" | "offerOtherDay" | "offerNotOnSale" | "alreadyIn";
    };

/**
 * Puts one of the day's offers into a basket, `quantity` units per basket. The offer must be
 * of the basket's own market day (reservations only reserve offers of the order's day) and on
 * sale now; an offer of another market is not found.
 */
export function addBundleContent({
  marketId,
  actorUserId,
  bundleId,
  offerId,
  quantity,
}: Actor & { bundleId: number; offerId: number; quantity: number }): AddContentResult {
  return immediately((tx): AddContentResult => {
    const own = ownBundle(tx, { marketId, bundleId });
    if (!own) return { ok: false, error: "notFound" };
    const offer = tx
      .select({
        id: offers.id,
        marketDayId: offers.marketDayId,
        status: offers.status,
        producerStatus: memberships.status,
      })
      .from(offers)
      .innerJoin(marketDays, eq(marketDays.id, offers.marketDayId))
      .innerJoin(producers, eq(producers.id, offers.producerId))
      .innerJoin(memberships, eq(memberships.id, producers.membershipId))
      .where(
        and(
          eq(offers.id, offerId),
          eq(marketDays.marketId, marketId),
          eq(producers.marketId, marketId),
        ),
      )
      .get();
    if (!offer) return { ok: false, error: "notFound" };
    if (isFinished({ status: own.dayStatus })) return { ok: false, error: "dayFinished" };
    if (offer.marketDayId !== own.bundle.marketDayId) return { ok: false, error: "offerOtherDay" };
    if (!offerOnSale(offer.status, offer.producerStatus))
      return { ok: false, error: "offerNotOnSale" };
    const inserted = tx
      .insert(bundleItems)
      .values({ bundleId: own.bundle.id, offerId: offer.id, quantity })
      .onConflictDoNothing()
      .returning()
      .get();
    if (!inserted) return { ok: false, error: "alreadyIn" };
    touch(tx, marketId, own.bundle.id);
    recordAudit(tx, {
      marketId,
      actorUserId,
      action: "bundle.content_add",
      entityType: "bundle",
      entityId: own.bundle.id,
      data: { offerId: offer.id, quantity },
    });
    return { ok: true };
  });
}

export type ContentChangeResult =
  { ok: true } | { ok: false; error: "notFound" | "dayFinished" | "lastContent" };

/** Changes how many units of one of its contents each basket holds (from now on). */
export function setBundleContentQuantity({
  marketId,
  actorUserId,
  bundleId,
  offerId,
  quantity,
}: Actor & { bundleId: number; offerId: number; quantity: number }): ContentChangeResult {
  return immediately((tx): ContentChangeResult => {
    const own = ownBundle(tx, { marketId, bundleId });
    if (!own) return { ok: false, error: "notFound" };
    const where = and(
      eq(bundleItems.bundleId, own.bundle.id),
      eq(bundleItems.offerId, offerId),
      inArray(bundleItems.bundleId, marketBundleIds(tx, marketId)),
    );
    const before = tx.select().from(bundleItems).where(where).get();
    if (!before) return { ok: false, error: "notFound" };
    if (isFinished({ status: own.dayStatus })) return { ok: false, error: "dayFinished" };
    tx.update(bundleItems).set({ quantity }).where(where).run();
    touch(tx, marketId, own.bundle.id);
    recordAudit(tx, {
      marketId,
      actorUserId,
      action: "bundle.content_quantity",
      entityType: "bundle",
      entityId: own.bundle.id,
      data: { offerId, from: before.quantity, to: quantity },
    });
    return { ok: true };
  });
}

/**
 * Takes one content out of a basket. A published basket keeps at least one (it would be on
 * sale with nothing in it): pause it first.
 */
export function removeBundleContent({
  marketId,
  actorUserId,
  bundleId,
  offerId,
}: Actor & { bundleId: number; offerId: number }): ContentChangeResult {
  return immediately((tx): ContentChangeResult => {
    const own = ownBundle(tx, { marketId, bundleId });
    if (!own) return { ok: false, error: "notFound" };
    const contents = contentsOf(tx, marketId, own.bundle.id);
    const content = contents.find((c) => c.offerId === offerId);
    if (!content) return { ok: false, error: "notFound" };
    if (isFinished({ status: own.dayStatus })) return { ok: false, error: "dayFinished" };
    if (own.bundle.status === "active" && contents.length === 1)
      return { ok: false, error: "lastContent" };
    tx.delete(bundleItems)
      .where(
        and(
          eq(bundleItems.bundleId, own.bundle.id),
          eq(bundleItems.offerId, offerId),
          inArray(bundleItems.bundleId, marketBundleIds(tx, marketId)),
        ),
      )
      .run();
    touch(tx, marketId, own.bundle.id);
    recordAudit(tx, {
      marketId,
      actorUserId,
      action: "bundle.content_remove",
      entityType: "bundle",
      entityId: own.bundle.id,
      data: { offerId, quantity: content.perBundle },
    });
    return { ok: true };
  });
}

// ---------------------------------------------------------------------------------------------
// Publishing

export type StatusResult =
  | { ok: true; status: BundleStatus; unchanged: boolean }
  | { ok: false; error: "notFound" | "dayFinished" | "empty" | "notPublished" }
  | { ok: false; error: "contentNotOnSale"; products: string[] };

/** Where each button may take a basket from, and to. */
const TRANSITIONS: Record<BundleStatusIntent, { from: BundleStatus[]; to: BundleStatus }> = {
  publish: { from: ["draft", "paused"], to: "active" },
  resume: { from: ["draft", "paused"], to: "active" },
  pause: { from: ["active"], to: "paused" },
};

/**
 * Publishes a basket (draft or paused → on sale) or pauses it (nobody else can reserve it;
 * orders already taken stand). A basket goes on sale only with contents that can all be had
 * now, so it never appears with nothing in it or with a product nobody can reserve.
 * Pressing the button again (a double tap) changes nothing.
 */
export function setBundleStatus({
  marketId,
  actorUserId,
  bundleId,
  intent,
}: Actor & { bundleId: number; intent: BundleStatusIntent }): StatusResult {
  const { from, to } = TRANSITIONS[intent];
  return immediately((tx): StatusResult => {
    const own = ownBundle(tx, { marketId, bundleId });
    if (!own) return { ok: false, error: "notFound" };
    if (isFinished({ status: own.dayStatus })) return { ok: false, error: "dayFinished" };
    const current = own.bundle.status;
    if (current === to) return { ok: true, status: to, unchanged: true };
    if (!from.includes(current)) return { ok: false, error: "notPublished" };
    if (to === "active") {
      const contents = contentsOf(tx, marketId, own.bundle.id);
      if (contents.length === 0) return { ok: false, error: "empty" };
      const unavailable = contents.filter((c) => !c.onSale).map((c) => c.productName);
      if (unavailable.length > 0)
        return { ok: false, error: "contentNotOnSale", products: unavailable };
    }
    tx.update(bundles)
      .set({ status: to })
      .where(
        and(
          eq(bundles.id, own.bundle.id),
          eq(bundles.marketId, marketId),
          eq(bundles.status, current),
        ),
      )
      .run();
    recordAudit(tx, {
      marketId,
      actorUserId,
      action: `bundle.${intent}`,
      entityType: "bundle",
      entityId: own.bundle.id,
      data: { from: current, to },
    });
    return { ok: true, status: to, unchanged: false };
  });
}

export type DeleteResult =
  | { ok: true; date: string; name: string }
  | { ok: false; error: "notFound" | "notDraft" | "reserved" };

/** Deletes a draft basket that was never in any order (its contents and saved lines go too). */
export function deleteDraftBundle({
  marketId,
  actorUserId,
  bundleId,
}: Actor & { bundleId: number }): DeleteResult {
  return immediately((tx): DeleteResult => {
    const own = ownBundle(tx, { marketId, bundleId });
    if (!own) return { ok: false, error: "notFound" };
    if (own.bundle.status !== "draft") return { ok: false, error: "notDraft" };
    // Any order at all, even a cancelled one, keeps the basket its lines point to.
    const inOrders = tx
      .select({ id: orderBundles.id })
      .from(orderBundles)
      .where(eq(orderBundles.bundleId, own.bundle.id))
      .limit(1)
      .get();
    if (inOrders) return { ok: false, error: "reserved" };
    tx.delete(bundles)
      .where(
        and(
          eq(bundles.id, own.bundle.id),
          eq(bundles.marketId, marketId),
          eq(bundles.status, "draft"),
        ),
      )
      .run();
    recordAudit(tx, {
      marketId,
      actorUserId,
      action: "bundle.delete",
      entityType: "bundle",
      entityId: own.bundle.id,
      data: {
        marketDayId: own.bundle.marketDayId,
        name: own.bundle.name,
        priceCents: own.bundle.priceCents,
      },
    });
    return { ok: true, date: own.dayDate, name: own.bundle.name };
  });
}
