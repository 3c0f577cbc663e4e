/**
 * The HTTP server's middleware, in the order a request meets it: request id and log line,
 * shutdown refusal, security headers, sanity checks (Host, cross-site forms), the catalogue's
 * page cache, compression, static files, then Remix with bounded request bodies.
 * server.js only starts it; everything here is bundled with the app and typed.
 */
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { createMicroCache } from "./micro-cache.server";
import { createRequestHandler } from "./remix-handler.server";
import { errorHandler, requestLog } from "./request-log.server";
import { assignNonce, securityHeaders, stripeFormTargets } from "./security-headers.server";
import type { QhatuLoadContext } from "./request-context";

export type HttpAppOptions = {
  build: ServerBuild;
  /** In development, the latest build after each rebuild. */
  reloadBuild?: () => Promise<ServerBuild>;
  /** Production: Strict-Transport-Security. */
  production: boolean;
  /** The anonymous catalogue cache (off in development, where pages change as code does). */
  cacheCatalogue: boolean;
  trustProxy: boolean;
  catalogueCacheMs: number;
  photoDirectory: string;
  stripeApiUrl?: string;
  refuseWhenStopping: (req: Request, res: Response, next: NextFunction) => void;
};

export function createHttpApp(options: HttpAppOptions) {
  const app = express();
  app.disable("x-powered-by");
  // Trust exactly one proxy hop: the client cannot choose its IP with its own X-Forwarded-For.
  if (options.trustProxy) app.set("trust proxy", 1);
  app.use(requestLog({ trustProxy: options.trustProxy }));
  app.use(options.refuseWhenStopping);
  app.use((_req, res, next) => {
    assignNonce(res);
    // The pickup desk scans QR codes with the camera; nothing needs location or microphone.
    res.setHeader("Permissions-Policy", "camera=(self), microphone=(), geolocation=()");
    next();
  });
  app.use(
    securityHeaders({
      production: options.production,
      formTargets: stripeFormTargets(options.stripeApiUrl),
    }),
  );
  app.use(refuseBadHost);
  app.use(refuseCrossSiteForms);

  // Before compression: the cache keeps its pages gzipped already, and compression's wrapping
  // of every response cost about a seventh of a cached page's CPU.
  if (options.cacheCatalogue) {
    app.use(createMicroCache(options.build, { ttlMs: options.catalogueCacheMs }));
  }
  app.use(compression());

  // Fingerprinted assets never change: cache them for a year.
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  // Uploaded photos are named after their content (app/features/producers/photos.server.ts): cache forever.
  app.use(
    "/fotos",
    express.static(options.photoDirectory, {
      immutable: true,
      maxAge: "1y",
      index: false,
      fallthrough: false,
    }),
  );
  // The service worker: revalidated on every check so an update reaches phones at once.
  app.get("/sw.js", (_req, res, next) => {
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(path.resolve("public", "sw.js"), { cacheControl: false }, (error) => {
      if (error) next();
    });
  });
  // The installed app's icons (public/icons, made by scripts/make-icons.ts).
  app.use(
    "/icons",
    express.static("public/icons", { maxAge: "1d", index: false, fallthrough: false }),
  );
  // The few other public files, by name, so that page requests skip a disk lookup.
  for (const file of ["favicon.svg", "robots.txt"]) {
    app.get(`/${file}`, (_req, res) =>
      res.sendFile(path.resolve("public", file), { maxAge: "1h" }),
    );
  }

  app.all(
    "*",
    createRequestHandler({
      build: options.reloadBuild ?? options.build,
      mode: options.build.mode,
      getLoadContext: (req, res): QhatuLoadContext => ({
        clientIp: req.ip ?? "",
        requestId: res.locals.requestId as string,
        nonce: res.locals.nonce as string,
      }),
    }),
  );
  app.use(errorHandler());
  return app;
}

/** A Host header that is not a host (e.g. "[") would make every URL built from it throw. */
function refuseBadHost(req: Request, res: Response, next: NextFunction) {
  try {
    new URL(`http://${req.get("Host") ?? "localhost"}`);
  } catch {
    res.status(400).type("text/plain").send("Bad Host header");
    return;
  }
  next();
}

/**
 * Forms from other sites are refused (on top of SameSite=Lax cookies): this stops login CSRF,
 * where a hostile page logs a person into the attacker's account.
 */
function refuseCrossSiteForms(req: Request, res: Response, next: NextFunction) {
  const origin = req.get("Origin");
  if (req.method !== "GET" && req.method !== "HEAD" && origin) {
    let sameHost = false;
    try {
      // "null" (sandboxed frames, opaque origins) fails to parse and is refused too.
      sameHost = new URL(origin).host === req.get("Host");
    } catch {
      sameHost = false;
    }
    if (!sameHost) {
      res.status(403).type("text/plain").send("Cross-site form submissions are not accepted.");
      return;
    }
  }
  next();
}
