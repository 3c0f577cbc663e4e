/**
 * The coordinators' view of a producer's text messages: what they wrote, what it did, and the
 * reply with how its delivery went. Scoped by market in the WHERE clause: a message is shown
 * only to the market it was matched to when it arrived (docs/invariants.md #6).
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import {
  inboundMessages,
  marketDays,
  notificationOutbox,
  producers,
  users,
} from "../../../db/schema";
import { db } from "../../infra/db.server";
import { renderMessage } from "../notifications/render.server";

/** The newest messages shown; older ones stay in the table. */
export const MESSAGES_SHOWN = 50;

export function listProducerMessages({
  marketId,
  producerId,
  limit = MESSAGES_SHOWN,
}: {
  marketId: number;
  producerId: number;
  limit?: number;
}) {
  return db()
    .select({
      id: inboundMessages.id,
      provider: inboundMessages.provider,
      body: inboundMessages.body,
      sender: inboundMessages.sender,
      command: inboundMessages.command,
      ok: inboundMessages.ok,
      reply: inboundMessages.reply,
      createdAt: inboundMessages.createdAt,
      replyStatus: notificationOutbox.status,
      replySentAt: notificationOutbox.sentAt,
    })
    .from(inboundMessages)
    .leftJoin(
      notificationOutbox,
      eq(
        notificationOutbox.dedupeKey,
        // The same form as replyDedupeKey() in inbound.server.ts.
        sql`'inbound-reply:' || ${inboundMessages.provider} || ':' || ${inboundMessages.providerMessageId}`,
      ),
    )
    .where(and(eq(inboundMessages.producerId, producerId), eq(inboundMessages.marketId, marketId)))
    .orderBy(desc(inboundMessages.createdAt), desc(inboundMessages.id))
    .limit(limit)
    .all();
}

/**
 * The text messages Qhatu sent the producer on its own (the digest after each cutoff), by SMS
 * or WhatsApp, as they read: only the market's own days (a person may sell in two markets).
 */
export function listProducerDigests({
  marketId,
  producerId,
  limit = MESSAGES_SHOWN,
}: {
  marketId: number;
  producerId: number;
  limit?: number;
}) {
  const rows = db()
    .select({
      id: notificationOutbox.id,
      channel: notificationOutbox.channel,
      template: notificationOutbox.template,
      payload: notificationOutbox.payload,
      status: notificationOutbox.status,
      createdAt: notificationOutbox.createdAt,
      name: users.name,
      locale: users.locale,
    })
    .from(notificationOutbox)
    .innerJoin(producers, eq(producers.userId, notificationOutbox.userId))
    .innerJoin(users, eq(users.id, producers.userId))
    .innerJoin(
      marketDays,
      eq(marketDays.id, sql`json_extract(${notificationOutbox.payload}, '$.marketDayId')`),
    )
    .where(
      and(
        eq(producers.id, producerId),
        eq(producers.marketId, marketId),
        eq(marketDays.marketId, marketId),
        eq(notificationOutbox.template, "producer_digest"),
        inArray(notificationOutbox.channel, ["sms", "whatsapp"]),
      ),
    )
    .orderBy(desc(notificationOutbox.createdAt), desc(notificationOutbox.id))
    .limit(limit)
    .all();
  return rows.map(({ payload, name, locale, ...row }) => {
    let text: string | null;
    try {
      text = renderMessage({
        template: row.template,
        payload: JSON.parse(payload) as Record<string, unknown>,
        locale,
        name,
      }).short;
    } catch {
      // A payload that cannot be rendered was never sent either; its status says so.
      text = null;
    }
    return { ...row, channel: row.channel as "sms" | "whatsapp", text };
  });
}
