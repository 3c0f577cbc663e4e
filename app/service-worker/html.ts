/**
 * The worker's pure parts: what may be kept, which copy answers a URL, and the HTML it adds to
 * a page or writes itself. No Cache Storage or fetch here, so the unit tests run them as is.
 */
import { escapeHtml, langOf, say, type Lang } from "./notices";

/** Lima is UTC−5 all year (no daylight saving since 1994), as in app/lib/time.ts. */
const LIMA_OFFSET_MS = -5 * 60 * 60 * 1000;

/** "07:05": the wall-clock time in Lima of an instant, 24-hour. */
export function limaClock(instant: Date): string {
  return new Date(instant.getTime() + LIMA_OFFSET_MS).toISOString().slice(11, 16);
}

/**
 * Whether a page response may be kept on the device: a 200 HTML page the server did not mark
 * no-store (the coordinator's one-time passwords, for instance, are never written to disk).
 */
export function isCacheablePage(response: Pick<Response, "status" | "headers" | "type">) {
  if (response.status !== 200 || (response.type !== "basic" && response.type !== "default")) {
    return false;
  }
  const type = response.headers.get("Content-Type") ?? "";
  const control = response.headers.get("Cache-Control") ?? "";
  return type.startsWith("text/html") && !/(^|[\s,])no-store\b/i.test(control);
}

/**
 * Which kept copy answers `url`: the same URL, else the newest copy of the same path with
 * another query (keys are in the order they were stored, oldest first).
 */
export function pickCachedKey(url: string, keys: readonly string[]): string | null {
  if (keys.includes(url)) return url;
  const { origin, pathname } = new URL(url);
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = new URL(keys[i]);
    if (key.origin === origin && key.pathname === pathname) return keys[i];
  }
  return null;
}

/** The page's language, from its `<html lang>`. */
export function pageLang(html: string): Lang | null {
  return langOf(/<html\b[^>]*\blang="([^"]*)"/i.exec(html)?.[1]);
}

/** The fingerprinted assets a page loads (stylesheets, scripts, module preloads). */
export function buildAssetsOf(html: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(/\b(?:href|src)="(\/build\/[^"]+)"/g)) found.add(match[1]);
  return [...found];
}

/** The stylesheets a page links to, so the offline page looks like the app. */
export function stylesheetsOf(html: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = match[0];
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href && /\brel="stylesheet"/.test(tag)) found.push(href);
  }
  return found;
}

/**
 * Puts `snippet` at the top of `<main id="main">`: inside the page's notices slot when it has
 * one (root.tsx; React keeps its content when the page hydrates), else right after `<main>`,
 * else right after `<body>`.
 */
export function injectAtMainTop(html: string, snippet: string): string {
  if (!snippet) return html;
  const main =
    /<div\b[^>]*\bdata-sw-notices=""[^>]*>/i.exec(html) ??
    /<main\b[^>]*\bid="main"[^>]*>/i.exec(html) ??
    /<body\b[^>]*>/i.exec(html);
  if (!main) return snippet + html;
  const at = main.index + main[0].length;
  return html.slice(0, at) + snippet + html.slice(at);
}

/** The "sin conexión — datos de las HH:MM" banner, or "no se envió" after a lost form. */
export function offlineBanner(lang: Lang, savedAt: Date, notSent = false): string {
  const lines = notSent
    ? [say(lang, "notSent"), say(lang, "banner", { time: limaClock(savedAt) })]
    : [say(lang, "banner", { time: limaClock(savedAt) }), say(lang, "lastKnown")];
  return (
    `<div class="notice offline-banner" role="status" data-offline-banner>` +
    `<p><strong>${lines[0]}</strong></p><p>${lines[1]}</p></div>`
  );
}

export type SavedOrder = { path: string; code: string };

