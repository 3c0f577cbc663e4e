/**
 * Messages to people go through the notification outbox: a row is written in the same
 * transaction as the change it tells about, so nothing acknowledged is lost, and a background
 * loop delivers it (at least once; the dedupe key stops the same message being queued twice).
 * See outbox-worker.server.ts for delivery and app/notifications/ for the channels.
 */
import { eq } from "drizzle-orm";
import { notificationOutbox, users, type Locale } from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import { configuredChannels } from "./channels.server";
import type { Channel } from "./types.server";

export type NotificationTemplate =
  | "order_confirmed"
  | "order_cancelled"
  | "order_expired"
  | "pickup_reminder"
  | "market_day_cancelled"
  | "payment_proof_rejected"
  | "producer_digest"
  | "producer_approved"
  | "producer_suspended"
  | "account_code_reset"
  | "account_code_contact"
  /** The answer to a producer's text message (app/features/sms-inbound/), already in their words. */
  | "command_reply";

type ContactAndChoice = {
  email: string | null;
  phone: string | null;
  notifyEmail: boolean;
  notifySms: boolean;
  notifyWhatsapp: boolean;
};

/**
 * The channels a person receives messages on: the ones they chose, that the server can send
 * on, and that they have an address for. With nothing configured outside production, "log".
 */
export function channelsFor(
  person: ContactAndChoice,
  configured: Set<Channel> = configuredChannels(),
): Channel[] {
  const channels: Channel[] = [];
  if (person.notifyEmail && person.email && configured.has("email")) channels.push("email");
  if (person.notifySms && person.phone && configured.has("sms")) channels.push("sms");
  if (person.notifyWhatsapp && person.phone && configured.has("whatsapp")) {
    channels.push("whatsapp");
  }
  if (channels.length === 0 && configured.has("log")) channels.push("log");
  return channels;
}

/**
 * Queues one message for a person on each channel they receive messages on. `dedupeKey` names
 * the message (e.g. `order-confirmed:<orderId>`); each channel's row gets its own key from it,
 * `<dedupeKey>:<channel>`. The text is rendered when it is sent, in the person's language then.
 */
export function queueNotification(
  tx: Tx,
  message: OutboxMessage,
  /**
   * Channels to use as well as the person's own choice, when the server can send on them and
   * the person has a phone: a producer who runs their week by text gets their digest there.
   */
  alsoOn: Channel[] = [],
) {
  const user = settingsOf(tx, message.userId);
  if (!user) return;
  const configured = configuredChannels();
  const extra = user.phone ? alsoOn.filter((channel) => configured.has(channel)) : [];
  for (const channel of new Set([...channelsFor(user, configured), ...extra])) {
    queueOnChannel(tx, channel, message);
  }
}

/** A message for one person, before it is queued on a channel. */
type OutboxMessage = {
  userId: number;
  template: NotificationTemplate;
  payload: Record<string, unknown>;
  dedupeKey: string;
};

/** One outbox row; the same message on the same channel is queued once (`<dedupeKey>:<channel>`). */
function queueOnChannel(
  tx: Tx,
  channel: Channel,
  { userId, template, payload, dedupeKey }: OutboxMessage,
) {
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

/** Where a one-time code goes: the phone or email it was asked for, which the worker sends to. */
export type CodeAddress = { kind: "phone" | "email"; value: string };

/**
 * Queues a one-time code for the address it was asked for, not for the person's chosen
 * channels: they may have switched that channel off at /cuenta, and a new contact is not on the
 * account yet. SMS for a phone, email for an email, when the server sends on it; otherwise the
 * log transport when it is on (development). False when the server cannot send there at all.
 */
export function queueCodeMessage(
  tx: Tx,
  {
    to,
    payload,
    ...message
  }: OutboxMessage & {
    template: "account_code_reset" | "account_code_contact";
    to: CodeAddress;
  },
  configured: Set<Channel> = configuredChannels(),
): boolean {
  const wanted: Channel = to.kind === "phone" ? "sms" : "email";
  const channel = configured.has(wanted) ? wanted : configured.has("log") ? "log" : null;
  if (!channel) return false;
  queueOnChannel(tx, channel, { ...message, payload: { ...payload, to } });
  return true;
}

export type NotificationSettings = ContactAndChoice & { locale: Locale };

export function getNotificationSettings(userId: number): NotificationSettings | undefined {
  return settingsOf(db(), userId);
}

/** A person's contacts, language and channel choices. */
function settingsOf(tx: Tx, userId: number): NotificationSettings | undefined {
  return tx
    .select({
      email: users.email,
      phone: users.phone,
      locale: users.locale,
      notifyEmail: users.notifyEmail,
      notifySms: users.notifySms,
      notifyWhatsapp: users.notifyWhatsapp,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get();
}

/** Which channels a person can choose on /cuenta, and why the others are not offered. */
export function channelAvailability(
  person: Pick<ContactAndChoice, "email" | "phone">,
  configured: Set<Channel> = configuredChannels(),
) {
  const reason = (channel: "email" | "sms" | "whatsapp") => {
    const address = channel === "email" ? person.email : person.phone;
    if (!address) return "noAddress" as const;
    // With only the log transport, every channel can be tried out in development.
    if (!configured.has(channel) && !configured.has("log")) return "notConfigured" as const;
    return null;
  };
  return { email: reason("email"), sms: reason("sms"), whatsapp: reason("whatsapp") };
}

/**
 * Saves a person's choices. Channels they cannot use are left as they were, so that a channel
 * switched on later on the server finds their earlier choice.
 */
export function saveNotificationSettings({
  userId,
  locale,
  channels,
}: {
  userId: number;
  locale: Locale;
  channels: Partial<Record<"email" | "sms" | "whatsapp", boolean>>;
}) {
  db().transaction(
    (tx) => {
      tx.update(users)
        .set({
          locale,
          ...(channels.email === undefined ? {} : { notifyEmail: channels.email }),
          ...(channels.sms === undefined ? {} : { notifySms: channels.sms }),
          ...(channels.whatsapp === undefined ? {} : { notifyWhatsapp: channels.whatsapp }),
          updatedAt: new Date(),
        })
        .where(eq(users.id, userId))
        .run();
    },
    { behavior: "immediate" },
  );
}
