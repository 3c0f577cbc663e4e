/**
 * The production (and `remix dev`) server: Express serving the Remix build.
 * We run our own small server instead of `remix-serve` because Qhatu must migrate its
 * database and load demo data *before* it listens, and later runs its background work
 * (outbox, hold expiry) in this same process.
 */
import fs from "node:fs";
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";

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

// Migrations and first-start seeding, exported from app/entry.server.tsx.
build.entry.module.startApp();

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY === "1") app.set("trust proxy", true);
app.use(compression());
app.use((_req, res, next) => {
  res.set({
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    // The pickup desk will scan QR codes with the camera; nothing needs location or microphone.
    "Permissions-Policy": "camera=(self), microphone=(), geolocation=()",
  });
  next();
});

// Fingerprinted assets never change: cache them for a year.
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));

app.all(
  "*",
  createRequestHandler({
    build: isDevelopment ? reloadedBuild : build,
    mode: build.mode,
    getLoadContext: (req) => ({ clientIp: req.ip ?? "" }),
  }),
);

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

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => {
  console.log(`Qhatu listening on http://localhost:${port}`);
  if (process.env.NODE_ENV === "development" && build.assets) {
    // Tells `remix dev` the app server is ready.
    import("@remix-run/dev")
      .then(({ broadcastDevReady }) => broadcastDevReady(build))
      .catch(() => {});
  }
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
