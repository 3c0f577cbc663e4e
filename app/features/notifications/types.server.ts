/** What every transport and the outbox worker share. */
import type { NOTIFICATION_CHANNELS } from "../../../db/schema-enums";

export type Channel = (typeof NOTIFICATION_CHANNELS)[number];

/** A message as the person reads it: email uses subject and text, SMS and WhatsApp `short`. */
export type RenderedMessage = { subject: string; text: string; short: string };

export type Recipient = { name: string; email: string | null; phone: string | null };

/** Delivers one message or throws; a thrown PermanentError is not retried. */
export type Transport = (to: Recipient, message: RenderedMessage) => Promise<void>;

export type Transports = Partial<Record<Channel, Transport>>;

/** A failure no retry can fix (no address, unknown template): the row is marked failed at once. */
export class PermanentError extends Error {
  override name = "PermanentError";
}

/** How long a provider may take before we give up on this attempt (well within the lease). */
export const SEND_TIMEOUT_MS = 30_000;

/** A non-2xx answer from a provider's HTTP API, with the start of its body for last_error. */
export async function assertProviderOk(provider: string, response: Response) {
  if (response.ok) return;
  const body = (await response.text().catch(() => "")).slice(0, 300);
  throw new Error(`${provider} answered ${response.status}: ${body}`);
}
