/**
 * Pages: network first, the last kept copy when the network fails (with the offline banner),
 * else the offline page. Form posts that cannot be sent go to the outbox when it takes them,
 * else the page comes back with "no se envió". Remix's data fetches that fail make Remix load
 * the whole document, which lands here again.
 */
import {
  injectAtMainTop,
  offlineBanner,
  offlinePage,
  pageLang,
  pageOfDataRequest,
  pickCachedKey,
  reloadDocumentResponse,
  savedOrdersOf,
  stylesheetsOf,
} from "./html";
import { langOf, type Lang } from "./notices";
import { flushOutbox, isQueueable, queueFormPost } from "./outbox";
import { pageNotice } from "./unsent";
import { afterAccountPost, isAccountPost } from "./account";
import { keepPage, keptPage, keptPageUrls } from "./storage";
import { worker, type FetchEvent } from "./types";

const HTML_HEADERS = { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" };

/** A GET navigation. */
export async function pageNavigation(event: FetchEvent): Promise<Response> {
  const url = new URL(event.request.url);
  // Forms kept on the phone for this page go first: the page then opens with them applied and
  // says what became of each, instead of one page later. Offline this fails at once.
  if (isQueueable(url)) await flushOutbox().catch(() => undefined);
  let response: Response;
  try {
    response = await fetch(event.request);
  } catch {
    return fromDevice(url, takeUnsent(url));
  }
  event.waitUntil(Promise.all([keepPage(url.href, response.clone()), flushOutbox()]));
  return withNotice(url, response);
}

/**
 * A form POST sent while offline by a hydrated page (a Remix data POST) makes Remix reload
 * the page; that navigation then says "no se envió". Kept in memory for a few seconds only.
 */
let unsent: { path: string; until: number } | null = null;

function takeUnsent(url: URL): boolean {
  const hit = unsent !== null && unsent.path === url.pathname && unsent.until > Date.now();
  if (hit) unsent = null;
  return hit;
}

/** A form POST navigation, a Remix data POST, or a data POST to the account routes. */
export async function formPost(event: FetchEvent): Promise<Response> {
  const { request } = event;
  const url = new URL(request.url);
  // Cloned before the body is sent: the outbox needs it whole if the network fails.
  const kept = request.mode === "navigate" && isQueueable(url) ? request.clone() : null;
  let response: Response;
  try {
    response = await fetch(request);
  } catch {
    if (kept) return queueFormPost(kept);
    if (request.mode === "navigate") return fromDevice(url, true);
    // Back to the page the person is on (a basket's "Añadir" posts to /canasta from /feria).
    const client = event.clientId ? await worker.clients.get(event.clientId) : undefined;
    const from = client ? new URL(client.url) : null;
    const page = from ? from.pathname + from.search : pageOfDataRequest(url);
    unsent = { path: new URL(page, url).pathname, until: Date.now() + 10_000 };
    return reloadDocumentResponse(url, page, "POST");
  }
  if (isAccountPost(url)) await afterAccountPost(url, response);
  event.waitUntil(flushOutbox());
  return request.mode === "navigate" ? withNotice(url, response) : response;
}

/** A Remix data GET: straight to the network; offline, reload as a document (see above). */
export async function dataFetch(event: FetchEvent): Promise<Response> {
  try {
    return await fetch(event.request);
  } catch {
    const url = new URL(event.request.url);
    return reloadDocumentResponse(url, pageOfDataRequest(url));
  }
}

/** The outbox's notice at the top of a page from the network, when it has one. */
async function withNotice(url: URL, response: Response): Promise<Response> {
  if (
    response.status === 204 ||
    !(response.headers.get("Content-Type") ?? "").startsWith("text/html")
  ) {
    return response;
  }
  const lang = langOf(response.headers.get("Content-Language")) ?? fallbackLang();
  const notice = await pageNotice(url, lang);
  if (!notice) return response;
  const headers = new Headers(response.headers);
  headers.delete("Content-Encoding");
  headers.delete("Content-Length");
  return new Response(injectAtMainTop(await response.text(), notice), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/** The kept copy of `url` with the banner, else the offline page. */
async function fromDevice(url: URL, notSent: boolean): Promise<Response> {
  const keys = await keptPageUrls();
  const key = pickCachedKey(url.href, keys);
  const kept = key ? await keptPage(key) : null;
  if (kept) {
    const html = await kept.response.text();
    const lang = pageLang(html) ?? fallbackLang();
    const notice = await pageNotice(url, lang);
    const headers = new Headers(kept.response.headers);
    headers.set("Cache-Control", "no-store");
    return new Response(
      injectAtMainTop(html, offlineBanner(lang, kept.savedAt, notSent) + notice),
      { status: 200, headers },
    );
  }
  const newest = keys.length ? await keptPage(keys[keys.length - 1]) : null;
  const newestHtml = newest ? await newest.response.text() : "";
  const lang = pageLang(newestHtml) ?? fallbackLang();
  const html = offlinePage({
    lang,
    path: url.pathname + url.search,
    stylesheets: stylesheetsOf(newestHtml),
    notSent,
    orders: url.pathname === "/pedidos" ? savedOrdersOf(keys) : undefined,
    notice: await pageNotice(url, lang),
  });
  return new Response(html, { status: 503, headers: HTML_HEADERS });
}

/** With no page to go by, the phone's own language if the app speaks it. */
function fallbackLang(): Lang {
  for (const tag of navigator.languages ?? []) {
    const lang = langOf(tag);
    if (lang) return lang;
  }
  return "es";
}
