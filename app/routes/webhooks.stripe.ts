/**
 * POST /webhooks/stripe: the only way a card payment is confirmed (docs/invariants.md 7). The raw
 * body is verified against the Stripe-Signature header with the webhook secret; anything forged,
 * tampered with, unsigned or too old gets 400 and changes nothing. Each event is applied once
 * (app/features/payments/webhook-events.server.ts); Stripe retries on any non-2xx answer.
 */
import { json } from "@remix-run/node";
import type { ActionFunctionArgs } from "@remix-run/node";
import { unreadableBody } from "../lib/forms.server";
import { applyStripeEvent } from "../features/payments/webhook-events.server";
import { asStripeEvent, stripeWebhooks, webhookSecret } from "../infra/stripe.server";

export function loader() {
  return json({ error: "method not allowed" }, { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return loader();
  const secret = webhookSecret();
  if (!secret) return json({ error: "card payments are not configured" }, { status: 404 });
  const signature = request.headers.get("stripe-signature");
  // The exact bytes Stripe signed: never a re-serialized parse.
  let payload: string;
  try {
    payload = await request.text();
  } catch (error) {
    const status = unreadableBody(error).status;
    return json({ error: status === 413 ? "payload too large" : "unreadable body" }, { status });
  }
  if (!signature) return json({ error: "missing signature" }, { status: 400 });
  let signed: unknown;
  try {
    signed = stripeWebhooks.constructEvent(payload, signature, secret);
  } catch {
    return json({ error: "invalid signature" }, { status: 400 });
  }
  // Signed is not the same as well formed: what cannot be an event is refused before use.
  const event = asStripeEvent(signed);
  if (!event) return json({ error: "not a Stripe event" }, { status: 400 });
  const outcome = applyStripeEvent(event);
  return json({ received: true, outcome });
}
