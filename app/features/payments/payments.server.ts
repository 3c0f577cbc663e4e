/**
 * Payment methods. Cash at pickup is the default and always offered. Card payments through
 * Stripe Checkout are offered only when Stripe is configured (app/infra/stripe.server.ts);
 * Yape/Plin only when the market's wallet is on and verification for the market day is still
 * open (app/features/wallet/wallet.server.ts). The checkout page does not show the others and
 * the checkout action refuses them.
 */
import type { PaymentMethod } from "../../../db/schema-enums";
import { stripeConfigured } from "../../infra/stripe.server";
import { walletOffered } from "../wallet/wallet.server";

export type { PaymentMethod };

export function availablePaymentMethods(
  day?: { marketId: number; id: number },
  now = new Date(),
): PaymentMethod[] {
  const methods: PaymentMethod[] = stripeConfigured() ? ["cash", "card"] : ["cash"];
  if (day && walletOffered(day.marketId, day.id, now)) methods.push("yape_plin");
  return methods;
}
