/**
 * Applying the actions a pickup desk recorded offline, in the order it recorded them. Each goes
 * through recordPickup/markNoShow with the request key the desk gave it when it was recorded,
 * so a resend (the answer lost on the way back) is recorded once; before that, the order is
 * checked against what the desk saw (its version stamp), and every refusal comes back per order
 * as a conflict the desk shows in words.
 */
import { eq } from "drizzle-orm";
import {
  array,
  enum as oneOf,
  int,
  maxLength,
  minLength,
  nullable,
  number,
  object,
  optional,
  string,
  gte,
  lte,
} from "zod/mini";
import { auditLog } from "../../../../db/schema";
import { db } from "../../../infra/db.server";
import { MAX_LINE_QUANTITY } from "../../cart/cart-schemas";
import type { DeskFailure, DeskResult } from "../desk-transaction.server";
import { markNoShow, recordPickup } from "../pickup-desk.server";
import { currentVersion } from "./desk-copy.server";
import { SYNC_BATCH, type SyncConflict, type SyncResult } from "./desk-copy";

const id = number().check(int(), gte(1), lte(Number.MAX_SAFE_INTEGER));

export const SyncBodySchema = object({
  actions: array(
    object({
      requestKey: string().check(minLength(16), maxLength(64)),
      orderId: id,
      version: string().check(minLength(1), maxLength(64)),
      intent: oneOf(["pickup", "noShow"]),
      items: optional(
        array(
          object({ id, delivered: number().check(int(), gte(0), lte(MAX_LINE_QUANTITY)) }),
        ).check(maxLength(100)),
      ),
      cashReceivedCents: optional(nullable(number().check(int(), gte(0), lte(1_000_000)))),
      recordedAt: optional(string().check(maxLength(40))),
    }),
  ).check(minLength(1), maxLength(SYNC_BATCH)),
});

type SyncAction = ReturnType<typeof SyncBodySchema.parse>["actions"][number];

const FAILURE_REASON: Record<DeskFailure["error"], SyncConflict> = {
  notFound: "notFound",
  notPending: "notPending",
  notPaid: "walletNotPaid",
  slotNotOver: "slotNotOver",
  cashShort: "cashShort",
  nothingDelivered: "nothingDelivered",
  keyReused: "keyReused",
  // Not reachable from a pickup or a no-show; mapped so every refusal has words.
  nothingToUndo: "notPending",
  undoExpired: "notPending",
  stockGone: "notPending",
};

const keySeen = (requestKey: string) =>
  db()
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(eq(auditLog.requestKey, requestKey))
    .get() !== undefined;

/**
 * Applies the desk's queued actions in order, each on its own: one refused does not stop the
 * rest. Synchronous from the checks to the write (better-sqlite3), so no other request of this
 * server can change the order in between.
 */
export function applyQueuedDeskActions({
  marketId,
  actorUserId,
  actions,
  now,
}: {
  marketId: number;
  actorUserId: number;
  actions: SyncAction[];
  now?: Date;
}): SyncResult[] {
  return actions.map((action) => {
    const answer = (result: Omit<SyncResult, "requestKey" | "orderId">): SyncResult => ({
      requestKey: action.requestKey,
      orderId: action.orderId,
      ...result,
    });
    const conflict = (reason: SyncConflict, totalCents?: number) =>
      answer({ outcome: "conflict", reason, ...(totalCents === undefined ? {} : { totalCents }) });
    const base = {
      marketId,
      orderId: action.orderId,
      actorUserId,
      requestKey: action.requestKey,
      now,
    };
    const apply = (): DeskResult =>
      action.intent === "noShow"
        ? markNoShow(base)
        : recordPickup({
            ...base,
            delivered: new Map((action.items ?? []).map((i) => [i.id, i.delivered])),
            cashReceivedCents: action.cashReceivedCents ?? null,
          });
    const settle = (result: DeskResult) =>
      result.ok
        ? answer({ outcome: result.repeated ? "repeated" : "done" })
        : conflict(FAILURE_REASON[result.error], result.totalCents);

    // Another market's order answers exactly as one that does not exist.
    const current = currentVersion(marketId, action.orderId);
    if (!current) return conflict("notFound");
    // Sent before and recorded: the same answer again, whatever the order looks like now.
    if (keySeen(action.requestKey)) return settle(apply());
    const { order } = current;
    if (order.status === "cancelled" || order.status === "expired") return conflict("cancelled");
    if (order.status === "picked_up" || order.status === "partially_picked_up") {
      return conflict("handedElsewhere");
    }
    if (order.status === "no_show") return conflict("noShowElsewhere");
    if (order.status === "pending_payment") {
      return conflict(order.paymentMethod === "card" ? "cardNotPaid" : "walletNotPaid");
    }
    if (order.status !== "confirmed") return conflict("notPending");
    if (action.intent === "pickup" && order.paymentMethod === "card") {
      if (order.paymentStatus !== "paid") return conflict("cardNotPaid");
      if (action.cashReceivedCents != null) return conflict("paidByCard");
    }
    if (action.intent === "pickup" && order.paymentMethod === "yape_plin") {
      if (order.paymentStatus !== "paid") return conflict("walletNotPaid");
      if (action.cashReceivedCents != null) return conflict("paidByWallet");
    }
    if (current.version !== action.version) return conflict("changed");
    return settle(apply());
  });
}
