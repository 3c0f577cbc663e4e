/**
 * The production (and `remix dev`) server. We run our own instead of `remix-serve` because
 * Qhatu must migrate its database and load demo data *before* it listens, runs its background
 * work in this same process, and stops cleanly on SIGTERM. The middleware itself lives in the
 * app bundle (app/infra/http-app.server.ts), typed and tested with the rest.
 */
import fs from "node:fs";
import path from "node:path";
import url from "node:url";
import { installGlobals } from "@remix-run/node";

installGlobals();

const BUILD_PATH = path.resolve("build/index.js");
const isDevelopment = process.env.NODE_ENV === "development";

/** Imports the server build; in development a fresh copy after each rebuild. */
async function importBuild() {
  const version = fs.statSync(BUILD_PATH).mtimeMs;
  return { version, build: await import(`${url.pathToFileURL(BUILD_PATH).href}?v=${version}`) };
}

let current = await importBuild();
const build = current.build;
const { startApp, createHttpApp, createShutdown, logger } = build.entry.module;

// Parses the environment, applies migrations and seeds a first start (app/infra/startup.server.ts).
const config = startApp();
const shutdown = createShutdown({ stopApp: config.stop });

const app = createHttpApp({
  build,
  reloadBuild: isDevelopment ? reloadedBuild : undefined,
  production: config.production,
  cacheCatalogue: !isDevelopment,
  trustProxy: config.trustProxy,
  catalogueCacheMs: config.catalogueCacheMs,
  photoDirectory: config.photoDirectory,
  stripeApiUrl: config.stripeApiUrl,
  refuseWhenStopping: shutdown.refuseWhenStopping,
});

/** `remix dev` rebuilds into build/: pick the new build up on the next request. */
async function reloadedBuild() {
  if (fs.statSync(BUILD_PATH).mtimeMs !== current.version) {
    current = await importBuild();
    await announceToRemixDev(current.build);
  }
  return current.build;
}

/** Under `remix dev` (which sets REMIX_DEV_ORIGIN), says the app server runs this build. */
async function announceToRemixDev(serverBuild) {
  if (!process.env.REMIX_DEV_ORIGIN) return;
  const { broadcastDevReady } = await import("@remix-run/dev");
  await broadcastDevReady(serverBuild);
}

const server = app.listen(config.port, () => {
  logger().info({ port: config.port }, `Qhatu listening on http://localhost:${config.port}`);
  if (isDevelopment) announceToRemixDev(build).catch(() => {});
});
shutdown.attach(server);
