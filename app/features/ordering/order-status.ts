/**
 * Which orders count for what, by status: each group written once, here. Queries use the same
 * constants (drizzle's `inArray(orders.status, GROUP)`, or `sqlList(GROUP)` in hand-written
 * statements), so a page, a sheet and a rule can never disagree about, say, whether a card
 * hold still waiting for its payment holds stock. No database import: pages may use it too.
 */
import type { ORDER_STATUSES } from "../../../db/schema-enums";

export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Orders that hold stock and a pickup place: a card hold waiting for its payment, or confirmed. */
export const ACTIVE_ORDER_STATUSES = ["pending_payment", "confirmed"] as const;

/** Orders handed over at the desk, in full or in part. */
export const DELIVERED_ORDER_STATUSES = ["picked_up", "partially_picked_up"] as const;

/**
 * Orders that stand: still held, or handed over. A family basket's cap counts their baskets,
 * producers pack for them and an offer's reserved value adds them up.
 */
export const STANDING_ORDER_STATUSES = [
  ...ACTIVE_ORDER_STATUSES,
  ...DELIVERED_ORDER_STATUSES,
] as const;

/**
 * Orders that count as sold: confirmed or handed over. A card hold is not a sale until it is
 * paid (a producer's sales and digest would otherwise count units nobody bought).
 */
export const SOLD_ORDER_STATUSES = ["confirmed", ...DELIVERED_ORDER_STATUSES] as const;

/** Orders the desk has dealt with: handed over, in full or in part, or marked no-show. */
export const REACHED_DESK_ORDER_STATUSES = [...DELIVERED_ORDER_STATUSES, "no_show"] as const;

/** Orders that ended before the desk: cancelled, or a card hold that expired unpaid. */
export const DROPPED_ORDER_STATUSES = ["cancelled", "expired"] as const;

/** Orders the desk and the paper lists show: every order but the dropped ones. */
export const DESK_ORDER_STATUSES = [...STANDING_ORDER_STATUSES, "no_show"] as const;

/** Whether `status` belongs to `group`. */
export function inGroup<G extends readonly OrderStatus[]>(
  group: G,
  status: OrderStatus,
): status is G[number] {
  return (group as readonly OrderStatus[]).includes(status);
}

/**
 * A group as SQL literals for a hand-written statement: `'pending_payment', 'confirmed'`.
 * Safe to splice: the values are the constants above, never input.
 */
export function sqlList(group: readonly OrderStatus[]): string {
  return group.map((status) => `'${status}'`).join(", ");
}
