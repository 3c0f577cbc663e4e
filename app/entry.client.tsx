/**
 * Hydration. The translations of the page's language arrive inline in the document (see
 * root.tsx), so no extra request is made for them on a slow connection.
 */
import { RemixBrowser } from "@remix-run/react";
import i18next from "i18next";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nConfig } from "./infra/i18n";
import { RequestContext } from "./infra/request-context";

declare global {
  interface Window {
    __i18n?: { lng: string; translation: Record<string, unknown> };
  }
}

// The id of the request that rendered this document, for its error page (root.tsx).
const requestId = document.documentElement.dataset.requestId;
const inline = window.__i18n ?? { lng: document.documentElement.lang || "es", translation: {} };

void i18next
  .use(initReactI18next)
  .init({
    ...i18nConfig,
    lng: inline.lng,
    resources: { [inline.lng]: { translation: inline.translation } },
    initImmediate: false,
  })
  .then(() => {
    startTransition(() => {
      hydrateRoot(
        document,
        <RequestContext.Provider value={{ requestId }}>
          <I18nextProvider i18n={i18next}>
            <StrictMode>
              <RemixBrowser />
            </StrictMode>
          </I18nextProvider>
        </RequestContext.Provider>,
      );
    });
  });
