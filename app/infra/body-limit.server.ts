/**
 * Request bodies are bounded while they arrive, with or without Content-Length: a body over its
 * route's cap is cut off at the cap (nothing more is read or kept in memory), the route that
 * reads it gets a BodyTooLargeError (turned into a localized 413 by app/lib/forms.server.ts),
 * and the connection is closed after the answer instead of reading the rest.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Transform, type Readable } from "node:stream";

/** Ordinary forms: the largest page of ours (a desk handover, a basket's contents) sends ~10 KB. */
export const FORM_BODY_LIMIT = 64 * 1024;
/** A phone photo of up to 10 MB plus the form's fields, a little over so it can be refused politely. */
export const PHOTO_BODY_LIMIT = 16 * 1024 * 1024;
/** Stripe's events are a few KB; its documented maximum payload is far below this. */
export const WEBHOOK_BODY_LIMIT = 512 * 1024;

/** The routes whose forms carry a photo (those that read it with readFormWithPhoto). */
export const PHOTO_FORM_PATHS = [
  /^\/productor\/productos\/?$/,
  /^\/coordinacion\/canastas\/[^/]+\/?$/,
  // A Yape/Plin proof may carry a screenshot (app/features/wallet/order-wallet.server.ts).
  /^\/pedidos\/[^/]+\/?$/,
  // The market's Yape/Plin QR image (app/routes/coordinacion.pagos.yape.tsx).
  /^\/coordinacion\/pagos\/yape\/?$/,
];

const MARKER = "qhatu-body-too-large";

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`${MARKER}: request body over ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/**
 * True for the error a cut-off body gives its reader. The fetch polyfill wraps stream errors
 * in its own FetchError (keeping the message), so the message is checked, through causes too.
 */
export function isBodyTooLarge(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current.name === "BodyTooLargeError" || current.message.includes(MARKER)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The cap for a request's body, by its path. */
export function bodyLimitFor(pathname: string): number {
  if (pathname.startsWith("/webhooks/")) return WEBHOOK_BODY_LIMIT;
  return PHOTO_FORM_PATHS.some((p) => p.test(pathname)) ? PHOTO_BODY_LIMIT : FORM_BODY_LIMIT;
}

/**
 * The request's body as a stream that ends in a BodyTooLargeError once `limit` bytes are
 * passed; with a declared Content-Length over the limit, at the first chunk.
 */
export function limitedBody(req: IncomingMessage, res: ServerResponse, limit: number): Readable {
  const declared = Number(req.headers["content-length"]);
  const declaredTooLarge = Number.isFinite(declared) && declared > limit;
  let received = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (declaredTooLarge || received > limit) {
        stopReading(req, res, limiter);
        callback(new BodyTooLargeError(limit));
      } else {
        callback(null, chunk);
      }
    },
  });
  req.on("error", (error) => limiter.destroy(error));
  // Answered before the body was all read (a redirect to log in, a refusal): hang up rather
  // than leave the sender holding a half-read connection open.
  res.once("finish", () => {
    if (!req.complete) stopReading(req, res, limiter);
  });
  // A stream error nobody reads (a route that ignores its body) must not crash the process.
  limiter.on("error", () => {});
  req.pipe(limiter);
  return limiter;
}

const stopped = new WeakSet<IncomingMessage>();

/** How long a cut-off connection stays half-open so the client can read our answer. */
const LINGER_MS = 2000;

/**
 * Stops reading a body that went over its cap: nothing more is read (TCP flow control holds
 * the sender back), the answer goes out, then we hang up. Closing at once could reset the
 * connection before the client has read the 413, and reading the rest, even to discard it,
 * is what an attacker sending 100 MB wants us to do.
 */
function stopReading(req: IncomingMessage, res: ServerResponse, limiter: Transform) {
  if (stopped.has(req)) return;
  stopped.add(req);
  req.unpipe(limiter);
  req.pause();
  const hangUp = () => {
    req.socket.end();
    setTimeout(() => req.socket.destroy(), LINGER_MS).unref();
  };
  if (res.writableFinished) hangUp();
  else res.once("finish", hangUp);
}
