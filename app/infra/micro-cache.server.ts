/**
 * A two-second cache of the public pages (/, /feria, a producer's page): in the rush before
 * the cutoff most requests are exactly these, and rendering a page once per language, address
 * and kind of visitor every two seconds instead of once per request is what lets one small
 * server carry the market. Units left may be two seconds old; checkout checks stock for real,
 * so nothing can be oversold through a cached page.
 *
 * Signed-in families and visitors with a cart are served from it too (not producers and
 * coordinators: they change what these pages show and must see it at once). The only personal part
 * of these pages is the header (app/features/access/visitor.server.ts): the page is rendered
 * once per kind of visitor (signed in or not, coordinator, producer awaiting approval, how many
 * kinds of things in the cart) with a stand-in name, and each response fills in its visitor's
 * first name and its own request id (app/infra/page-template.server.ts). A name that could read
 * differently in HTML and in the page's data, and any request carrying a flash message or a
 * cookie we do not know, is rendered fresh by Remix as before.
 *
 * A shared page cannot carry a per-response CSP nonce, so it is rendered without one and its
 * inline scripts are allowed by their hashes (security-headers.server.ts).
 */
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response } from "express";
import {
  ANONYMOUS_VISITOR,
  readVisitor,
  type VisitorHeader,
} from "../features/access/visitor.server";
import {
  fillsHoleAsIs,
  fillTemplate,
  HOLES,
  makeTemplate,
  type PageTemplate,
} from "./page-template.server";
import { PAGE_CACHE_CONTROL } from "./remix-handler.server";
import type { QhatuLoadContext } from "./request-context";
import { withScriptHashes } from "./security-headers.server";

// The pages, and their single-fetch data for navigations in the browser ("/feria.data", and
// "/_root.data" for the home page).
const CACHEABLE_PATH = /^\/(?:_root|feria(?:\/[0-9-]+)?|productores\/[a-z0-9-]+)?(?:\.data)?$/;
const LANGUAGE_COOKIE = "qhatu_lng";
// What readVisitor reads. The data of a navigation (".data") is cached for anonymous visitors
// only: it is small, and a signed-in browser asks for it after its own changes.
const VISITOR_COOKIES = new Set(["qhatu_session", "qhatu_basket", "qhatu_canastas"]);

type Entry = {
  status: number;
  headers: [string, string][];
  template: PageTemplate;
  expires: number;
};

/** The request's cookies by name, or null when one is neither the language nor the visitor's. */
function knownCookies(header: string): Map<string, string> | null {
  const cookies = new Map<string, string>();
  for (const pair of header.split(";")) {
    if (!pair.trim()) continue;
    const at = pair.indexOf("=");
    const name = (at < 0 ? pair : pair.slice(0, at)).trim();
    if (name !== LANGUAGE_COOKIE && !VISITOR_COOKIES.has(name)) return null;
    cookies.set(name, at < 0 ? "" : pair.slice(at + 1).trim());
  }
  return cookies;
}

/** Everything of the visitor that changes the page besides the name. */
function kindOf(visitor: VisitorHeader): string {
  return [
    visitor.firstName === null ? "anon" : "user",
    visitor.coordinator ? "coord" : "",
    visitor.pendingProducer ? "pending" : "",
    visitor.cartCount,
  ].join(":");
}

export function createMicroCache(
  build: ServerBuild,
  { ttlMs = 2000, maxEntries = 500 }: { ttlMs?: number; maxEntries?: number } = {},
) {
  const handle = createRequestHandler(build, build.mode);
  const entries = new Map<string, Entry>();

  /** Renders the page through Remix for this kind of visitor; kept when a plain 200 without cookies. */
  async function render(req: ExpressRequest, key: string, visitor: VisitorHeader, now: number) {
    // The page's own links are relative: the host only has to be well formed, never trusted.
    const url = new URL(req.originalUrl, "http://localhost");
    const headers = new Headers();
    for (const name of ["accept-language", "user-agent"]) {
      const value = req.get(name);
      if (value) headers.set(name, value);
    }
    const language = knownCookies(req.get("Cookie") ?? "")?.get(LANGUAGE_COOKIE);
    if (language !== undefined) headers.set("cookie", `${LANGUAGE_COOKIE}=${language}`);
    const context: QhatuLoadContext = {
      requestId: HOLES.requestId,
      visitor: { ...visitor, firstName: visitor.firstName === null ? null : HOLES.firstName },
    };
    const response = await handle(new Request(url, { headers }), context);
    const entry: Entry = {
      status: response.status,
      headers: [...response.headers],
      template: makeTemplate(await response.text()),
      expires: now + ttlMs,
    };
    if (response.status === 200 && !response.headers.has("set-cookie")) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, entry);
    }
    return entry;
  }

  /** The visitor a cached page can serve, or null when Remix must render this request. */
  async function visitorFor(req: ExpressRequest, cookies: Map<string, string>) {
    const personal = [...cookies.keys()].some((name) => VISITOR_COOKIES.has(name));
    if (!personal) return { visitor: ANONYMOUS_VISITOR, setCookie: null, editsCatalogue: false };
    if (req.path.endsWith(".data")) return null;
    const found = await readVisitor(
      new Request("http://localhost/", { headers: { cookie: req.get("Cookie") ?? "" } }),
    );
    const name = found.visitor.firstName;
    if (found.editsCatalogue) return null;
    return name === null || fillsHoleAsIs(name) ? found : null;
  }

  return async function microCache(req: ExpressRequest, res: Response, next: NextFunction) {
    if (ttlMs <= 0 || req.method !== "GET" || !CACHEABLE_PATH.test(req.path)) return next();
    const cookies = knownCookies(req.get("Cookie") ?? "");
    if (!cookies) return next();
    let entry: Entry;
    let found: Awaited<ReturnType<typeof visitorFor>>;
    try {
      found = await visitorFor(req, cookies);
      if (!found) return next();
      const key = [
        req.originalUrl,
        cookies.get(LANGUAGE_COOKIE) ?? "",
        req.get("Accept-Language") ?? "",
        kindOf(found.visitor),
      ].join("|");
      const now = Date.now();
      const cached = entries.get(key);
      entry = cached && cached.expires > now ? cached : await render(req, key, found.visitor, now);
    } catch (error) {
      return next(error);
    }
    const gzip = req.acceptsEncodings("gzip") === "gzip";
    const { body, scriptHashes } = fillTemplate(
      entry.template,
      { firstName: found.visitor.firstName ?? "", requestId: res.locals.requestId as string },
      { gzip },
    );
    res.status(entry.status);
    for (const [name, value] of entry.headers) res.setHeader(name, value);
    const policy = res.getHeader("Content-Security-Policy");
    if (typeof policy === "string") {
      res.setHeader("Content-Security-Policy", withScriptHashes(policy, scriptHashes));
    }
    if (found.setCookie) res.setHeader("Set-Cookie", found.setCookie);
    // As Remix's own responses (remix-handler.server.ts): the browser's to keep, not a proxy's.
    res.setHeader("Cache-Control", PAGE_CACHE_CONTROL);
    res.setHeader("Vary", "Cookie, Accept-Language, Accept-Encoding");
    if (gzip) res.setHeader("Content-Encoding", "gzip");
    res.end(body);
  };
}
