/**
 * Qhatu's service worker (bundled to public/sw.js by scripts/build-sw.js). Hand-written: the
 * whole policy is "pages network-first with a marked fallback, fingerprinted files
 * cache-first", plus the app's own rules (banner in the page's language, clearing on logout,
 * handing posts to the outbox) that a library's strategies would not cover anyway. Workbox's
 * build tooling would add a dependency tree and a precache manifest step for less than this.
 */
import { fileResponse } from "./assets";
import { isDataRequest } from "./html";
import { flushOutbox } from "./outbox";
import { dataFetch, formPost, pageNavigation } from "./pages";
import { isAccountPost } from "./account";
import { dropOldCaches, keepPage } from "./storage";
import { worker } from "./types";

worker.addEventListener("install", () => {
  // A new version takes over at once: its caches are versioned, and pages are network-first.
  void worker.skipWaiting();
});

worker.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      await dropOldCaches();
      await worker.clients.claim();
      await keepOpenPages();
    })(),
  );
});

/** The pages open before the worker ran were fetched without it: keep them now. */
async function keepOpenPages() {
  const windows = await worker.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const { url } of windows) {
    if (new URL(url).origin !== worker.location.origin) continue;
    try {
      await keepPage(url, await fetch(url, { credentials: "same-origin" }));
    } catch {
      // Offline already: nothing to keep.
    }
  }
}

worker.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin || url.pathname === "/sw.js") return;
  if (request.method === "POST") {
    if (
      request.mode === "navigate" ||
      isAccountPost(url) ||
      (isDataRequest(url) && !ownOfflineHandling(url))
    ) {
      event.respondWith(formPost(event));
    }
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(pageNavigation(event));
    return;
  }
  if (isDataRequest(url)) {
    event.respondWith(dataFetch(event));
    return;
  }
  const file = fileResponse(request, url);
  if (file) event.respondWith(file);
});

/**
 * The pickup desk works offline in its own page (IndexedDB, its own sync): a failed post there
 * is the desk's to handle, not a reason to reload the page.
 */
function ownOfflineHandling(url: URL) {
  return url.pathname.startsWith("/coordinacion/recojo");
}

// The page says when the signal is back (its window's "online" event); Background Sync, where
// the browser has it, says so even with no page open.
worker.addEventListener("message", (event) => {
  if (event.data === "online") event.waitUntil(flushOutbox());
});

worker.addEventListener("sync", (event) => {
  if (event.tag === "outbox") event.waitUntil(flushOutbox());
});
