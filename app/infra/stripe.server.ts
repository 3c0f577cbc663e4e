/**
 * The Stripe client. Card payments exist only when both STRIPE_SECRET_KEY and
 * STRIPE_WEBHOOK_SECRET are set; STRIPE_API_URL points the client elsewhere (a local stand-in
 * in tests and end-to-end runs) through the package's own host/port/protocol options.
 */
import Stripe from "stripe";
import { z } from "zod";
import { env } from "./env.server";

export type StripeClient = InstanceType<typeof Stripe>;

export type StripeOptions = {
  secretKey: string;
  apiUrl?: string;
  /** Per request; Stripe's default is 80 s, far longer than a person waits at checkout. */
  timeoutMs?: number;
  /** Retries on network errors and timeouts, each with the same idempotency key. */
  maxNetworkRetries?: number;
};

/** A client for `secretKey`, talking to `apiUrl` when given (http or https, any port). */
export function createStripeClient({
  secretKey,
  apiUrl,
  timeoutMs = 15_000,
  maxNetworkRetries = 2,
}: StripeOptions): StripeClient {
  const address = apiUrl ? new URL(apiUrl) : null;
  const protocol = address?.protocol === "http:" ? "http" : "https";
  return new Stripe(secretKey, {
    timeout: timeoutMs,
    maxNetworkRetries,
    telemetry: false,
    ...(address
      ? {
          host: address.hostname,
          port: address.port || (protocol === "http" ? 80 : 443),
          protocol,
        }
      : {}),
  });
}

/** Whether card payments are configured at all. */
export function stripeConfigured(): boolean {
  const { STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET } = env();
  return Boolean(STRIPE_SECRET_KEY?.trim() && STRIPE_WEBHOOK_SECRET?.trim());
}

/** The secret that signs webhooks, or null when card payments are off. */
export function webhookSecret(): string | null {
  return stripeConfigured() ? env().STRIPE_WEBHOOK_SECRET!.trim() : null;
}

let client: StripeClient | undefined;

/** The process's client (null when card payments are off). */
export function stripe(): StripeClient | null {
  if (!stripeConfigured()) return null;
  client ??= createStripeClient({
    secretKey: env().STRIPE_SECRET_KEY!.trim(),
    apiUrl: env().STRIPE_API_URL,
  });
  return client;
}

/** Replaces the process's client (tests: a short timeout) or forgets it (after resetEnv). */
export function setStripeClient(next: StripeClient | undefined) {
  client = next;
}

/**
 * Signature checking needs no key and no network: the package's static webhooks helper, so the
 * webhook verifies even where no client exists.
 */
export const stripeWebhooks = Stripe.webhooks;

const nullableText = z.string().max(500).nullish();

/** What the webhook handler reads of an event, and of a Checkout Session inside one. */
const EventShape = z.looseObject({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  data: z.looseObject({ object: z.looseObject({}) }),
});
const CheckoutSessionShape = z.looseObject({
  id: z.string().min(1).max(255),
  metadata: z.record(z.string(), z.string()).nullish(),
  client_reference_id: nullableText,
  payment_status: nullableText,
  amount_total: z.number().int().nullish(),
  currency: nullableText,
  payment_intent: z.union([z.string(), z.looseObject({ id: z.string() })]).nullish(),
});

/**
 * A verified payload as an event, or null when it cannot be one (an array, no id, a session
 * without an id…): the signature proves who sent it, not that it has the shape we read.
 */
export function asStripeEvent(payload: unknown): Stripe.Event | null {
  const event = EventShape.safeParse(payload);
  if (!event.success) return null;
  if (event.data.type.startsWith("checkout.session.")) {
    if (!CheckoutSessionShape.safeParse(event.data.data.object).success) return null;
  }
  return payload as Stripe.Event;
}
