/**
 * The public pages are cached and rendered once per kind of visitor, with each response's name
 * and request id filled in (app/infra/micro-cache.server.ts). These attack that: many people at
 * once must each get their own header and nothing of anyone else's, a name that reads
 * differently in HTML must still come out right, and the page must work in a browser.
 */
import crypto from "node:crypto";
import { BASE_URL } from "../../playwright.config";
import {
  createAccountWithDemoPassword,
  expect,
  freshPhone,
  loginAs,
  sessionCookieFor,
  test,
} from "./fixtures";

type Visitor = {
  label: string;
  cookie: string;
  /** The greeting as the HTML carries it; null for an anonymous visitor. */
  hello: string | null;
  cartCount: number;
  coordinator: boolean;
};

async function newAccount(name: string) {
  const phone = freshPhone();
  createAccountWithDemoPassword(phone, name);
  return sessionCookieFor(`+51${phone}`);
}

/** Adds offers to a cart the way a phone without JavaScript does: a form post and a redirect. */
async function addToCart(cookie: string, offerIds: string[]) {
  for (const offerId of offerIds) {
    const response = await fetch(`${BASE_URL}/canasta`, {
      method: "POST",
      body: new URLSearchParams({ intent: "add", offerId, quantity: "1", redirectTo: "/feria" }),
      headers: { Cookie: cookie },
      redirect: "manual",
    });
    expect(response.status).toBe(302);
  }
}

const scripts = (html: string) =>
  [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].filter((m) => m[2].length > 0);

/** Everything in one response that must belong to this visitor and no one else. */
async function checkOwnPage(visitor: Visitor, everyone: Visitor[]) {
  const response = await fetch(`${BASE_URL}/feria`, {
    headers: { Cookie: visitor.cookie, "Accept-Encoding": "gzip" },
  });
  expect(response.status).toBe(200);
  const html = await response.text();
  for (const other of everyone) {
    if (other.hello && other.label !== visitor.label)
      expect(html, visitor.label).not.toContain(other.hello);
  }
  if (visitor.hello)
    expect(html, visitor.label).toContain(`<span class="hello">${visitor.hello}</span>`);
  else expect(html, visitor.label).toContain('href="/ingresar"');
  expect(html, visitor.label).toContain(`Canasta (${visitor.cartCount})`);
  expect(html.includes('href="/coordinacion"'), visitor.label).toBe(visitor.coordinator);
  // The request id the error page would quote is this response's own.
  const requestId = response.headers.get("x-request-id");
  expect(html).toContain(`data-request-id="${requestId}"`);
  // Every inline script is allowed by the policy: by this response's nonce or by its hash.
  const policy = response.headers.get("content-security-policy") ?? "";
  for (const [, attributes, content] of scripts(html)) {
    const nonce = /nonce="([^"]+)"/.exec(attributes)?.[1];
    const hash = crypto.createHash("sha256").update(content, "utf8").digest("base64");
    expect(
      nonce ? policy.includes(`'nonce-${nonce}'`) : policy.includes(`'sha256-${hash}'`),
      visitor.label,
    ).toBe(true);
  }
  expect(response.headers.get("cache-control")).toBe("private, no-cache");
}

test("many people at once each get their own catalogue header, and only their own", async () => {
  const catalogue = await (await fetch(`${BASE_URL}/feria`)).text();
  const offerIds = [...catalogue.matchAll(/name="offerId" value="(\d+)"/g)].map((m) => m[1]);
  expect(offerIds.length).toBeGreaterThan(2);

  const killa = await newAccount("Killa Ccori Quispe");
  const wayra = await newAccount("Wayra Mamani");
  // Characters HTML and the page's data escape differently: this page is rendered fresh.
  const odd = await newAccount(`Ana&<b> "Luz"`);
  await addToCart(killa, offerIds.slice(0, 2));
  const visitors: Visitor[] = [
    { label: "anonymous", cookie: "", hello: null, cartCount: 0, coordinator: false },
    { label: "Killa", cookie: killa, hello: "Hola, Killa", cartCount: 2, coordinator: false },
    { label: "Wayra", cookie: wayra, hello: "Hola, Wayra", cartCount: 0, coordinator: false },
    {
      label: "odd name",
      cookie: odd,
      hello: "Hola, Ana&amp;&lt;b&gt;",
      cartCount: 0,
      coordinator: false,
    },
    {
      label: "coordinator",
      cookie: await sessionCookieFor("coordinacion@qhatu.pe"),
      hello: "Hola, Carmen",
      cartCount: 0,
      coordinator: true,
    },
  ];
  // 150 requests at once, the visitors interleaved, so cached pages are shared between them.
  await Promise.all(
    Array.from({ length: 150 }, (_, i) => checkOwnPage(visitors[(i * 7) % 5], visitors)),
  );

  // Wayra adds something: her very next page counts it (a cached page of the old count is not hers).
  await addToCart(wayra, offerIds.slice(2, 3));
  await checkOwnPage({ ...visitors[2], cartCount: 1 }, visitors);
});

test("a cached catalogue works in the browser: own header, a message once, Añadir in place", async ({
  browser,
}) => {
  const context = await browser.newContext();
  await loginAs(context, "+51987654321");
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  // Twice: the second load is served from the cache.
  for (let i = 0; i < 2; i++) {
    await page.goto("/feria");
    await expect(page.getByText("Hola, Rosa")).toBeVisible();
  }
  const cart = page.getByRole("link", { name: /^Canasta \(\d+\)$/ });
  const before = Number(/\((\d+)\)/.exec((await cart.textContent()) ?? "")![1]);
  // With JavaScript, Añadir works in place on the cached page (it hydrated without a mismatch).
  const card = page
    .locator("article.offer")
    .filter({ has: page.getByRole("button") })
    .last();
  await card.getByRole("button", { name: "Añadir" }).click();
  await expect(card.getByText("Añadido a tu canasta")).toBeVisible();
  await expect(cart).not.toHaveText(`Canasta (${before})`);
  expect(errors).toEqual([]);

  // Without JavaScript the same form posts and comes back with a message, shown once.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  await loginAs(plain, "+51987654321");
  const noJs = await plain.newPage();
  await noJs.goto("/feria");
  await noJs
    .locator("article.offer")
    .filter({ has: noJs.getByRole("button") })
    .first()
    .getByRole("button", { name: "Añadir" })
    .click();
  await expect(noJs.locator(".flash")).toContainText("a tu canasta");
  await noJs.reload();
  await expect(noJs.locator(".flash")).toHaveCount(0);
  await expect(noJs.getByText("Hola, Rosa")).toBeVisible();
  await plain.close();
  await context.close();
});
