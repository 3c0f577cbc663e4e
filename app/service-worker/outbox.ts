/**
 * The outbox: form posts kept while offline and sent when the signal returns. Owned by the
 * producers' offline work; this is the pass-through stand-in with the agreed signatures,
 * already called by the worker (sw.ts, pages.ts).
 */

/** Whether a form POST to this URL is kept and sent later when the network fails. */
export function isQueueable(_url: URL): boolean {
  return false;
}

/** Keeps an unconsumed clone of a failed form POST; answers what the browser shows now. */
export function queueFormPost(_request: Request): Promise<Response> {
  return Promise.resolve(Response.error());
}

/** Sends what is queued, in order, once at a time (concurrent calls share one run). */
export function flushOutbox(): Promise<void> {
  return Promise.resolve();
}

/** HTML to show at the top of a page at `url` (changes waiting, results of sent ones), "" if none. */
export function outboxNotice(_url: URL, _lang: "es" | "qu" | "en"): Promise<string> {
  return Promise.resolve("");
}
