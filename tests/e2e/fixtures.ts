import crypto from "node:crypto";
import Database from "better-sqlite3";
import { expect, test as base, type BrowserContext, type Page } from "@playwright/test";
import { BASE_URL, E2E_DATABASE, E2E_SECRET } from "../../playwright.config";

/** The demo accounts the server seeds at first start (see README). */
export const DEMO = {
  consumer: { contact: "987 654 321", name: "Rosa" },
  producer: { contact: "984 111 222", name: "Juan" },
  password: "feria2026",
};

let counter = 0;
/** A phone number no other test uses, so tests can sign up and fail logins in parallel. */
export function freshPhone() {
  const n = (Date.now() % 1_000_000) * 100 + (counter++ % 100) + (process.pid % 7);
  return `95${String(n).padStart(7, "0").slice(-7)}`;
}

export async function logIn(page: Page, contact: string, password = DEMO.password) {
  await page.goto("/ingresar");
  await page.getByLabel("Celular o correo").fill(contact);
  await page.getByLabel("Contraseña").fill(password);
  await page.getByRole("button", { name: "Ingresar" }).click();
}

/** What the browser refused under the Content-Security-Policy during the current test. */
const cspViolations: string[] = [];

/** The violations seen so far in this test, forgotten (for a test that provokes one). */
export function takeCspViolations() {
  return cspViolations.splice(0);
}

function watchCsp(context: BrowserContext) {
  context.on("console", (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) {
      cspViolations.push(`${message.page()?.url() ?? "?"}: ${message.text()}`);
    }
  });
  return context;
}

/**
 * Every test fails on a CSP violation the browser reports, on any page of any context: the
 * policy (app/infra/security-headers.server.ts) must never break a page we ship.
 */
export const test = base.extend<{ cspGuard: void }, { watchedBrowser: void }>({
  watchedBrowser: [
    async ({ browser }, run) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => watchCsp(await newContext(options));
      await run();
    },
    { scope: "worker", auto: true },
  ],
  context: async ({ context }, run) => {
    await run(watchCsp(context));
  },
  cspGuard: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures it needs from this pattern
    async ({}, run) => {
      cspViolations.length = 0;
      await run();
      expect(cspViolations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/**
 * A session for an account (by phone or email), written straight into the e2e server's
 * database, and its signed cookie as a Cookie header value.
 */
export async function sessionCookieFor(phoneOrEmail: string): Promise<string> {
  const { createCookie } = await import("@remix-run/node");
  const db = new Database(E2E_DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    const user = db
      .prepare("SELECT id FROM users WHERE phone = ? OR email = ?")
      .get(phoneOrEmail, phoneOrEmail) as { id: number } | undefined;
    if (!user) throw new Error(`no demo user ${phoneOrEmail}`);
    const id = crypto.randomBytes(32).toString("base64url");
    const now = Date.now();
    db.prepare(
      "INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)",
    ).run(id, user.id, now + 30 * 86_400_000, now);
    const signed = await createCookie("qhatu_session", { secrets: [E2E_SECRET] }).serialize(id);
    return signed.split(";")[0];
  } finally {
    db.close();
  }
}

/** Logs an account in for tests where the login page is not the point (see sessionCookieFor). */
export async function loginAs(context: BrowserContext, phoneOrEmail: string) {
  const value = (await sessionCookieFor(phoneOrEmail)).slice("qhatu_session=".length);
  await context.addCookies([
    { name: "qhatu_session", value, url: BASE_URL, httpOnly: true, sameSite: "Lax" },
  ]);
}

/** A new account with the demo password, written straight into the e2e database. */
export function createAccountWithDemoPassword(phone: string, name = "Cuenta de prueba") {
  const db = new Database(E2E_DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    const { password_hash } = db
      .prepare("SELECT password_hash FROM users WHERE phone = ?")
      .get("+51987654321") as {
      password_hash: string;
    };
    const now = Date.now();
    db.prepare(
      "INSERT INTO users (name, phone, password_hash, locale, created_at, updated_at) VALUES (?, ?, ?, 'es', ?, ?)",
    ).run(name, `+51${phone.replace(/\D/g, "")}`, password_hash, now, now);
  } finally {
    db.close();
  }
}
