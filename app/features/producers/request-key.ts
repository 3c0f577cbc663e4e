/**
 * The `requestKey` field of a producer's forms: rendered fresh with each page, or added by the
 * phone's outbox (app/service-worker/outbox.ts) to a form queued without one. Shared by the
 * server and the service worker, so both agree on what a key looks like.
 */

/** Letters, digits and `.:_-`, 16 to 64 of them: a UUID plus a form's suffix fits. */
export const REQUEST_KEY_PATTERN = /^[\w.:-]{16,64}$/;

/** The form's key: absent is fine (a form from before keys), malformed is refused. */
export function readRequestKey(
  formData: FormData,
): { ok: true; requestKey: string | undefined } | { ok: false } {
  const value = formData.get("requestKey");
  if (value === null || value === "") return { ok: true, requestKey: undefined };
  if (typeof value !== "string" || !REQUEST_KEY_PATTERN.test(value)) return { ok: false };
  return { ok: true, requestKey: value };
}

/** The key of one form on a page: the page's key and the form's id, so no two forms share one. */
export function formRequestKey(pageKey: string, formId: string) {
  return `${pageKey}.${formId}`.slice(0, 64);
}
