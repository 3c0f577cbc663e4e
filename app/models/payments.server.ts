/**
 * Payment methods. Cash at pickup is the default and always offered. Card payments through
 * Stripe Checkout come with their own issue: they will be enabled here once the webhook that
 * confirms them exists, so until then the card option is never shown or accepted.
 */
export type PaymentMethod = "cash" | "card";

export function availablePaymentMethods(): PaymentMethod[] {
  return ["cash"];
}
