/** The service worker's pure parts (app/service-worker/html.ts, notices.ts). */
import { describe, expect, it } from "vitest";
import {
  buildAssetsOf,
  injectAtMainTop,
  isCacheablePage,
  isDataRequest,
  limaClock,
  offlineBanner,
  offlinePage,
  pageLang,
  pageOfDataRequest,
  pickCachedKey,
  reloadDocumentResponse,
  savedOrdersOf,
  stylesheetsOf,
} from "../../app/service-worker/html";
import { langOf, say } from "../../app/service-worker/notices";

const page = (lang: string, main = "<h1>Pedido</h1>") =>
  `<!DOCTYPE html><html lang="${lang}" data-request-id="x"><head>` +
  `<link rel="stylesheet" href="/build/_assets/app-ABC.css"/>` +
  `<link rel="modulepreload" href="/build/entry.client-DEF.js"/></head><body>` +
  `<main id="main" class="main"><div class="sw-notices" data-sw-notices=""></div>${main}</main>` +
  `<script src="/build/manifest-123.js"></script></body></html>`;

describe("the time on the banner", () => {
  it("is the wall-clock time in Lima (UTC−5), 24-hour, whatever the device's zone", () => {
    expect(limaClock(new Date("2026-12-05T12:07:00Z"))).toBe("07:07");
    expect(limaClock(new Date("2026-12-05T04:30:00Z"))).toBe("23:30");
    expect(limaClock(new Date("2026-12-05T17:00:59Z"))).toBe("12:00");
  });
});

describe("which responses are kept", () => {
  const response = (status: number, headers: Record<string, string>, type = "basic") => ({
    status,
    type: type as ResponseType,
    headers: new Headers(headers),
  });
  it("keeps a 200 HTML page, private or not", () => {
    const html = { "Content-Type": "text/html; charset=utf-8" };
    expect(isCacheablePage(response(200, html))).toBe(true);
    expect(isCacheablePage(response(200, { ...html, "Cache-Control": "private, no-cache" }))).toBe(
      true,
    );
  });
  it("never keeps no-store, other statuses, redirects or other types", () => {
    const html = { "Content-Type": "text/html; charset=utf-8" };
    expect(isCacheablePage(response(200, { ...html, "Cache-Control": "no-store" }))).toBe(false);
    expect(isCacheablePage(response(200, { ...html, "Cache-Control": "private, no-store" }))).toBe(
      false,
    );
    expect(isCacheablePage(response(404, html))).toBe(false);
    expect(isCacheablePage(response(500, html))).toBe(false);
    expect(isCacheablePage(response(0, {}, "opaqueredirect"))).toBe(false);
    expect(isCacheablePage(response(200, { "Content-Type": "application/json" }))).toBe(false);
    expect(isCacheablePage(response(200, { "Content-Type": "text/csv" }))).toBe(false);
  });
});

describe("which kept copy answers an address", () => {
  const keys = [
    "https://q.pe/pedidos/ABC?pago=ok",
    "https://q.pe/feria?dia=1",
    "https://q.pe/pedidos/ABC",
    "https://q.pe/feria?dia=2",
  ];
  it("is the same URL first", () => {
    expect(pickCachedKey("https://q.pe/pedidos/ABC", keys)).toBe("https://q.pe/pedidos/ABC");
  });
  it("else the newest copy of the same path with another query", () => {
    expect(pickCachedKey("https://q.pe/feria", keys)).toBe("https://q.pe/feria?dia=2");
    expect(pickCachedKey("https://q.pe/pedidos/ABC?x=1", keys)).toBe("https://q.pe/pedidos/ABC");
  });
  it("else none: a different path is never a stand-in", () => {
    expect(pickCachedKey("https://q.pe/pedidos/ABD", keys)).toBeNull();
    expect(pickCachedKey("https://q.pe/pedidos", keys)).toBeNull();
  });
});

describe("the banner in a kept page", () => {
  const savedAt = new Date("2026-12-05T12:05:00Z");
  it("goes into the notices slot at the top of <main>, in the page's language", () => {
    const html = page("qu");
    const lang = pageLang(html)!;
    expect(lang).toBe("qu");
    const out = injectAtMainTop(html, offlineBanner(lang, savedAt));
    expect(out).toContain(
      '<div class="sw-notices" data-sw-notices=""><div class="notice offline-banner" role="status"',
    );
    expect(out).toContain("07:05");
    expect(out).toContain(say("qu", "banner", { time: "07:05" }));
    expect(out.indexOf("offline-banner")).toBeLessThan(out.indexOf("<h1>"));
  });
  it("reads “sin conexión — datos de las HH:MM” in Spanish and says so in English", () => {
    expect(offlineBanner("es", savedAt)).toContain("Sin conexión — datos de las 07:05");
    expect(offlineBanner("en", savedAt)).toContain("Offline — data from 07:05");
    expect(offlineBanner("es", savedAt, true)).toContain("Sin conexión: no se envió.");
  });
  it("goes right after <main> when a page has no slot, and after <body> with no <main>", () => {
    expect(injectAtMainTop('<body><main id="main">x</main>', "<p>B</p>")).toBe(
      '<body><main id="main"><p>B</p>x</main>',
    );
    expect(injectAtMainTop('<body class="a">x', "<p>B</p>")).toBe('<body class="a"><p>B</p>x');
    expect(injectAtMainTop("<body>x", "")).toBe("<body>x");
  });
});

