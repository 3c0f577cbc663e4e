/**
 * Producers offline (issue 15, section 4): the producer's pages load no JavaScript, so the
 * forms they post while the signal is gone are kept here, in the service worker, and sent when
 * it is back. The worker (A's part) hands us a form POST whose network fetch failed
 * (`isQueueable`, `queueFormPost`), calls `flushOutbox` when the network is back, and puts
 * `outboxNotice` at the top of each page it serves.
 *
 * Each form carries a request key (rendered with the page, or added here), so the server makes
 * one change of a form sent twice: the phone cannot tell a form the server never got from one
 * whose answer was lost on the way back. The server answers a form sent from here
 * (`X-Qhatu-Queued: 1`) with `{ ok, message }` in the producer's words, shown once.
 */
import { REQUEST_KEY_PATTERN } from "../features/producers/request-key";
import { formatTime } from "../lib/format";
import { isLoginPath } from "../lib/login-path";
import { escapeHtml } from "./notices";
import { outboxDb, type QueuedForm, type SentResult } from "./outbox-store";
import { noticeText, type OutboxLang } from "./outbox-strings";

/**
 * The producer's form pages (hydrate: false), with the Remix route whose action takes their
 * forms; photo uploads (/productor/productos) are not kept. A form sent later goes to the
 * route as a Remix data request (`?_data=`), so the action's `{ ok, message }` comes back as
 * is: as a document POST, Remix would render the page around it instead.
 */
const QUEUEABLE_ROUTES: Record<string, { routeId: string; index?: boolean }> = {
  "/productor": { routeId: "routes/productor._index", index: true },
  "/productor/ofertas": { routeId: "routes/productor.ofertas" },
};
const URLENCODED = "application/x-www-form-urlencoded";
/** The header that makes the server answer in words (app/features/producers/queued-reply.server.ts). */
const QUEUED_HEADER = "X-Qhatu-Queued";
/** How long a sent key is remembered to tell a second send of the same form from a new one. */
const SENT_KEYS_KEPT_MS = 14 * 24 * 3600_000;
/** Answers that mean the app was not reached (a proxy in front of it): the form is kept. */
const NOT_REACHED = new Set([502, 503, 504]);

/** Whether a form POST to this URL is kept and sent later when the network fails. */
export function isQueueable(url: URL): boolean {
  return routeOf(url) !== undefined;
}

function routeOf(url: URL) {
  return Object.hasOwn(QUEUEABLE_ROUTES, url.pathname.replace(/\/$/, ""))
    ? QUEUEABLE_ROUTES[url.pathname.replace(/\/$/, "")]
    : undefined;
}

/** Where a kept form is sent: its route's action, as a Remix data request. */
export function sendingUrl(formUrl: string): string {
  const url = new URL(formUrl);
  const route = routeOf(url);
  if (!route) return formUrl;
  const search = new URLSearchParams();
  if (route.index) search.set("index", "");
  search.set("_data", route.routeId);
  return `${url.origin}${url.pathname}?${search.toString().replace(/^index=&/, "index&")}`;
}

/** Keeps an unconsumed clone of a failed form POST; answers what the browser shows now. */
export async function queueFormPost(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const page = new Response(null, { status: 303, headers: { Location: url.pathname } });
  const db = await outboxDb();
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== URLENCODED) {
    // A file cannot wait on the phone for hours: say it was not sent.
    await db.add("results", { ok: false, kind: "notSent", message: "", at: Date.now() });
    return page;
  }
  const postedBody = await request.text();
  const queue = await db.getAll("queue");
  // A second tap on the same form while offline: one change, kept once.
  if (queue.some((q) => q.url === request.url && q.postedBody === postedBody)) return page;
  const params = new URLSearchParams(postedBody);
  const pageKey = params.get("requestKey") ?? "";
  if (!REQUEST_KEY_PATTERN.test(pageKey) || (await keyNamesAnotherChange(pageKey, postedBody)))
    params.set("requestKey", crypto.randomUUID());
  const form: QueuedForm = {
    url: request.url,
    body: params.toString(),
    requestKey: params.get("requestKey")!,
    postedBody,
    queuedAt: Date.now(),
  };
  await db.add("queue", form);
  await askForBackgroundSync();
  return page;
}

/**
 * Whether the page's key already went with other values: the cached copy of a page keeps the
 * keys it was rendered with, so changing the same offer twice offline posts one key twice.
 */
async function keyNamesAnotherChange(requestKey: string, postedBody: string) {
  const db = await outboxDb();
  const queued = await db.getAll("queue");
  const sent = await db.get("sent", requestKey);
  return (
    queued.some((q) => q.requestKey === requestKey && q.postedBody !== postedBody) ||
    (sent !== undefined && sent.postedBody !== postedBody)
  );
}

