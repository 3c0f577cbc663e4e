/**
 * The providers' webhook signatures, as each documents them. Both compare in constant time:
 * a forged request learns nothing from how long its refusal took.
 *
 * - Twilio: X-Twilio-Signature = base64(HMAC-SHA1(auth token, the full URL Twilio requested
 *   followed by every POST parameter sorted by name, each name then its value)).
 *   https://www.twilio.com/docs/usage/webhooks/webhooks-security
 * - Meta (WhatsApp Cloud API): X-Hub-Signature-256 = "sha256=" + hex(HMAC-SHA256(app secret,
 *   the raw body)). https://developers.facebook.com/docs/graph-api/webhooks/getting-started
 */
import crypto from "node:crypto";

function sameBytes(a: Buffer, b: Buffer) {
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** The string Twilio signs: the URL, then each parameter's name and value, sorted by name. */
export function twilioSignedString(url: string, params: URLSearchParams) {
  const pairs = [...params.entries()];
  // Stable sort by name: repeated names keep the order they were sent in.
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return url + pairs.map(([name, value]) => name + value).join("");
}

export function verifyTwilioSignature({
  authToken,
  url,
  params,
  signature,
}: {
  authToken: string;
  url: string;
  params: URLSearchParams;
  signature: string | null;
}): boolean {
  if (!signature) return false;
  const expected = crypto
    .createHmac("sha1", authToken)
    .update(twilioSignedString(url, params), "utf8")
    .digest();
  return sameBytes(expected, Buffer.from(signature, "base64"));
}

export function verifyMetaSignature({
  appSecret,
  rawBody,
  header,
}: {
  appSecret: string;
  rawBody: Buffer;
  header: string | null;
}): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? "");
  if (!match) return false;
  const expected = crypto.createHmac("sha256", appSecret).update(rawBody).digest();
  return sameBytes(expected, Buffer.from(match[1], "hex"));
}
