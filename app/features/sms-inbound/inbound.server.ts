/**
 * A text message from a phone (SMS through Twilio, or WhatsApp), after its webhook's signature
 * was checked: recorded once per provider message id, matched to a producer by phone, run as a
 * command when that producer is approved, and answered through the outbox on the channel it
 * came in on. All of it is one IMMEDIATE transaction whose first write claims the message id,
 * so a provider's retry (or two deliveries at once) finds the row and runs nothing again.
 */
import { and, eq, gt, isNotNull, sql } from "drizzle-orm";
import i18next from "i18next";
import {
  inboundMessages,
  memberships,
  notificationOutbox,
  producers,
  users,
  type Locale,
} from "../../../db/schema";
import type { INBOUND_PROVIDERS, INBOUND_SENDERS } from "../../../db/schema-enums";
import { db, type Tx } from "../../infra/db.server";
import { i18nConfig, isUiLanguage } from "../../infra/i18n";
import { resources } from "../../infra/i18n.server";
import { logger } from "../../infra/logger.server";
import { normalizePeruvianMobile } from "../../lib/phone";
import { runProducerCommand } from "../sms-commands/run-command.server";

export type InboundProvider = (typeof INBOUND_PROVIDERS)[number];
type Sender = (typeof INBOUND_SENDERS)[number];

/** Longer than any command; a text over it is kept cut here (the SQL CHECK holds the same cap). */
export const INBOUND_BODY_MAX = 1600;
/** Replies to a number that is not an approved producer, per rolling 24 hours: then silence. */
export const REPLIES_PER_DAY_TO_OTHERS = 3;
const DAY_MS = 24 * 3600_000;

const translator = i18next.createInstance();
void translator.init({ ...i18nConfig, resources, initImmediate: false });

export type InboundText = {
  provider: InboundProvider;
  /** Twilio's MessageSid or WhatsApp's message id. */
  messageId: string;
  /** The sender as the provider wrote it: "+51987654321", "whatsapp:+51…", "51987654321". */
  from: string;
  body: string;
};

export type InboundOutcome =
  /** Seen before: nothing ran, nothing was queued. */
  | "duplicate"
  /** An approved producer's command ran; its reply is queued. */
  | "command"
  /** Not an approved producer: told how to register (or that they are suspended). */
  | "refused"
  /** Not an approved producer, and already answered often today: recorded, not answered. */
  | "throttled";

/** The sender's number in E.164: Peruvian mobiles normalized, anything else digits with "+". */
export function senderPhone(from: string): string | null {
  const bare = from.replace(/^(whatsapp|sms):/i, "").trim();
  const peruvian = normalizePeruvianMobile(bare);
  if (peruvian) return peruvian;
  const digits = bare.replace(/[^\d]/g, "");
  return digits.length >= 3 && digits.length <= 15 ? `+${digits}` : null;
}

type Match = {
  sender: Sender;
  userId: number | null;
  producerId: number | null;
  marketId: number | null;
  locale: Locale;
};

const SENDER_RANK: Record<string, number> = { approved: 0, suspended: 1, pending: 2 };

/**
 * Who the number belongs to. A person may be a producer of more than one market: an approved
 * membership is preferred, then the oldest market.
 */
function matchSender(tx: Tx, phone: string): Match {
  const rows = tx
    .select({
      userId: users.id,
      locale: users.locale,
      producerId: producers.id,
      marketId: producers.marketId,
      status: memberships.status,
    })
    .from(users)
    .leftJoin(producers, eq(producers.userId, users.id))
    .leftJoin(memberships, eq(memberships.id, producers.membershipId))
    .where(eq(users.phone, phone))
    .all();
  if (rows.length === 0) {
    return { sender: "unknown", userId: null, producerId: null, marketId: null, locale: "es" };
  }
  const ranked = rows
    .filter((r) => r.producerId !== null && r.status !== null)
    .sort(
      (a, b) =>
        SENDER_RANK[a.status!] - SENDER_RANK[b.status!] || (a.marketId ?? 0) - (b.marketId ?? 0),
    );
  const best = ranked[0];
  if (!best) {
    // A consumer's or coordinator's number: told how to register, in their language.
    return {
      sender: "unknown",
      userId: rows[0].userId,
      producerId: null,
      marketId: null,
      locale: rows[0].locale,
    };
  }
  return {
    sender: best.status === "approved" ? "producer" : best.status!,
    userId: best.userId,
    producerId: best.producerId,
    marketId: best.marketId,
    locale: best.locale,
  };
}

