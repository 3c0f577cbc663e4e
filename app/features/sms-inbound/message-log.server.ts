/**
 * The coordinators' view of a producer's text messages: what they wrote, what it did, and the
 * reply with how its delivery went. Scoped by market in the WHERE clause: a message is shown
 * only to the market it was matched to when it arrived (docs/invariants.md #6).
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { inboundMessages, notificationOutbox } from "../../../db/schema";
import { db } from "../../infra/db.server";

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
