/**
 * End-to-end tests against the production build, started on its own port with a fresh
 * database (migrated and seeded with the demo at start). Chromium comes from Debian.
 */
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://localhost:${PORT}`;
export const E2E_DATABASE = path.resolve(`tests/.tmp/e2e-${PORT}.db`);
/** The log transport's messages (one-time codes among them) are also appended here. */
export const E2E_NOTIFY_LOG = path.resolve(`tests/.tmp/e2e-notifications-${PORT}.log`);
export const E2E_SECRET = "e2e-secret-e2e-secret-e2e-secret-e2e!";
/**
 * Card payments are on in end-to-end runs, against a small stand-in for the Stripe API that
 * tests/e2e/start-server.js starts on FAKE_STRIPE_PORT (Stripe itself cannot be reached here).
 */
export const FAKE_STRIPE_PORT = PORT + 10_000;
export const E2E_STRIPE_WEBHOOK_SECRET = "whsec_e2e_qhatu_webhook_secret";
/**
 * Producers' SMS in (POST /webhooks/sms, tests/e2e/producer-sms.spec.ts): the spec signs as
 * Twilio does with this token, over PUBLIC_URL (a production server verifies against it).
 */
export const E2E_TWILIO_AUTH_TOKEN = "e2e-twilio-auth-token";

const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
    ],
  },
};

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL: BASE_URL,
    locale: "es-PE",
    trace: "retain-on-failure",
  },
  projects: [
    { name: "chromium", use: chromium, grepInvert: /@nojs/ },
    // The core flows once more with JavaScript disabled: every form must work without it.
    { name: "no-javascript", use: { ...chromium, javaScriptEnabled: false }, grep: /@nojs/ },
  ],
  webServer: {
    command: "node tests/e2e/start-server.js",
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(PORT),
      NODE_ENV: "production",
      DATABASE_URL: E2E_DATABASE,
      DATA_DIR: path.resolve(`tests/.tmp/e2e-data-${PORT}`),
      SESSION_SECRET: E2E_SECRET,
      // Notifications: no provider here, so the log transport stands in for every channel.
      NOTIFY_LOG: "on",
      NOTIFY_LOG_FILE: E2E_NOTIFY_LOG,
      STRIPE_SECRET_KEY: "sk_test_e2e_qhatu",
      STRIPE_WEBHOOK_SECRET: E2E_STRIPE_WEBHOOK_SECRET,
      STRIPE_API_URL: `http://127.0.0.1:${FAKE_STRIPE_PORT}`,
      FAKE_STRIPE_PORT: String(FAKE_STRIPE_PORT),
      TWILIO_AUTH_TOKEN: E2E_TWILIO_AUTH_TOKEN,
      PUBLIC_URL: BASE_URL,
    },
  },
});
