/**
 * What the inbound SMS/WhatsApp tests share: the providers' secrets, requests signed with each
 * provider's documented algorithm computed here with node:crypto (never with our own helper,
 * so a bug there cannot sign its own mistakes), and the rows read back.
 */
import crypto from "node:crypto";
import { asc, eq, like } from "drizzle-orm";
import { db } from "../../app/infra/db.server";
import { resetEnv } from "../../app/infra/env.server";
import { inboundMessages, notificationOutbox } from "../../db/schema";

export const TWILIO_TOKEN = "twilio-auth-token-for-tests";
export const WA_SECRET = "whatsapp-app-secret-for-tests";
export const WA_VERIFY = "whatsapp-verify-token-for-tests";
export const ORIGIN = "http://localhost:3000";

/** The providers' secrets in the environment; `publicUrl` as behind a proxy, `twilio: false` to turn SMS off. */
export function configureInbound({
  publicUrl,
  twilio = true,
}: { publicUrl?: string; twilio?: boolean } = {}) {
  if (twilio) process.env.TWILIO_AUTH_TOKEN = TWILIO_TOKEN;
  else delete process.env.TWILIO_AUTH_TOKEN;
  process.env.WHATSAPP_APP_SECRET = WA_SECRET;
  process.env.WHATSAPP_VERIFY_TOKEN = WA_VERIFY;
  if (publicUrl) process.env.PUBLIC_URL = publicUrl;
  else delete process.env.PUBLIC_URL;
  resetEnv();
}

/** Twilio's documented signature: HMAC-SHA1 of the URL + each sorted param's name and value. */
export function twilioSignature(url: string, params: Record<string, string>, token = TWILIO_TOKEN) {
  const data =
    url +
    Object.keys(params)
      .sort()
      .map((k) => k + params[k])
      .join("");
  return crypto.createHmac("sha1", token).update(data, "utf8").digest("base64");
}

let sids = 0;
export const messageSid = () =>
  `SM${Date.now().toString(16)}${(++sids).toString().padStart(6, "0")}`;

/** A Twilio inbound-SMS form as Twilio posts it (the fields we read, and a few others). */
export function twilioForm(from: string, body: string, sid = messageSid()) {
  return {
    ToCountry: "PE",
    To: "+51900000000",
    From: from,
    Body: body,
    MessageSid: sid,
    SmsSid: sid,
    AccountSid: "AC0123456789",
    NumMedia: "0",
    ApiVersion: "2010-04-01",
  };
}

export function smsRequest(
  params: Record<string, string>,
  { signature, path = "/webhooks/sms" }: { signature?: string | null; path?: string } = {},
) {
  const sig = signature === undefined ? twilioSignature(ORIGIN + path, params) : signature;
  return new Request(ORIGIN + path, {
    method: "POST",
    body: new URLSearchParams(params),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(sig === null ? {} : { "X-Twilio-Signature": sig }),
    },
  });
}

/** Meta's documented signature: "sha256=" + hex HMAC-SHA256 of the raw body with the app secret. */
export function metaSignature(raw: string, secret = WA_SECRET) {
  return `sha256=${crypto.createHmac("sha256", secret).update(raw).digest("hex")}`;
}

let wamids = 0;
export const wamid = () => `wamid.HBgL${Date.now().toString(16)}${++wamids}`;

/** A WhatsApp Cloud API delivery carrying text messages, as Meta posts it. */
export function whatsappDelivery(messages: { from: string; body: string; id?: string }[]) {
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "102290129340398",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "51900000000", phone_number_id: "1234567890" },
              contacts: messages.map((m) => ({ profile: { name: "Rosa" }, wa_id: m.from })),
              messages: messages.map((m) => ({
                from: m.from,
                id: m.id ?? wamid(),
                timestamp: String(Math.floor(Date.now() / 1000)),
                type: "text",
                text: { body: m.body },
              })),
            },
          },
        ],
      },
    ],
  });
}

export function whatsappRequest(raw: string, signature: string | null) {
  return new Request(`${ORIGIN}/webhooks/whatsapp`, {
    method: "POST",
    body: raw,
    headers: {
      "Content-Type": "application/json",
      ...(signature === null ? {} : { "X-Hub-Signature-256": signature }),
    },
  });
}

export function inboundRows(fromPhone?: string) {
  const query = db().select().from(inboundMessages);
  return (fromPhone ? query.where(eq(inboundMessages.fromPhone, fromPhone)) : query)
    .orderBy(asc(inboundMessages.id))
    .all();
}

export function replyRows() {
  return db()
    .select()
    .from(notificationOutbox)
    .where(like(notificationOutbox.dedupeKey, "inbound-reply:%"))
    .orderBy(asc(notificationOutbox.id))
    .all();
}

export const snapshot = () => ({ inbound: inboundRows().length, replies: replyRows().length });
