/**
 * Hydration. The translations of the page's language arrive inline in the document (see
 * root.tsx), so no extra request is made for them on a slow connection; a small translator
 * (infra/translate.tsx) reads them instead of shipping i18next to the browser.
 */
import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { RequestContext } from "./infra/request-context";
import { makeTranslate, TranslationProvider } from "./infra/translate";

declare global {
  interface Window {
    __i18n?: { lng: string; translation: Record<string, unknown> };
  }
}

// The id of the request that rendered this document, for its error page (root.tsx).
const requestId = document.documentElement.dataset.requestId;
const inline = window.__i18n ?? { lng: document.documentElement.lang || "es", translation: {} };
const translation = {
  t: makeTranslate(inline.lng, inline.translation),
  language: inline.lng,
  resources: inline.translation,
};

startTransition(() => {
  hydrateRoot(
    document,
    <RequestContext.Provider value={{ requestId }}>
      <TranslationProvider value={translation}>
        <StrictMode>
          <RemixBrowser />
        </StrictMode>
      </TranslationProvider>
    </RequestContext.Provider>,
  );
});
