/**
 * Text messages producers send us by SMS or WhatsApp (issue 17): one row per provider message
 * id, written in the same transaction as the command it ran, so a retried delivery finds its
 * row and changes nothing. The reply goes out through the notification outbox; `reply` keeps
 * its text here for the coordinators' view (null when none was sent, e.g. a throttled number).
 */
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { INBOUND_PROVIDERS, INBOUND_SENDERS } from "../schema-enums";
import { createdAt, id, oneOf } from "./columns";
import { markets, producers, users } from "./core";

export const inboundMessages = sqliteTable(
  "inbound_messages",
  {
    id: id(),
    provider: text("provider", { enum: INBOUND_PROVIDERS }).notNull(),
    /** Twilio's MessageSid or WhatsApp's message id: each is applied once. */
    providerMessageId: text("provider_message_id").notNull(),
    /** E.164 when it is a Peruvian mobile, otherwise the sender as the provider gave it. */
    fromPhone: text("from_phone").notNull(),
    /** Capped (INBOUND_BODY_MAX): a text message is short, anything longer is not a command. */
    body: text("body").notNull(),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    producerId: integer("producer_id").references(() => producers.id, { onDelete: "set null" }),
    marketId: integer("market_id").references(() => markets.id),
    /** Who wrote: an approved producer, one waiting or suspended, or a number we do not know. */
    sender: text("sender", { enum: INBOUND_SENDERS }).notNull(),
    command: text("command"),
    ok: integer("ok", { mode: "boolean" }).notNull().default(false),
    reply: text("reply"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("inbound_messages_provider_id").on(t.provider, t.providerMessageId),
    index("inbound_messages_producer_idx").on(t.producerId, t.createdAt),
    index("inbound_messages_from_idx").on(t.fromPhone, t.createdAt),
    check("inbound_messages_provider", oneOf("provider", INBOUND_PROVIDERS)),
    check("inbound_messages_sender", oneOf("sender", INBOUND_SENDERS)),
    check("inbound_messages_body_length", sql`length(${t.body}) <= 1600`),
  ],
);
