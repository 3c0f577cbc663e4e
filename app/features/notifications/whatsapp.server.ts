/**
 * WhatsApp through Meta's WhatsApp Cloud API: POST /v20.0/{phone-number-id}/messages with a
 * bearer token and a JSON text message. `apiUrl` is https://graph.facebook.com except in tests.
 * Meta delivers free-form text only inside the 24 hours after the person last wrote to the
 * business number; outside it the API wants an approved template (see README).
 */
import { assertProviderOk, PermanentError, SEND_TIMEOUT_MS, type Transport } from "./types.server";

export const WHATSAPP_API_VERSION = "v20.0";

export function whatsappTransport({
  token,
  phoneNumberId,
  apiUrl,
}: {
  token: string;
  phoneNumberId: string;
  apiUrl: string;
}): Transport {
  const url = new URL(
    `/${WHATSAPP_API_VERSION}/${encodeURIComponent(phoneNumberId)}/messages`,
    apiUrl,
  );
  return async (to, message) => {
    if (!to.phone) throw new PermanentError("no phone number");
    const response = await fetch(url, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        messaging_product: "whatsapp",
        // The Cloud API takes the number in international form without the "+".
        to: to.phone.replace(/^\+/, ""),
        type: "text",
        text: { body: message.short },
      }),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    await assertProviderOk("WhatsApp", response);
  };
}
