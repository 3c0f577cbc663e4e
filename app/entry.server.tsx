/**
 * Server rendering. Bots and crawlers get the whole document at once; people get it streamed.
 * Each request renders with its own i18next instance in the request's language.
 */
import { PassThrough } from "node:stream";
import type { ActionFunctionArgs, EntryContext, LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { createInstance, type i18n } from "i18next";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { TranslationProvider, type Translation } from "./infra/translate";
import { i18nConfig } from "./infra/i18n";
import { getLocale, resources } from "./infra/i18n.server";
import { loggablePath, logger } from "./infra/logger.server";
import { RequestContext, type QhatuLoadContext } from "./infra/request-context";

// What server.js uses from the bundle: start-up, the HTTP middleware, clean shutdown.
export { startApp } from "./infra/startup.server";
export { createHttpApp } from "./infra/http-app.server";
export { createShutdown } from "./infra/shutdown.server";
export { logger } from "./infra/logger.server";

/**
 * How long deferred data may stream before React gives up on it (single fetch reads this
 * export); the render itself is aborted a second later so its stream can close cleanly.
 */
export const streamTimeout = 5_000;

// One i18next instance per language, made once: rendering never changes an instance's
// language (switching reloads the page), so requests can share them.
const instances = new Map<string, Promise<i18n>>();
function i18nFor(locale: string): Promise<i18n> {
  let instance = instances.get(locale);
  if (!instance) {
    const created = createInstance();
    instance = created
      .init({ ...i18nConfig, lng: locale, resources, initImmediate: false })
      .then(() => created);
    instances.set(locale, instance);
  }
  return instance;
}

/**
 * Errors of loaders, actions and rendering (not thrown Responses): logged once, with the
 * request id the error page shows. Aborted requests (the client left) are not errors.
 */
export function handleError(
  error: unknown,
  { request, context }: LoaderFunctionArgs | ActionFunctionArgs,
) {
  if (request.signal.aborted) return;
  const { requestId } = (context ?? {}) as QhatuLoadContext;
  logger().error(
    { err: error, reqId: requestId, path: loggablePath(new URL(request.url).pathname) },
    "request error",
  );
}

/** What components read through useTranslation: i18next's own `t` for the instance's language. */
const translations = new WeakMap<i18n, Translation>();
function translationOf(instance: i18n): Translation {
  let translation = translations.get(instance);
  if (!translation) {
    translation = {
      t: instance.t.bind(instance) as Translation["t"],
      language: instance.language,
      resources: (instance.getResourceBundle(instance.language, "translation") ?? {}) as Record<
        string,
        unknown
      >,
    };
    translations.set(instance, translation);
  }
  return translation;
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext?: QhatuLoadContext,
) {
  const locale = await getLocale(request);
  const instance = await i18nFor(locale);
  const { nonce, requestId } = loadContext ?? {};

  const readyEvent = isbot(request.headers.get("user-agent")) ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RequestContext.Provider value={{ nonce, requestId }}>
        <TranslationProvider value={translationOf(instance)}>
          <RemixServer context={remixContext} url={request.url} nonce={nonce} />
        </TranslationProvider>
      </RequestContext.Provider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          // The service worker writes its notices in the page's language without reading it.
          responseHeaders.set("Content-Language", locale);
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors during the first render are reported by onShellError; log later ones.
          if (shellRendered) logger().error({ err: error, reqId: requestId }, "render error");
        },
      },
    );
    setTimeout(abort, streamTimeout + 1_000);
  });
}
