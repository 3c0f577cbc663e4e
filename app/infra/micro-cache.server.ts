/**
 * A two-second cache of the public catalogue pages for people who are not logged in and have
 * no basket yet: in the rush before the cutoff most requests are exactly these, and rendering
 * the page once per language and address every two seconds instead of once per visitor is
 * what lets one small server carry the market. Units left may be two seconds old; checkout
 * checks stock for real, so nothing can be oversold through a cached page.
 *
 * A shared page cannot carry a per-response CSP nonce, so it is rendered without one and its
 * inline scripts are allowed by their hashes (security-headers.server.ts).
 */
import zlib from "node:zlib";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response } from "express";
import { inlineScriptHashes, withScriptHashes } from "./security-headers.server";

// The pages, and their single-fetch data for navigations in the browser ("/feria.data", and
// "/_root.data" for the home page).
const CACHEABLE_PATH = /^\/(?:_root|feria(?:\/[0-9-]+)?|productores\/[a-z0-9-]+)?(?:\.data)?$/;
// Only the language cookie may be present: anything else (session, basket, flash) is personal.
const ONLY_LANGUAGE_COOKIE = /^(\s*qhatu_lng=[^;]*;?\s*)?$/;

type Entry = {
  status: number;
  headers: [string, string][];
  body: Buffer;
  gzipped: Buffer;
  scriptHashes: string[];
  expires: number;
};

export function createMicroCache(
  build: ServerBuild,
  { ttlMs = 2000, maxEntries = 500 }: { ttlMs?: number; maxEntries?: number } = {},
) {
  const handle = createRequestHandler(build, build.mode);
  const entries = new Map<string, Entry>();

  /** Renders the page through Remix and keeps it when it is a plain 200 without cookies. */
  async function render(req: ExpressRequest, key: string, now: number): Promise<Entry> {
    // The page's own links are relative: the host only has to be well formed, never trusted.
    const url = new URL(req.originalUrl, "http://localhost");
    const headers = new Headers();
    for (const name of ["accept-language", "cookie", "user-agent"]) {
      const value = req.get(name);
      if (value) headers.set(name, value);
    }
    const response = await handle(new Request(url, { headers }));
    const body = Buffer.from(await response.arrayBuffer());
    // Compressed once here, not once per visitor by the compression middleware.
    const entry: Entry = {
      status: response.status,
      headers: [...response.headers],
      body,
      gzipped: zlib.gzipSync(body),
      scriptHashes: inlineScriptHashes(body.toString("utf8")),
      expires: now + ttlMs,
    };
    if (response.status === 200 && !response.headers.has("set-cookie")) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, entry);
    }
    return entry;
  }

  return async function microCache(req: ExpressRequest, res: Response, next: NextFunction) {
    if (
      ttlMs <= 0 ||
      req.method !== "GET" ||
      !CACHEABLE_PATH.test(req.path) ||
      !ONLY_LANGUAGE_COOKIE.test(req.get("Cookie") ?? "")
    ) {
      return next();
    }
    const key = `${req.originalUrl}|${req.get("Cookie") ?? ""}|${req.get("Accept-Language") ?? ""}`;
    const now = Date.now();
    let entry = entries.get(key);
    try {
      entry = !entry || entry.expires <= now ? await render(req, key, now) : entry;
    } catch (error) {
      return next(error);
    }
    res.status(entry.status);
    for (const [name, value] of entry.headers) res.setHeader(name, value);
    const policy = res.getHeader("Content-Security-Policy");
    if (typeof policy === "string") {
      res.setHeader("Content-Security-Policy", withScriptHashes(policy, entry.scriptHashes));
    }
    res.setHeader("Vary", "Cookie, Accept-Language, Accept-Encoding");
    if (req.acceptsEncodings("gzip")) {
      res.setHeader("Content-Encoding", "gzip");
      res.end(entry.gzipped);
    } else {
      res.end(entry.body);
    }
  };
}
