/**
 * Express → Remix, as @remix-run/express does it, with two differences that matter here: the
 * request body reaches Remix through the cap of body-limit.server.ts (so no route can be made
 * to buffer 100 MB), and a redirect target with characters a header cannot carry is
 * percent-encoded instead of failing the response with a 500.
 */
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import {
  createReadableStreamFromReadable,
  createRequestHandler as createRemixHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import { bodyLimitFor, limitedBody } from "./body-limit.server";
import { serverErrorText } from "./request-log.server";

export function createRequestHandler({
  build,
  mode,
  getLoadContext,
}: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode?: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}) {
  const handle = createRemixHandler(build, mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const request = toRemixRequest(req, res);
      const response = await handle(request, getLoadContext(req, res));
      if (response.status >= 500 && !response.headers.get("Content-Type")?.includes("html")) {
        // A resource route's failure is Remix's bare "Unexpected Server Error": say it in
        // the person's language, with the request id (the error is logged by entry.server).
        res.status(response.status).type("text/plain; charset=utf-8");
        res.send(await serverErrorText(req, String(res.locals.requestId ?? "-")));
        return;
      }
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

function toRemixRequest(req: ExpressRequest, res: ExpressResponse): Request {
  // req.hostname honours "trust proxy"; the port comes from the Host the client used.
  const port = Number.parseInt(req.get("host")?.split(":")[1] ?? "", 10);
  const host = `${req.hostname}${Number.isSafeInteger(port) ? `:${port}` : ""}`;
  const url = new URL(`${req.protocol}://${host}${req.originalUrl}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  // Loaders and actions stop when the client goes away before the answer is written.
  let controller: AbortController | null = new AbortController();
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const init: RequestInit & { duplex?: "half" } = {
    method: req.method,
    headers,
    signal: controller.signal,
  };
  if (req.method !== "GET" && req.method !== "HEAD") {
    const body = limitedBody(req, res, bodyLimitFor(url.pathname));
    init.body = createReadableStreamFromReadable(body);
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

/** Anything outside printable ASCII in a Location header, percent-encoded as UTF-8. */
export function headerSafeLocation(location: string): string {
  return location.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
}

export const PAGE_CACHE_CONTROL = "private, no-cache";

async function sendRemixResponse(res: ExpressResponse, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) {
    res.append(name, name === "location" ? headerSafeLocation(value) : value);
  }
  // Pages carry who is asking (name, cart): no shared cache may keep them unless a route says.
  if (!response.headers.has("cache-control")) res.setHeader("Cache-Control", PAGE_CACHE_CONTROL);
  if (response.body) {
    await writeReadableStreamToWritable(response.body, res);
  } else {
    res.end();
  }
}
