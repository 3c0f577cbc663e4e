/**
 * Peruvian mobile numbers: nine digits starting with 9, stored as E.164 (+51987654321).
 * People type them many ways ("987654321", "987 654 321", "+51 987-654-321"): accept them all.
 */
const SEPARATORS = /[\s\-.()]/g;

/** The E.164 form of a Peruvian mobile number, or null when it is not one. */
export function normalizePeruvianMobile(input: string): string | null {
  let digits = input.replace(SEPARATORS, "");
  if (digits.startsWith("+51")) digits = digits.slice(3);
  else if (digits.startsWith("0051")) digits = digits.slice(4);
  else if (digits.length === 11 && digits.startsWith("51")) digits = digits.slice(2);
  return /^9\d{8}$/.test(digits) ? `+51${digits}` : null;
}

/** "+51 987 654 321" for display. */
export function formatPeruvianMobile(e164: string): string {
  const local = e164.replace(/^\+51/, "");
  return `+51 ${local.slice(0, 3)} ${local.slice(3, 6)} ${local.slice(6)}`;
}
