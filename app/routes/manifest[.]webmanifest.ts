/**
 * The web app manifest: what a phone needs to install Qhatu on its home screen. Names in the
 * visitor's language; colours from app.css (--green, --cream); icons from scripts/make-icons.ts.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getTranslator } from "../infra/i18n.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { t, locale } = await getTranslator(request);
  const manifest = {
    id: "/",
    lang: locale,
    name: t("offline.app.name"),
    short_name: t("offline.app.shortName"),
    description: t("offline.app.description"),
    start_url: "/",
    scope: "/",
    display: "standalone",
    theme_color: "#1f5130",
    background_color: "#fbf7ef",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      {
        src: "/icons/icon-maskable-512.png",
        sizes: "512x512",
        type: "image/png",
        purpose: "maskable",
      },
    ],
  };
  return new Response(JSON.stringify(manifest), {
    headers: {
      "Content-Type": "application/manifest+json; charset=utf-8",
      // Its language follows the visitor's choice (cookie) or browser.
      "Cache-Control": "no-cache",
      Vary: "Cookie, Accept-Language",
    },
  });
}
