/**
 * What the worker keeps in Cache Storage. Bumping VERSION drops every older cache on the next
 * activation (a changed page format or asset list must not mix with the old one).
 */
import { buildAssetsOf, isCacheablePage } from "./html";

const VERSION = "v1";
export const PAGES = `qhatu-pages-${VERSION}`;
export const ASSETS = `qhatu-assets-${VERSION}`;
export const PHOTOS = `qhatu-photos-${VERSION}`;
const CURRENT = [PAGES, ASSETS, PHOTOS];

/** Pages kept at most; the oldest go first (a family needs a handful, a producer a few dozen). */
export const MAX_PAGES = 80;
/** Product photos kept at most (each some tens of kilobytes). */
export const MAX_PHOTOS = 120;

/** When the worker stored a page: the banner's "datos de las HH:MM". */
const SAVED_AT = "X-Qhatu-Saved-At";

/** Deletes the caches of older worker versions. */
export async function dropOldCaches() {
  for (const name of await caches.keys()) {
    if (name.startsWith("qhatu-") && !CURRENT.includes(name)) await caches.delete(name);
  }
}

/**
 * Keeps a page (if it may be kept) and the fingerprinted CSS and JavaScript it links to: the
 * first page a phone opens was fetched before the worker ran, and must still look right offline.
 */
export async function keepPage(url: string, response: Response) {
  if (!isCacheablePage(response)) return;
  const html = await response.text();
  const headers = new Headers(response.headers);
  headers.set(SAVED_AT, new Date().toISOString());
  // The stored body is already decoded.
  headers.delete("Content-Encoding");
  headers.delete("Content-Length");
  const pages = await caches.open(PAGES);
  // Delete first so that a page seen again moves to the newest end of the order.
  await pages.delete(url);
  await pages.put(url, new Response(html, { status: 200, headers }));
  await trim(pages, MAX_PAGES);
  await keepAssets(buildAssetsOf(html));
}

/** Fetches and keeps the assets not kept yet (they are fingerprinted: a kept one never changes). */
export async function keepAssets(paths: readonly string[]) {
  const assets = await caches.open(ASSETS);
  for (const path of paths) {
    if (await assets.match(path)) continue;
    try {
      const response = await fetch(path);
      if (response.ok) await assets.put(path, response);
    } catch {
      // Offline again: the next page view tries once more.
    }
  }
}

/** Drops the oldest entries beyond `max`. */
export async function trim(cache: Cache, max: number) {
  const keys = await cache.keys();
  for (const request of keys.slice(0, Math.max(0, keys.length - max))) await cache.delete(request);
}

/** A kept page and when it was stored. */
export async function keptPage(request: Request | string) {
  const response = await (await caches.open(PAGES)).match(request);
  if (!response) return null;
  const savedAt = new Date(response.headers.get(SAVED_AT) ?? response.headers.get("Date") ?? 0);
  return { response, savedAt };
}

export async function keptPageUrls(): Promise<string[]> {
  return (await (await caches.open(PAGES)).keys()).map((r) => r.url);
}

/** Forgets every kept page (a new person signed in on this device). */
export async function dropPages() {
  await caches.delete(PAGES);
}

/** Logging out: every cache, and every `qhatu-*` IndexedDB database (desk, outbox). */
export async function clearDevice() {
  for (const name of await caches.keys()) await caches.delete(name);
  const databases = (await indexedDB.databases?.()) ?? [];
  for (const { name } of databases) {
    // Not awaited: a page holding a connection open delays the deletion until it closes.
    if (name?.startsWith("qhatu-")) indexedDB.deleteDatabase(name);
  }
}
