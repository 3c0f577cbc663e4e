/**
 * A stand-in for the Stripe API for integration tests (the real stripe client pointed at it):
 * records every request, answers like Stripe for the endpoints the app uses (the same
 * idempotency key gets the same object back), and can answer late, drop connections or refuse
 * refunds on demand; and the Stripe settings that point the app at a stand-in or at none.
 * Shared by the card payment tests (support/card-payments.ts), checkout-price-change.test.ts,
 * desk-card-shortfall.test.ts and the webhook tests (support/stripe-webhook.ts).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { resetEnv } from "../../app/infra/env.server";
import { setStripeClient } from "../../app/infra/stripe.server";

/**
 * Sets the Stripe keys (and the API address of a stand-in) the app reads, then lets it read
 * them afresh; with nothing, removes them all, so card payments are off.
 */
export function configureStripe(settings?: {
  secretKey: string;
  webhookSecret: string;
  apiUrl?: string;
}) {
  const values = {
    STRIPE_SECRET_KEY: settings?.secretKey,
    STRIPE_WEBHOOK_SECRET: settings?.webhookSecret,
    STRIPE_API_URL: settings?.apiUrl,
  };
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnv();
  setStripeClient(undefined);
}

export type Seen = {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  form: URLSearchParams;
};

export const FRESH = {
  lateMs: 0,
  drop: 0,
  /** The next refunds are refused with this status and error code. */
  refuseRefunds: 0,
  refundStatus: 500,
  refundCode: "",
  /** The next session expiries fail with a 500. */
  failExpire: 0,
  /** How far the fake's clock is ahead of the real one (for Stripe's 30-minute rule). */
  clockOffsetMs: 0,
};

export function startFakeStripe() {
  const seen: Seen[] = [];
  const byKey = new Map<string, Record<string, unknown>>();
  /** The body each idempotency key was first used with: Stripe refuses other parameters. */
  const bodyOfKey = new Map<string, string>();
  const sessions = new Map<string, Record<string, unknown>>();
  const behaviour = { ...FRESH };
  let n = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const path = req.url ?? "";
      const form = new URLSearchParams(body);
      seen.push({ method: req.method ?? "", path, headers: req.headers, form });
      if (behaviour.drop > 0) {
        behaviour.drop--;
        req.socket.destroy();
        return;
      }
      const key = String(req.headers["idempotency-key"] ?? `none-${++n}`);
      res.on("error", () => {});
      const reply = (status: number, json: unknown) => {
        if (res.destroyed) return;
        res.writeHead(status, { "Content-Type": "application/json", "Request-Id": `req_${++n}` });
        res.end(JSON.stringify(json));
      };
      const stripeError = (status: number, type: string, message: string, code?: string) =>
        reply(status, { error: { type, message, ...(code ? { code } : {}) } });
      if (req.method === "POST" && path === "/v1/checkout/sessions") {
        // Stripe keeps what the first request made, even when its answer never arrived, and
        // refuses the same key with other parameters.
        if (bodyOfKey.has(key) && bodyOfKey.get(key) !== body) {
          stripeError(
            400,
            "idempotency_error",
            "Keys for idempotent requests can only be used with the same parameters they were first used with.",
          );
          return;
        }
        if (!byKey.has(key)) {
          // Like Stripe: at least 30 minutes from now, and nothing kept for a refused request.
          const expiresAt = Number(form.get("expires_at"));
          if (expiresAt * 1000 < Date.now() + behaviour.clockOffsetMs + 30 * 60_000) {
            stripeError(
              400,
              "invalid_request_error",
              "The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.",
            );
            return;
          }
          const id = `cs_test_fake_${++n}`;
          const session = {
            id,
            object: "checkout.session",
            url: `http://pay.example.test/c/${id}`,
            amount_total: Number(form.get("line_items[0][price_data][unit_amount]")),
            currency: form.get("currency"),
            metadata: { order_id: form.get("metadata[order_id]") },
            payment_status: "unpaid",
            status: "open",
            expires_at: expiresAt,
          };
          byKey.set(key, session);
          bodyOfKey.set(key, body);
          sessions.set(id, session);
        }
        const late = behaviour.lateMs;
        behaviour.lateMs = 0;
        setTimeout(() => reply(200, byKey.get(key)), late);
        return;
      }
      const sessionPath = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(path);
      if (sessionPath) {
        const session = sessions.get(decodeURIComponent(sessionPath[1]));
        if (!session) {
          stripeError(404, "invalid_request_error", "No such checkout.session", "resource_missing");
          return;
        }
        if (req.method === "GET" && !sessionPath[2]) {
          reply(200, session);
          return;
        }
        if (req.method === "POST" && sessionPath[2]) {
          if (behaviour.failExpire > 0) {
            behaviour.failExpire--;
            stripeError(500, "api_error", "Something went wrong on Stripe's end.");
            return;
          }
          if (session.status !== "open") {
            stripeError(
              400,
              "invalid_request_error",
              'Only Checkout Sessions with a status in ["open"] can be expired.',
            );
            return;
          }
          Object.assign(session, { status: "expired", url: null });
          reply(200, session);
          return;
        }
      }
      if (req.method === "POST" && path === "/v1/refunds") {
        if (behaviour.refuseRefunds > 0) {
          behaviour.refuseRefunds--;
          const status = behaviour.refundStatus;
          stripeError(
            status,
            status >= 500 ? "api_error" : "invalid_request_error",
            status >= 500 ? "Something went wrong on Stripe's end." : "Refused.",
            behaviour.refundCode || undefined,
          );
          return;
        }
        if (!byKey.has(key)) {
          byKey.set(key, {
            id: `re_test_${++n}`,
            object: "refund",
            status: "succeeded",
            payment_intent: form.get("payment_intent"),
          });
        }
        reply(200, byKey.get(key));
        return;
      }
      reply(404, { error: { type: "invalid_request_error", message: "unknown endpoint" } });
    });
  });
  return new Promise<{
    url: string;
    seen: Seen[];
    sessions: typeof sessions;
    behaviour: typeof behaviour;
    close: () => Promise<void>;
  }>((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        seen,
        sessions,
        behaviour,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    }),
  );
}