/** The order pages kept on the device: /pedidos/<code>, newest first. */
export function savedOrdersOf(keys: readonly string[]): SavedOrder[] {
  const orders: SavedOrder[] = [];
  for (const key of [...keys].reverse()) {
    const match = /^\/pedidos\/([^/]+)$/.exec(new URL(key).pathname);
    if (!match || orders.some((o) => o.path === match[0])) continue;
    orders.push({ path: match[0], code: decodeURIComponent(match[1]) });
  }
  return orders;
}

export type OfflinePageOptions = {
  lang: Lang;
  /** The address asked for: "Reintentar" reloads it. */
  path: string;
  stylesheets: readonly string[];
  notSent?: boolean;
  /** On /pedidos: the order pages on the device, listed instead of the generic text. */
  orders?: readonly SavedOrder[];
  /** HTML from the outbox (changes waiting to be sent), shown at the top. */
  notice?: string;
};

/** A whole page for an address with no copy on the device. */
export function offlinePage(options: OfflinePageOptions): string {
  const { lang, path, stylesheets, notSent = false, orders, notice = "" } = options;
  const links = stylesheets
    .map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`)
    .join("");
  let body = `<p>${say(lang, notSent ? "notSent" : "pageNotSaved")}</p>`;
  if (orders) {
    body =
      `<h2>${say(lang, "savedOrders")}</h2>` +
      (orders.length
        ? `<ul class="saved-orders">${orders
            .map(
              (o) =>
                `<li><a href="${escapeHtml(o.path)}">${say(lang, "order", { code: o.code })}</a></li>`,
            )
            .join("")}</ul>`
        : `<p>${say(lang, "noSavedOrders")}</p>`);
  }
  return (
    `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="theme-color" content="#1f5130"><title>${say(lang, "title")} · Qhatu</title>` +
    `${links}</head><body><main id="main" class="main">` +
    `<div class="sw-notices" data-sw-notices="">${notice}</div>` +
    `<section class="card narrow" aria-labelledby="offline-title" data-offline-page>` +
    `<h1 id="offline-title">${say(lang, "title")}</h1>${body}` +
    `<p><a class="button primary" href="${escapeHtml(path)}">${say(lang, "retry")}</a> ` +
    `<a href="/">${say(lang, "home")}</a></p></section></main></body></html>`
  );
}

/** Whether a request is one of Remix's data fetches (single fetch `/x.data`, or `?_data=`). */
export function isDataRequest(url: URL): boolean {
  return url.pathname.endsWith(".data") || url.searchParams.has("_data");
}

/** The page a Remix data fetch belongs to: "/feria.data?_routes=x" → "/feria". */
export function pageOfDataRequest(url: URL): string {
  const page = new URL(url);
  page.searchParams.delete("_data");
  page.searchParams.delete("_routes");
  if (page.pathname === "/_root.data") page.pathname = "/";
  else if (page.pathname.endsWith(".data")) page.pathname = page.pathname.slice(0, -5);
  return page.pathname + page.search;
}

/**
 * What makes Remix load `path` as a whole document instead of failing its data fetch: the
 * single-fetch redirect with `reload` (the turbo-stream Remix's server writes for a loader's
 * or an action's redirect), or the older `?_data=` headers. The worker then answers that
 * navigation from its copies.
 */
export function reloadDocumentResponse(url: URL, path: string, method = "GET"): Response {
  if (url.pathname.endsWith(".data")) {
    const redirect =
      `"redirect",${JSON.stringify(path)},"status",302,"revalidate",false,` +
      `"reload",true,"replace"]\n`;
    // A loader's answer wraps the redirect in Remix's SingleFetchRedirect type; an action's
    // is the bare object.
    const body =
      method === "GET"
        ? `[["SingleFetchRedirect",1],{"_2":3,"_4":5,"_6":7,"_8":9,"_10":7},${redirect}`
        : `[{"_1":2,"_3":4,"_5":6,"_7":8,"_9":6},${redirect}`;
    return new Response(body, { status: 202, headers: { "Content-Type": "text/x-script" } });
  }
  return new Response(null, {
    status: 204,
    headers: { "X-Remix-Redirect": path, "X-Remix-Reload-Document": "true" },
  });
}
