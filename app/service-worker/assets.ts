/**
 * Files: fingerprinted /build assets and product photos are cache-first (their names change
 * when their content does); the icons, favicon and manifest go to the network first.
 */
import { ASSETS, MAX_PHOTOS, PHOTOS, trim } from "./storage";

export async function cacheFirst(request: Request, cacheName: string, max?: number) {
  const cache = await caches.open(cacheName);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
    if (max) await trim(cache, max);
  }
  return response;
}

export async function networkFirst(request: Request, cacheName: string) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request);
    if (kept) return kept;
    throw error;
  }
}

/** The file response for a GET the worker handles, or null to leave it to the browser. */
export function fileResponse(request: Request, url: URL): Promise<Response> | null {
  if (url.pathname.startsWith("/build/")) return cacheFirst(request, ASSETS);
  if (url.pathname.startsWith("/fotos/")) return cacheFirst(request, PHOTOS, MAX_PHOTOS);
  if (
    url.pathname.startsWith("/icons/") ||
    url.pathname === "/favicon.svg" ||
    url.pathname === "/manifest.webmanifest"
  ) {
    return networkFirst(request, ASSETS);
  }
  return null;
}
