// Bundles the service worker (app/service-worker/sw.ts) into public/sw.js, served at /sw.js.
// Part of `npm run build`, `demo`, `bench` and `test:e2e`; the output is git-ignored.
import { build } from "esbuild";

await build({
  entryPoints: ["app/service-worker/sw.ts"],
  outfile: "public/sw.js",
  bundle: true,
  format: "iife",
  minify: true,
  target: "chrome100",
  legalComments: "none",
  logLevel: "warning",
});
