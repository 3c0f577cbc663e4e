/**
 * The production (and `remix dev`) server: Express serving the Remix build.
 * We run our own small server instead of `remix-serve` because Qhatu must migrate its
 * database and load demo data *before* it listens, and later runs its background work
 * (outbox, hold expiry) in this same process.
 */
import path from "node:path";
import url from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";

installGlobals();

const BUILD_PATH = path.resolve("build/index.js");
const build = await import(url.pathToFileURL(BUILD_PATH).href);

// Migrations and first-start seeding, exported from app/entry.server.tsx.
build.entry.module.startApp();

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY === "1") app.set("trust proxy", true);
app.use(compression());

// Fingerprinted assets never change: cache them for a year.
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));

app.all(
  "*",
  createRequestHandler({
    build,
    mode: build.mode,
    getLoadContext: (req) => ({ clientIp: req.ip ?? "" }),
  }),
);

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
