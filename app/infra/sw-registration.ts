/**
 * The one script every page carries, hydrated or not: it registers the service worker and
 * tells it when the signal is back so it sends what waits in the outbox. It is allowed by a
 * fixed CSP hash (security-headers.server.ts), so it must stay byte-for-byte this string.
 */
export const SW_REGISTRATION_SCRIPT =
  'if("serviceWorker"in navigator){navigator.serviceWorker.register("/sw.js");' +
  'addEventListener("online",function(){navigator.serviceWorker.ready.then(function(r){' +
  'r.active&&r.active.postMessage("online")})})}';
