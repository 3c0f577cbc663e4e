/**
 * Messages to people go through the notification outbox: a row is written in the same
 * transaction as the change it tells about, so nothing acknowledged is lost, and a background
 * loop delivers it (at least once; the dedupe key stops the same message being queued twice).
 */
import { eq } from "drizzle-orm";
import { notificationOutbox, users } from "../../db/schema";
import type { Tx } from "./audit.server";

export type NotificationTemplate =
  | "order_confirmed"
  | "order_cancelled"
  | "order_expired"
  | "pickup_reminder"
  | "market_day_cancelled"
  | "producer_digest"
  | "producer_approved"
  | "producer_suspended";

/**
 * Queues one message for a person on each channel they receive messages on. `dedupeKey` names
 * the message (e.g. `order-confirmed:<orderId>`); each channel's row gets its own key from it.
 */
export function queueNotification(
  tx: Tx,
  {
    userId,
    template,
    payload,
    dedupeKey,
  }: {
    userId: number;
    template: NotificationTemplate;
    payload: Record<string, unknown>;
    dedupeKey: string;
  },
) {
  const user = tx
    .select({ email: users.email, phone: users.phone })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!user) return;
  // Until people choose their channels: email when they have one, else SMS.
  const channels = user.email ? (["email"] as const) : user.phone ? (["sms"] as const) : [];
  for (const channel of channels) {
    tx.insert(notificationOutbox)
      .values({
        dedupeKey: `${dedupeKey}:${channel}`,
        userId,
        channel,
        template,
        payload: JSON.stringify(payload),
      })
      .onConflictDoNothing({ target: notificationOutbox.dedupeKey })
      .run();
  }
}
