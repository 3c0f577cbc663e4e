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
import { createMicroCache } from "./micro-cache.js";
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

// Parses the environment, applies migrations and seeds a first start (app/startup.server.ts,
// exported from app/entry.server.tsx so it runs inside the same bundle as the app).
const config = build.entry.module.startApp();

const app = express();
app.disable("x-powered-by");
// Trust exactly one proxy hop: the client cannot choose its IP with its own X-Forwarded-For.
if (config.trustProxy) app.set("trust proxy", 1);
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

// A Host header that is not a host (e.g. "[") would make every URL built from it throw.
app.use((req, res, next) => {
  try {
    new URL(`http://${req.get("Host") ?? "localhost"}`);
  } catch {
    return res.status(400).type("text/plain").send("Bad Host header");
  }
  next();
});

// Forms from other sites are refused (on top of SameSite=Lax cookies): this stops login CSRF,
// where a hostile page logs a person into the attacker's account.
app.use((req, res, next) => {
  const origin = req.get("Origin");
  if (req.method !== "GET" && req.method !== "HEAD" && origin) {
    let sameHost = false;
    try {
      // "null" (sandboxed frames, opaque origins) fails to parse and is refused too.
      sameHost = new URL(origin).host === req.get("Host");
    } catch {
      sameHost = false;
    }
    if (!sameHost)
      return res
        .status(403)
        .type("text/plain")
        .send("Cross-site form submissions are not accepted.");
  }
  next();
});

// Fingerprinted assets never change: cache them for a year.
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
// Uploaded photos are named after their content (app/models/photos.server.ts): cache forever.
app.use(
  "/fotos",
  express.static(config.photoDirectory, {
    immutable: true,
    maxAge: "1y",
    index: false,
    fallthrough: false,
  }),
);
// The few other public files, by name, so that page requests skip a disk lookup.
for (const file of ["favicon.svg", "robots.txt"]) {
  app.get(`/${file}`, (_req, res) => res.sendFile(path.resolve("public", file), { maxAge: "1h" }));
}

if (!isDevelopment) app.use(createMicroCache(build, { ttlMs: config.catalogueCacheMs }));

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

const server = app.listen(config.port, () => {
  console.log(`Qhatu listening on http://localhost:${config.port}`);
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
