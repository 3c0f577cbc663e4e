/** Finding an order at the pickup desk, and one order as the desk shows it. */
import { asc, eq, sql } from "drizzle-orm";
import {
  orderBundles,
  orderItems,
  orders,
  pickupSlots,
  producers,
  users,
} from "../../../db/schema";
import { foldText } from "../../lib/text";
import { auditHistory } from "../../infra/audit.server";
import { PICKUP_CODE_ALPHABET, PICKUP_CODE_LENGTH } from "../ordering/reserve.server";
import { DESK_ACTIONS, UNDO_WINDOW_MS } from "./desk-transaction.server";
import {
  ordersOfDay,
  selectOrderLines,
  selectOrdersWithPickup,
} from "../ordering/order-scope.server";
import { isOwnRow } from "../../infra/market-scope";

/** What the person typed, read as a pickup code, phone digits, and a name at once. */
function readDeskQuery(query: string) {
  const compact = query.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const code =
    compact.length === PICKUP_CODE_LENGTH &&
    [...compact].every((c) => PICKUP_CODE_ALPHABET.includes(c))
      ? compact
      : null;
  let digits = query.replace(/\D/g, "");
  if (digits.length > 9 && digits.startsWith("51")) digits = digits.slice(2);
  const name = foldText(query.trim());
  return {
    code,
    phoneDigits: digits.length >= 4 ? digits : null,
    name: name.length >= 2 && /\p{L}/u.test(name) ? name : null,
  };
}

const DESK_RESULTS = 30;

/** Orders of one market day of this market matching a pickup code, phone or name. */
export function searchDeskOrders({
  marketId,
  marketDayId,
  query,
}: {
  marketId: number;
  marketDayId: number;
  query: string;
}) {
  const { code, phoneDigits, name } = readDeskQuery(query);
  const matches = [
    code ? sql`${orders.pickupCode} = ${code}` : null,
    phoneDigits ? sql`${users.phone} LIKE ${`%${phoneDigits}%`}` : null,
    name ? sql`fold(${users.name}) LIKE ${`%${name}%`}` : null,
  ].filter((m) => m !== null);
  if (matches.length === 0) return [];
  return selectOrdersWithPickup({
    id: orders.id,
    pickupCode: orders.pickupCode,
    status: orders.status,
    totalCents: orders.totalCents,
    paymentMethod: orders.paymentMethod,
    name: users.name,
    phone: users.phone,
    slotStartsAt: pickupSlots.startsAt,
    slotEndsAt: pickupSlots.endsAt,
  })
    .where(ordersOfDay(marketId, marketDayId, sql`(${sql.join(matches, sql` OR `)})`))
    .orderBy(asc(pickupSlots.startsAt), asc(users.name))
    .limit(DESK_RESULTS)
    .all();
}

/** An order's lines as the desk shows them, online and in its offline copy. */
export const deskLineColumns = {
  id: orderItems.id,
  productName: orderItems.productName,
  unit: orderItems.unit,
  unitPriceCents: orderItems.unitPriceCents,
  quantity: orderItems.quantity,
  shareCents: orderItems.shareCents,
  bundleName: orderBundles.name,
  bundleCount: orderBundles.quantity,
  deliveredQuantity: orderItems.deliveredQuantity,
  fulfilment: orderItems.fulfilment,
  producerId: orderItems.producerId,
  farmName: producers.farmName,
};

/** By producer, then product; a product bought alone before the same one in a basket (reserved first). */
export const deskLineOrder = [
  asc(producers.farmName),
  asc(orderItems.productName),
  asc(orderItems.id),
];

/**
 * The desk's search on `day`: the matching orders; `opens`, the order a pickup code names when
 * it is the only match (the desk opens it at once: one tap less per person); and, for a code
 * with no match that day, its orders on `otherDays` (the wrong day chosen, or someone a week
 * early), so the desk can say which day it is for.
 */
export function findAtDesk({
  marketId,
  day,
  otherDays,
  query,
}: {
  marketId: number;
  day: { id: number };
  otherDays: { id: number; date: string }[];
  query: string;
}) {
  const results = searchDeskOrders({ marketId, marketDayId: day.id, query });
  const code = readDeskQuery(query).code;
  const opens = results.length === 1 && code === results[0].pickupCode ? results[0].id : null;
  const elsewhere =
    code && results.length === 0
      ? otherDays.flatMap((d) =>
          searchDeskOrders({ marketId, marketDayId: d.id, query: code }).map((r) => ({
            id: r.id,
            date: d.date,
          })),
        )
      : [];
  return { results, opens, elsewhere };
}

/** One order of this market as the desk shows it, or null: items by producer, history, undo. */
export function getDeskOrder({
  marketId,
  orderId,
  now = new Date(),
}: {
  marketId: number;
  orderId: number;
  now?: Date;
}) {
  const found = selectOrdersWithPickup({
    order: orders,
    name: users.name,
    phone: users.phone,
    slot: pickupSlots,
  })
    .where(isOwnRow(orders, { marketId, id: orderId }))
    .get();
  if (!found) return null;
  const items = selectOrderLines(deskLineColumns)
    .where(eq(orderItems.orderId, orderId))
    .orderBy(...deskLineOrder)
    .all();
  const history = auditHistory({ marketId, entityType: "order", entityId: orderId });
  const undoable = history.find(
    (h) =>
      (DESK_ACTIONS as readonly string[]).includes(h.action) &&
      h.undoneAt === null &&
      now.getTime() - h.createdAt.getTime() < UNDO_WINDOW_MS,
  );
  // A Yape/Plin order handed over short: what its handover said to give back to the family.
  const handover = history.find((h) => h.action === "desk.pickup" && h.undoneAt === null);
  const givenBackCents = handover
    ? ((JSON.parse(handover.data) as { givenBackCents?: number }).givenBackCents ?? null)
    : null;
  return {
    ...found,
    items,
    history,
    givenBackCents,
    undoUntil: undoable ? new Date(undoable.createdAt.getTime() + UNDO_WINDOW_MS) : null,
    noShowAllowed: found.order.status === "confirmed" && found.slot.endsAt <= now,
  };
}