describe("the offline page", () => {
  it("is a whole page in the language asked, with the app's stylesheet and a retry link", () => {
    const html = offlinePage({
      lang: "en",
      path: "/productor?x=<1>",
      stylesheets: stylesheetsOf(page("es")),
    });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<link rel="stylesheet" href="/build/_assets/app-ABC.css">');
    expect(html).toContain('<h1 id="offline-title">Offline</h1>');
    expect(html).toContain('href="/productor?x=&lt;1&gt;"');
    expect(html).not.toContain("<script");
  });
  it("on /pedidos lists the order pages on the device, newest first", () => {
    const orders = savedOrdersOf([
      "https://q.pe/pedidos/AAA",
      "https://q.pe/feria",
      "https://q.pe/pedidos/BBB?pago=ok",
      "https://q.pe/pedidos/AAA/otra",
    ]);
    expect(orders).toEqual([
      { path: "/pedidos/BBB", code: "BBB" },
      { path: "/pedidos/AAA", code: "AAA" },
    ]);
    const html = offlinePage({ lang: "es", path: "/pedidos", stylesheets: [], orders });
    expect(html).toContain('<a href="/pedidos/BBB">Pedido BBB</a>');
    expect(offlinePage({ lang: "es", path: "/pedidos", stylesheets: [], orders: [] })).toContain(
      "No hay pedidos guardados en este teléfono.",
    );
  });
});

describe("Remix's data fetches", () => {
  it("are told apart from pages and mapped back to their page", () => {
    const url = new URL("https://q.pe/feria/canastas/3.data?_routes=routes%2Ffoo");
    expect(isDataRequest(url)).toBe(true);
    expect(isDataRequest(new URL("https://q.pe/feria"))).toBe(false);
    expect(pageOfDataRequest(url)).toBe("/feria/canastas/3");
    expect(pageOfDataRequest(new URL("https://q.pe/_root.data"))).toBe("/");
    expect(pageOfDataRequest(new URL("https://q.pe/feria?_data=root&dia=2"))).toBe("/feria?dia=2");
  });
  it("offline, answer with a redirect that makes Remix load the whole document", async () => {
    const single = reloadDocumentResponse(new URL("https://q.pe/feria.data"), "/feria");
    expect(single.status).toBe(202);
    const body = JSON.parse(await single.text());
    expect(body).toContain("/feria");
    expect(body.slice(body.indexOf("reload"), body.indexOf("reload") + 2)).toEqual([
      "reload",
      true,
    ]);
    // An action's redirect is the bare object (no SingleFetchRedirect wrapper).
    const action = JSON.parse(
      await reloadDocumentResponse(new URL("https://q.pe/canasta.data"), "/feria", "POST").text(),
    );
    expect(action[0]).toEqual({ _1: 2, _3: 4, _5: 6, _7: 8, _9: 6 });
    expect(action.slice(1, 3)).toEqual(["redirect", "/feria"]);
    expect(action.slice(7, 9)).toEqual(["reload", true]);
    const classic = reloadDocumentResponse(new URL("https://q.pe/feria?_data=root"), "/feria");
    expect(classic.status).toBe(204);
    expect(classic.headers.get("X-Remix-Reload-Document")).toBe("true");
  });
});

describe("the assets a kept page needs", () => {
  it("are its fingerprinted /build files", () => {
    expect(buildAssetsOf(page("es")).sort()).toEqual([
      "/build/_assets/app-ABC.css",
      "/build/entry.client-DEF.js",
      "/build/manifest-123.js",
    ]);
  });
});

describe("the worker's language", () => {
  it("follows the app's three languages and nothing else", () => {
    expect(langOf("qu")).toBe("qu");
    expect(langOf("es-PE")).toBe("es");
    expect(langOf("en-GB")).toBe("en");
    expect(langOf("fr")).toBeNull();
    expect(langOf(undefined)).toBeNull();
  });
  it("escapes what it fills in", () => {
    expect(say("es", "order", { code: "<b>" })).toBe("Pedido &lt;b&gt;");
  });
});
