/**
 * One structured line per request (method, path with query values hidden, status, duration,
 * request id) and every unexpected error with its stack and the same request id, which the
 * error page shows so a coordinator can quote it when reporting a problem.
 */
import type { NextFunction, Request, Response } from "express";
import { getTranslator } from "./i18n.server";
import { loggablePath, logger } from "./logger.server";
import { randomToken } from "./random-pool.server";

/** A request id a proxy may pass on (X-Request-Id), if it looks like one. */
const INCOMING_ID = /^[\w.-]{6,64}$/;

export function requestLog({ trustProxy }: { trustProxy: boolean }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const incoming = trustProxy ? req.get("X-Request-Id") : undefined;
    const id =
      incoming && INCOMING_ID.test(incoming) ? incoming : randomToken(6, "hex");
    res.locals.requestId = id;
    res.setHeader("X-Request-Id", id);
    res.once("close", () => {
      const status = res.headersSent ? res.statusCode : 499;
      // Fingerprinted assets and photos would drown the rest: logged only when they fail.
      if (status < 400 && /^\/(build|fotos)\//.test(req.path)) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = {
        reqId: id,
        method: req.method,
        path: loggablePath(req.originalUrl),
        status,
        ms: Math.round(ms * 10) / 10,
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      if (status >= 500) logger().error(line, "request failed");
      else logger().info(line, "request");
    });
    next();
  };
}

/**
 * The last resort for an error no route caught: logged with its stack, answered with a short
 * localized 500 that names the request id (no page render: rendering may be what failed).
 */
export function errorHandler() {
  return async (error: unknown, req: Request, res: Response, next: NextFunction) => {
    const reqId = (res.locals.requestId as string | undefined) ?? "-";
    logger().error({ reqId, err: error, path: loggablePath(req.originalUrl) }, "unhandled error");
    if (res.headersSent) return next(error);
    res
      .status(500)
      .type("text/plain; charset=utf-8")
      .send(await serverErrorText(req, reqId));
  };
}

/** The short localized text of a 500 that has no page: what happened and the request id. */
export async function serverErrorText(req: Request, reqId: string) {
  const t = await translatorFor(req);
  return `${t("errors.genericTitle")}\n${t("errors.genericBody")}\n${t("errors.requestId", { id: reqId })}\n`;
}

type Translate = (key: string, values?: Record<string, string>) => string;

/** The request's language from its cookie or Accept-Language; the keys themselves if that fails. */
async function translatorFor(req: Request): Promise<Translate> {
  try {
    const headers = new Headers();
    headers.set("cookie", req.get("Cookie") ?? "");
    headers.set("accept-language", req.get("Accept-Language") ?? "");
    const { t } = await getTranslator(new globalThis.Request("http://localhost/", { headers }));
    return (key, values) => String(t(key, values));
  } catch {
    return (key) => key;
  }
}
