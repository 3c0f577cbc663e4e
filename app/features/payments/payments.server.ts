/**
 * Payment methods. Cash at pickup is the default and always offered. Card payments through
 * Stripe Checkout are offered only when Stripe is configured (app/infra/stripe.server.ts): the
 * checkout page does not show them and the checkout action refuses them otherwise.
 */
import { stripeConfigured } from "../../infra/stripe.server";

export type PaymentMethod = "cash" | "card";

export function availablePaymentMethods(): PaymentMethod[] {
  return stripeConfigured() ? ["cash", "card"] : ["cash"];
}
