/**
 * Creating a family basket and editing its details (name, description, price, cap, limit per
 * family, photo). Every function names the coordinator's `marketId` in its WHERE clauses
 * (docs/invariants.md #6); every change is one IMMEDIATE transaction with its audit row.
 */
import { bundles, marketDays } from "../../../db/schema";
import { db } from "../../infra/db.server";
import { isOwnRow } from "../../infra/market-scope";
import { recordAudit } from "../../infra/audit.server";
// A finished day's baskets no longer change: nothing can be reserved or handed over any more.
import { isFinished } from "../market-days/day-transaction.server";
import { immediately, ownBundle, takenOf, type Actor } from "./bundle-transaction.server";

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
      .where(isOwnRow(marketDays, { marketId, id: marketDayId }))
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
      .where(isOwnRow(bundles, { marketId, id: own.bundle.id }))
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
