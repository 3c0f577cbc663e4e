/**
 * The messages an order sends through the outbox: confirmed (cash at once, card when the
 * webhook says it is paid, Yape/Plin when the treasurer verifies the proof), cancelled and
 * expired.
 */
import { eq } from "drizzle-orm";
import { marketDays, type Order } from "../../../db/schema";
import type { Tx } from "../../infra/db.server";
import { channelsFor } from "../notifications/notifications.server";
import { statements } from "./reservation-statements.server";

/** The "order confirmed" message for the outbox (instants as ISO strings). */
export function orderConfirmedMessage(
  order: Pick<Order, "id" | "consumerId" | "pickupCode" | "totalCents">,
  where: { date: string; place: string; startsAt: number | Date; endsAt: number | Date },
) {
  return {
    userId: order.consumerId,
    template: "order_confirmed" as const,
    dedupeKey: `order-confirmed:${order.id}`,
    payload: {
      orderId: order.id,
      pickupCode: order.pickupCode,
      date: where.date,
      slotStartsAt: new Date(where.startsAt).toISOString(),
      slotEndsAt: new Date(where.endsAt).toISOString(),
      place: where.place,
      totalCents: order.totalCents,
    },
  };
}

/**
 * queueNotification(tx, orderConfirmedMessage(...)) for the checkout's hot path: the same
 * outbox rows (one per channel the person receives on, key "<dedupeKey>:<channel>"), written
 * with statements prepared once instead of ORM queries built per order (measured: the ORM
 * version cost about a third of the in-process reservation rate).
 */
export function queueConfirmation(
  order: Order,
  where: Parameters<typeof orderConfirmedMessage>[1],
  now: Date,
) {
  const sql = statements();
  const person = sql.consumerContact.get(order.consumerId) as
    | {
        email: string | null;
        phone: string | null;
        notifyEmail: number;
        notifySms: number;
        notifyWhatsapp: number;
      }
    | undefined;
  if (!person) return;
  const message = orderConfirmedMessage(order, where);
  const channels = channelsFor({
    email: person.email,
    phone: person.phone,
    notifyEmail: Boolean(person.notifyEmail),
    notifySms: Boolean(person.notifySms),
    notifyWhatsapp: Boolean(person.notifyWhatsapp),
  });
  if (channels.length === 0) return;
  const payload = JSON.stringify(message.payload);
  for (const channel of channels) {
    sql.queueMessage.run({
      dedupeKey: `${message.dedupeKey}:${channel}`,
      userId: message.userId,
      channel,
      template: message.template,
      payload,
      now: now.getTime(),
    });
  }
}

/** The "order cancelled" or "order expired" message for the outbox. */
export function orderEndedMessage(
  tx: Tx,
  order: Pick<Order, "id" | "consumerId" | "pickupCode" | "marketDayId">,
  how: "cancelled" | "expired",
  /** Paid by card: the message says the money is being given back. */
  refund = false,
  /**
   * Paid (or maybe paid) by Yape/Plin: the message says the market checks and gives the money
   * back by hand, in its own words.
   */
  wallet = false,
) {
  const day = tx
    .select({ date: marketDays.date })
    .from(marketDays)
    .where(eq(marketDays.id, order.marketDayId))
    .get();
  return {
    userId: order.consumerId,
    template: `order_${how}` as const,
    // A refund told after the fact (a late payment) is a message of its own.
    dedupeKey: `order-${how}${refund ? "-refund" : ""}:${order.id}`,
    payload: {
      orderId: order.id,
      pickupCode: order.pickupCode,
      date: day?.date ?? "",
      ...(refund ? { refund: true } : {}),
      ...(wallet ? { wallet: true } : {}),
    },
  };
}
