/**
 * What goes into a family basket: one of its day's offers put in, how many units of it each
 * basket holds, one taken out. Every function names the coordinator's `marketId` in its WHERE
 * clauses (docs/invariants.md #6); every change is one IMMEDIATE transaction with its audit
 * row.
 */
import { and, eq, inArray } from "drizzle-orm";
import { bundleItems, memberships, offers } from "../../../db/schema";
import { recordAudit } from "../../infra/audit.server";
import { offerOnSale } from "../catalogue/offer-on-sale";
// A finished day's baskets no longer change: nothing can be reserved or handed over any more.
import { isFinished } from "../market-days/day-transaction.server";
import {
  changeOwnBundle,
  contentsOf,
  marketBundleIds,
  marketOffers,
  touch,
  type Actor,
} from "./bundle-transaction.server";

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
  return changeOwnBundle({ marketId, bundleId }, (tx, own): AddContentResult => {
    const offer = marketOffers(
      tx,
      {
        id: offers.id,
        marketDayId: offers.marketDayId,
        status: offers.status,
        producerStatus: memberships.status,
      },
      { marketId, also: eq(offers.id, offerId) },
    ).get();
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
  return changeOwnBundle({ marketId, bundleId }, (tx, own): ContentChangeResult => {
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
  return changeOwnBundle({ marketId, bundleId }, (tx, own): ContentChangeResult => {
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
