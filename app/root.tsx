import {
  json,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "./infra/translate";
import { AppHeader } from "./ui/AppHeader";
import { ErrorMessage } from "./ui/ErrorMessage";
import { useRequestInfo, type QhatuLoadContext } from "./infra/request-context";
import { isCoordinatorSection, isServerOnlySection } from "./locales/sections";
import { takeFlash } from "./infra/flash.server";
import { getLocale } from "./infra/i18n.server";
import { getDefaultMarket } from "./features/market-days/markets.server";
import { readVisitor } from "./features/access/visitor.server";
import { SW_REGISTRATION_SCRIPT } from "./infra/sw-registration";
import styles from "./styles/app.css";

// Error pages have no loader data of their own: keep at least the product's name as title.
export const meta: MetaFunction = ({ error }) => (error ? [{ title: "Qhatu" }] : []);

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "manifest", href: "/manifest.webmanifest" },
  { rel: "apple-touch-icon", href: "/icons/apple-touch-icon.png" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // The page cache renders with a stand-in visitor and fills in the name per request.
  const shell = (context as QhatuLoadContext).visitor;
  const [{ visitor, setCookie }, locale, { flash, clear }] = await Promise.all([
    shell ? { visitor: shell, setCookie: null } : readVisitor(request),
    getLocale(request),
    takeFlash(request),
  ]);
  const market = getDefaultMarket();
  const { firstName, ...header } = visitor;
  const data = {
    locale,
    marketName: market?.name ?? null,
    user: firstName === null ? null : { firstName },
    ...header,
    flash,
  };
  const headers = new Headers();
  if (setCookie) headers.append("Set-Cookie", setCookie);
  if (clear) headers.append("Set-Cookie", clear);
  return json(data, { headers });
}

export type RootData = ReturnType<typeof useRootData>;
export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

/** The page's translations, inline, so the browser hydrates in the same language at once. */
function InlineTranslations({ nonce }: { nonce?: string }) {
  const { i18n } = useTranslation();
  const forCoordinator = useMatches().some((m) => m.id.startsWith("routes/coordinacion"));
  const lng = i18n.language;
  const all = i18n.resources;
  // Consumers' pages do not carry the coordinator's strings: less to download on prepaid data.
  const translation = Object.fromEntries(
    Object.entries(all).filter(
      ([key]) => !isServerOnlySection(key) && (forCoordinator || !isCoordinatorSection(key)),
    ),
  );
  const payload = JSON.stringify({ lng, translation }).replace(/</g, "\\u003c");
  return (
    <script
      nonce={nonce}
      suppressHydrationWarning
      dangerouslySetInnerHTML={{ __html: `window.__i18n=${payload}` }}
    />
  );
}

/**
 * Pages whose every action is a plain form can skip JavaScript altogether
 * (`export const handle = { hydrate: false }`; a child route may say `true` again): the basket, checkout and order pages weigh a
 * few kilobytes instead of ~100 KB, which matters on prepaid data.
 */
function useHydrate() {
  // The deepest route that says wins: the coordinator's area is plain forms, but its pickup
  // desk turns JavaScript back on for the camera scanner and the live change.
  const said = useMatches()
    .map((m) => (m.handle as { hydrate?: boolean } | undefined)?.hydrate)
    .filter((h) => h !== undefined);
  return said.at(-1) ?? true;
}

export function Layout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const data = useRootData();
  const hydrate = useHydrate();
  const { nonce, requestId } = useRequestInfo();
  const location = useLocation();
  return (
    <html lang={i18n.language} data-request-id={requestId}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#1f5130" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("app.skipToContent")}
        </a>
        <AppHeader
          marketName={data?.marketName ?? null}
          firstName={data?.user?.firstName ?? null}
          cartCount={data?.cartCount ?? 0}
          coordinator={data?.coordinator ?? false}
        />
        {data?.pendingProducer ? (
          <p className="notice" role="status">
            {t("producer.pendingNotice")}
          </p>
        ) : null}
        {data?.flash ? (
          <p className="flash" role="status">
            {t(data.flash.key, data.flash.values)}
          </p>
        ) : null}
        <main id="main" className="main">
          {/* The service worker writes its offline banner and the outbox's notices in here
              (app/service-worker/html.ts). React leaves an element's inner HTML alone when it
              hydrates, and the next navigation (a new key) empties it. */}
          <div
            key={location.key}
            className="sw-notices"
            data-sw-notices=""
            suppressHydrationWarning
            dangerouslySetInnerHTML={{ __html: "" }}
          />
          {children}
        </main>
        <footer className="site-footer">
          <p>{t("app.footer")}</p>
        </footer>
        {/* The service worker's registration: the only script on pages without hydration. */}
        <script
          nonce={nonce}
          suppressHydrationWarning
          dangerouslySetInnerHTML={{ __html: SW_REGISTRATION_SCRIPT }}
        />
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <InlineTranslations nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorMessage />;
}
