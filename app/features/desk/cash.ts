/**
 * Cash as a coordinator types it at the desk ("50", "20.50", "20,5", "S/ 100"), read the same
 * way by the form's schema on the server and by the page as it shows the change.
 */
const CASH = /^(?:S\/\s*)?(\d{1,5})(?:[.,](\d{1,2}))?$/i;

/** The amount in céntimos, or null when it cannot be read as soles. */
export function cashCentsOf(raw: string): number | null {
  const match = CASH.exec(raw.trim());
  return match ? Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) : null;
}

/**
 * What the desk gives back to a family that paid by Yape/Plin before the desk (verified) and is
 * handed over less: paid − handed over, never below zero. Null for any other order: a cash order
 * has change instead, and a card order's difference goes back to the card. Not cash taken.
 */
export function givenBackCentsOf(
  order: { paymentMethod: string; paymentStatus: string; totalCents: number },
  handedOverCents: number,
): number | null {
  if (order.paymentMethod !== "yape_plin" || order.paymentStatus !== "paid") return null;
  return Math.max(0, order.totalCents - handedOverCents);
}
