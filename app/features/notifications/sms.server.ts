/**
 * SMS through Twilio's Messages API: POST /2010-04-01/Accounts/{sid}/Messages.json with basic
 * auth (account SID and auth token) and the form fields To, From and Body. `apiUrl` is
 * https://api.twilio.com except in tests.
 */
import { assertProviderOk, PermanentError, SEND_TIMEOUT_MS, type Transport } from "./types.server";

export function twilioSmsTransport({
  accountSid,
  authToken,
  from,
  apiUrl,
}: {
  accountSid: string;
  authToken: string;
  from: string;
  apiUrl: string;
}): Transport {
  const url = new URL(
    `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`,
    apiUrl,
  );
  const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  return async (to, message) => {
    if (!to.phone) throw new PermanentError("no phone number");
    const response = await fetch(url, {
      method: "POST",
      headers: {
        Authorization: authorization,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ To: to.phone, From: from, Body: message.short }),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    await assertProviderOk("Twilio", response);
  };
}