/** Background Sync sends the queue even if no page is open when the signal returns (Chrome). */
async function askForBackgroundSync() {
  const registration = (
    globalThis as { registration?: { sync?: { register(tag: string): Promise<void> } } }
  ).registration;
  try {
    await registration?.sync?.register("outbox");
  } catch {
    // Not allowed or not supported: the next page opened online sends the queue instead.
  }
}

let running: Promise<void> | null = null;

/** Sends what is queued, in order, once at a time (concurrent calls share one run). */
export function flushOutbox(): Promise<void> {
  running ??= sendQueued().finally(() => {
    running = null;
  });
  return running;
}

/** One run: the oldest form first; stops at the first that cannot be sent now. */
async function sendQueued() {
  const db = await outboxDb();
  await forgetOldSentKeys();
  for (;;) {
    const cursor = await db.transaction("queue").store.openCursor();
    const form = cursor?.value;
    if (!form) return;
    let response: Response;
    try {
      response = await fetch(sendingUrl(form.url), {
        method: "POST",
        body: form.body,
        credentials: "include",
        headers: { "Content-Type": URLENCODED, [QUEUED_HEADER]: "1" },
      });
    } catch {
      return; // Still offline: kept, in order, for the next run.
    }
    if (NOT_REACHED.has(response.status)) return;
    if (response.status === 401 || (response.redirected && isLoginPath(response.url))) {
      // Signed out meanwhile: kept until they sign in again (logging out clears it instead).
      await db.put("queue", { ...form, needsSignIn: true });
      return;
    }
    const answer = await readAnswer(response);
    const tx = db.transaction(["queue", "results", "sent"], "readwrite");
    await Promise.all([
      tx.objectStore("queue").delete(form.id!),
      tx.objectStore("results").add({ ...answer, kind: "answer", at: Date.now() }),
      tx.objectStore("sent").put({
        requestKey: form.requestKey,
        postedBody: form.postedBody,
        at: Date.now(),
      }),
      tx.done,
    ]);
  }
}

/** The server's words, or plain ones for an answer that is not ours (an error page). */
async function readAnswer(response: Response): Promise<Pick<SentResult, "ok" | "message">> {
  if ((response.headers.get("Content-Type") ?? "").includes("application/json")) {
    try {
      const body = (await response.json()) as { ok?: unknown; message?: unknown };
      if (typeof body.message === "string")
        return { ok: body.ok === true, message: body.message.slice(0, 300) };
    } catch {
      // Not the JSON we expected: the plain words below.
    }
  }
  return { ok: response.ok, message: response.ok ? "" : `status:${response.status}` };
}

async function forgetOldSentKeys() {
  const db = await outboxDb();
  const tx = db.transaction("sent", "readwrite");
  const limit = Date.now() - SENT_KEYS_KEPT_MS;
  for (let c = await tx.store.openCursor(); c; c = await c.continue())
    if (c.value.at < limit) await c.delete();
  await tx.done;
}

/** HTML to show at the top of a page at `url` (changes waiting, results of sent ones), "" if none. */
export async function outboxNotice(url: URL, lang: "es" | "qu" | "en"): Promise<string> {
  // Only the producer's pages: a family's or the desk's pages are not about these forms.
  if (!url.pathname.startsWith("/productor")) return "";
  const db = await outboxDb();
  const queue = await db.getAll("queue");
  // Each result is shown once: taken out as it is read.
  const tx = db.transaction("results", "readwrite");
  const results = await tx.store.getAll();
  await Promise.all([tx.store.clear(), tx.done]);
  const lines: string[] = [];
  if (queue.length > 0) {
    const lastSaved = new Date(Math.max(...queue.map((q) => q.queuedAt)));
    lines.push(
      noticeText(lang, "waiting", { count: queue.length, time: formatTime(lastSaved, lang) }),
    );
    if (queue.some((q) => q.needsSignIn)) lines.push(noticeText(lang, "signIn"));
  }
  // Product names in the server's words are typed by people: always escaped.
  const answers = results.map((r) => resultText(lang, r));
  if (lines.length === 0 && answers.length === 0) return "";
  const items = answers.map((a) => `<li>${escapeHtml(a)}</li>`).join("");
  return (
    // Styled like the worker's offline banner (.sw-notices .notice in app.css).
    `<div class="notice outbox-notice" role="status">` +
    lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("") +
    (items ? `<ul>${items}</ul>` : "") +
    `</div>`
  );
}

function resultText(lang: OutboxLang, result: SentResult) {
  if (result.kind === "notSent") return noticeText(lang, "notSent");
  const status = /^status:(\d+)$/.exec(result.message)?.[1];
  const message = status
    ? noticeText(lang, "refusedPlain", { status })
    : result.message || noticeText(lang, "acceptedPlain");
  return noticeText(lang, result.ok ? "sent" : "refused", { message });
}
