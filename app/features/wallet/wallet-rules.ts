/**
 * Yape/Plin's rules that pages and the server share (browser-safe: no server imports): what an
 * operation number looks like, and until when a reservation waits for its proof and the
 * treasurer may verify it.
 */
/** Yape's and Plin's operation numbers are digits (Yape shows 8, Plin up to 12): 4–20 allowed. */
export const OPERATION_DIGITS = { min: 4, max: 20 } as const;

/**
 * The operation number as digits, or null when it is not one: spaces, dashes, dots and a
 * leading "N°"/"#" as people copy them from their app are dropped.
 */
export function normalizeOperationNumber(raw: string): string | null {
  const digits = raw
    .trim()
    .replace(/^(n[°ºo.]*|#)\s*/i, "")
    .replace(/[\s.-]/g, "");
  if (!/^\d+$/.test(digits)) return null;
  if (digits.length < OPERATION_DIGITS.min || digits.length > OPERATION_DIGITS.max) return null;
  return digits;
}

/**
 * The last instant the treasurer may verify a proof for a market day: the wallet's lead time
 * before its pickup starts. No Yape/Plin reservation is taken after it.
 */
export function verifyDeadline(pickupStartAt: Date, verifyLeadMinutes: number): Date {
  return new Date(pickupStartAt.getTime() - verifyLeadMinutes * 60_000);
}

/** How long a reservation (or a family whose proof was rejected) may take to send a proof. */
export function proofWindowEnd(now: Date, proofWaitMinutes: number, deadline: Date): Date {
  return new Date(Math.min(now.getTime() + proofWaitMinutes * 60_000, deadline.getTime()));
}
