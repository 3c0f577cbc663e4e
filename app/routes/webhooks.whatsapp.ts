/**
 * /webhooks/whatsapp, for Meta's WhatsApp Cloud API.
 * GET: the subscription handshake: hub.mode=subscribe and our WHATSAPP_VERIFY_TOKEN are answered
 * with hub.challenge as text; anything else is 403.
 * POST: deliveries, signed with X-Hub-Signature-256 (HMAC-SHA256 of the raw body with
 * WHATSAPP_APP_SECRET); unsigned or forged ones are refused with 403 and change nothing. Each
 * text message in them is handled like an SMS; status updates and other kinds are ignored.
 */
import { json } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { receiveInboundMessage } from "../features/sms-inbound/inbound.server";
import { verifyMetaSignature } from "../features/sms-inbound/signatures.server";
import { textMessagesOf } from "../features/sms-inbound/whatsapp-payload";
import { env } from "../infra/env.server";
import { logger } from "../infra/logger.server";
import { unreadableBody } from "../lib/forms.server";

export function loader({ request }: LoaderFunctionArgs) {
  const verifyToken = env().WHATSAPP_VERIFY_TOKEN;
  if (!verifyToken) {
    logger().warn("WhatsApp handshake refused: WHATSAPP_VERIFY_TOKEN is not set");
    return json({ error: "inbound WhatsApp is not configured" }, { status: 404 });
  }
  const query = new URL(request.url).searchParams;
  const challenge = query.get("hub.challenge") ?? "";
  if (
    query.get("hub.mode") !== "subscribe" ||
    query.get("hub.verify_token") !== verifyToken ||
    !challenge ||
    challenge.length > 200
  ) {
    return json({ error: "verification failed" }, { status: 403 });
  }
  return new Response(challenge, {
    status: 200,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") {
    return json({ error: "method not allowed" }, { status: 405, headers: { Allow: "GET, POST" } });
  }
  const appSecret = env().WHATSAPP_APP_SECRET;
  if (!appSecret) {
    logger().warn("WhatsApp webhook refused: WHATSAPP_APP_SECRET is not set");
    return json({ error: "inbound WhatsApp is not configured" }, { status: 404 });
  }
  let rawBody: Buffer;
  try {
    rawBody = Buffer.from(await request.arrayBuffer());
  } catch (error) {
    const status = unreadableBody(error).status;
    return json({ error: status === 413 ? "payload too large" : "unreadable body" }, { status });
  }
  const signature = request.headers.get("x-hub-signature-256");
  if (!verifyMetaSignature({ appSecret, rawBody, header: signature })) {
    logger().warn("WhatsApp webhook refused: bad or missing X-Hub-Signature-256");
    return json({ error: "invalid signature" }, { status: 403 });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString("utf8"));
  } catch {
    return json({ error: "not JSON" }, { status: 400 });
  }
  const messages = textMessagesOf(payload);
  if (messages === null) return json({ error: "not a WhatsApp delivery" }, { status: 400 });
  let received = 0;
  for (const message of messages) {
    const outcome = receiveInboundMessage({ provider: "whatsapp", ...message });
    if (outcome !== null && outcome !== "duplicate") received++;
  }
  return json({ received });
}
