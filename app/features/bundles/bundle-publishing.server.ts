/**
 * Putting a family basket on sale, pausing it, publishing it again, and deleting a draft. Every
 * function names the coordinator's `marketId` in its WHERE clauses (docs/invariants.md #6);
 * every change is one IMMEDIATE transaction with its audit row.
 */
import { and, eq } from "drizzle-orm";
import { bundles, orderBundles, type BundleStatus } from "../../../db/schema";
import type { BundleStatusIntent } from "./coord-bundles-schemas";
import { recordAudit } from "../../infra/audit.server";
// A finished day's baskets no longer change: nothing can be reserved or handed over any more.
import { isFinished } from "../market-days/day-transaction.server";
import { changeOwnBundle, contentsOf, type Actor } from "./bundle-transaction.server";
import { isOwnRow } from "../../infra/market-scope";

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
  return changeOwnBundle({ marketId, bundleId }, (tx, own): StatusResult => {
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
      .where(and(isOwnRow(bundles, { marketId, id: own.bundle.id }), eq(bundles.status, current)))
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
  return changeOwnBundle({ marketId, bundleId }, (tx, own): DeleteResult => {
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
      .where(and(isOwnRow(bundles, { marketId, id: own.bundle.id }), eq(bundles.status, "draft")))
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
