// Starts the production server on a brand-new database, as a fresh install would.
import fs from "node:fs";
import http from "node:http";

for (const suffix of ["", "-wal", "-shm"])
  fs.rmSync(process.env.DATABASE_URL + suffix, { force: true });
if (process.env.NOTIFY_LOG_FILE) fs.rmSync(process.env.NOTIFY_LOG_FILE, { force: true });

// A stand-in for the Stripe API (STRIPE_API_URL points here): only what the app uses. A
// Checkout Session's url is a page of this server; the same idempotency key gets the same
// object back, as with Stripe.
if (process.env.FAKE_STRIPE_PORT) {
  const port = Number(process.env.FAKE_STRIPE_PORT);
  const byKey = new Map();
  let n = 0;
  const fake = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const form = new URLSearchParams(body);
      const key = String(req.headers["idempotency-key"] ?? `none-${++n}`);
      const send = (status, type, text) => {
        res.writeHead(status, { "Content-Type": type });
        res.end(text);
      };
      if (req.method === "POST" && req.url === "/v1/checkout/sessions") {
        if (!byKey.has(key)) {
          const id = `cs_test_e2e_${++n}`;
          byKey.set(key, {
            id,
            object: "checkout.session",
            url: `http://127.0.0.1:${port}/checkout/${id}`,
            metadata: { order_id: form.get("metadata[order_id]") },
            client_reference_id: form.get("client_reference_id"),
            currency: form.get("currency"),
            expires_at: Number(form.get("expires_at")),
            payment_status: "unpaid",
            status: "open",
            success_url: form.get("success_url"),
          });
        }
        return send(200, "application/json", JSON.stringify(byKey.get(key)));
      }
      if (req.method === "POST" && req.url === "/v1/refunds") {
        if (!byKey.has(key))
          byKey.set(key, {
            id: `re_test_e2e_${++n}`,
            object: "refund",
            status: "succeeded",
            payment_intent: form.get("payment_intent"),
          });
        return send(200, "application/json", JSON.stringify(byKey.get(key)));
      }
      if (req.method === "GET" && req.url?.startsWith("/checkout/")) {
        return send(
          200,
          "text/html; charset=utf-8",
          `<!doctype html><html lang="en"><title>Fake Stripe Checkout</title><h1>Fake Stripe Checkout</h1><p>${req.url.slice(10)}</p></html>`,
        );
      }
      send(404, "application/json", JSON.stringify({ error: { message: "unknown endpoint" } }));
    });
  });
  await new Promise((resolve) => fake.listen(port, "127.0.0.1", resolve));
  fake.unref();
}

await import("../../server.js");
