/** Remix classic compiler (not Vite): ESM server bundle in build/, browser assets in public/build. */
/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    // v3_lazyRouteDiscovery stays off: with it, an untouched conform form sent after hydration
    // is held back without showing its errors (docs/decisions/2026-12-04-remix-v3-future-flags.md).
    v3_singleFetch: true,
  },
};
