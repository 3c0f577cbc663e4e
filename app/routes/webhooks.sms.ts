/**
 * POST /webhooks/sms: a text message to our Twilio number (Twilio's inbound form: MessageSid,
 * From, Body, …). Verified with X-Twilio-Signature over the public URL Twilio requested (behind
 * a proxy that is PUBLIC_URL, not the address the proxy used); anything unsigned or forged is
 * refused with 403 and changes nothing. The answer is empty TwiML: the reply goes through the
 * outbox, like every other message, so a slow or failed send is retried.
 */
import { json } from "@remix-run/node";
import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveInboundMessage } from "../features/sms-inbound/inbound.server";
import { verifyTwilioSignature } from "../features/sms-inbound/signatures.server";
import { env } from "../infra/env.server";
import { logger } from "../infra/logger.server";
import { publicOrigin } from "../infra/public-origin.server";
import { unreadableBody } from "../lib/forms.server";

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const MAX_ID_LENGTH = 128;

export function loader() {
  return json({ error: "method not allowed" }, { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return loader();
  const authToken = env().TWILIO_AUTH_TOKEN;
  const origin = publicOrigin(request);
  if (!authToken || !origin) {
    logger().warn(
      { missing: authToken ? "PUBLIC_URL" : "TWILIO_AUTH_TOKEN" },
      "SMS webhook refused: inbound SMS is not configured",
    );
    return json({ error: "inbound SMS is not configured" }, { status: 404 });
  }
  let raw: string;
  try {
    raw = await request.text();
  } catch (error) {
    const status = unreadableBody(error).status;
    return json({ error: status === 413 ? "payload too large" : "unreadable body" }, { status });
  }
  const params = new URLSearchParams(raw);
  const { pathname, search } = new URL(request.url);
  const signed = verifyTwilioSignature({
    authToken,
    url: `${origin}${pathname}${search}`,
    params,
    signature: request.headers.get("x-twilio-signature"),
  });
  if (!signed) {
    logger().warn({ path: pathname }, "SMS webhook refused: bad or missing X-Twilio-Signature");
    return json({ error: "invalid signature" }, { status: 403 });
  }
  const messageId = params.get("MessageSid") ?? params.get("SmsSid") ?? "";
  const from = params.get("From") ?? "";
  if (!messageId || messageId.length > MAX_ID_LENGTH || !from) {
    return json({ error: "not an inbound message" }, { status: 400 });
  }
  const outcome = receiveInboundMessage({
    provider: "sms",
    messageId,
    from,
    body: params.get("Body") ?? "",
  });
  if (outcome === null) return json({ error: "not a phone number" }, { status: 400 });
  return new Response(EMPTY_TWIML, {
    status: 200,
    headers: { "Content-Type": "text/xml; charset=utf-8" },
  });
}