/** How many replies this number got in the 24 hours before `now` as a non-producer. */
function repliesToday(tx: Tx, phone: string, now: Date) {
  const row = tx
    .select({ n: sql<number>`count(*)` })
    .from(inboundMessages)
    .where(
      and(
        eq(inboundMessages.fromPhone, phone),
        isNotNull(inboundMessages.reply),
        gt(inboundMessages.createdAt, new Date(now.getTime() - DAY_MS)),
      ),
    )
    .get();
  return row?.n ?? 0;
}

function refusalText(match: Match) {
  const t = translator.getFixedT(isUiLanguage(match.locale) ? match.locale : "es");
  if (match.sender === "suspended") return t("smsInbound.suspended");
  if (match.sender === "pending") return t("smsInbound.pending");
  return t("smsInbound.unknown");
}

type Answer = { command: string | null; ok: boolean; reply: string };

/**
 * An approved producer's command, inside a savepoint: a command that throws (a bug) leaves no
 * half-done change behind and still gets a polite answer, and the message is still recorded
 * as seen, so the provider's retries do not run it again.
 */
function runCommand(match: Match, text: string, now: Date): Answer {
  try {
    return db().transaction(() =>
      runProducerCommand({
        producerId: match.producerId!,
        marketId: match.marketId!,
        userId: match.userId!,
        locale: match.locale,
        text,
        now,
      }),
    );
  } catch (error) {
    logger().error({ err: error, producerId: match.producerId }, "sms command failed");
    const t = translator.getFixedT(isUiLanguage(match.locale) ? match.locale : "es");
    return { command: null, ok: false, reply: t("smsInbound.failed") };
  }
}

/** The outbox key of a message's reply (message-log.server.ts joins on the same form). */
export function replyDedupeKey(provider: InboundProvider, messageId: string) {
  return `inbound-reply:${provider}:${messageId}`;
}

/** The reply on the channel the message came in on, to the number that wrote; once per message. */
function queueReply(
  tx: Tx,
  message: InboundText,
  {
    inboundId,
    phone,
    userId,
    text,
  }: { inboundId: number; phone: string; userId: number | null; text: string },
) {
  tx.insert(notificationOutbox)
    .values({
      dedupeKey: replyDedupeKey(message.provider, message.messageId),
      userId,
      channel: message.provider,
      template: "command_reply",
      payload: JSON.stringify({ text, inboundId, to: { kind: "phone", value: phone } }),
    })
    .onConflictDoNothing({ target: notificationOutbox.dedupeKey })
    .run();
}

/** Records and answers one inbound text. Returns null when the sender is not a phone number. */
export function receiveInboundMessage(
  message: InboundText,
  now: Date = new Date(),
): InboundOutcome | null {
  const phone = senderPhone(message.from);
  if (!phone) return null;
  const body = message.body.slice(0, INBOUND_BODY_MAX);
  return db().transaction(
    (tx) => {
      const match = matchSender(tx, phone);
      const claimed = tx
        .insert(inboundMessages)
        .values({
          provider: message.provider,
          providerMessageId: message.messageId,
          fromPhone: phone,
          body,
          userId: match.userId,
          producerId: match.producerId,
          marketId: match.marketId,
          sender: match.sender,
          createdAt: now,
        })
        .onConflictDoNothing({
          target: [inboundMessages.provider, inboundMessages.providerMessageId],
        })
        .returning({ id: inboundMessages.id })
        .get();
      if (!claimed) return "duplicate" as const;

      let answer: Answer | null;
      let outcome: InboundOutcome;
      if (match.sender === "producer") {
        answer = runCommand(match, body, now);
        outcome = "command";
      } else if (
        !worthAReply(match.userId, phone) ||
        repliesToday(tx, phone, now) >= REPLIES_PER_DAY_TO_OTHERS
      ) {
        answer = null;
        outcome = "throttled";
      } else {
        answer = { command: null, ok: false, reply: refusalText(match) };
        outcome = "refused";
      }
      tx.update(inboundMessages)
        .set({
          command: answer?.command ?? null,
          ok: answer?.ok ?? false,
          reply: answer?.reply ?? null,
        })
        .where(eq(inboundMessages.id, claimed.id))
        .run();
      if (answer?.reply) {
        queueReply(tx, message, {
          inboundId: claimed.id,
          phone,
          userId: match.userId,
          text: answer.reply,
        });
      }
      return outcome;
    },
    { behavior: "immediate" },
  );
}

/**
 * Whether a sender who is not an approved producer is answered at all: someone with an account
 * here, or a Peruvian mobile. Replies cost money, and answering any number on earth would let
 * anyone make the market pay for texts to numbers they choose ("SMS pumping").
 */
function worthAReply(userId: number | null, phone: string): boolean {
  return userId !== null || /^\+519\d{8}$/.test(phone);
}
