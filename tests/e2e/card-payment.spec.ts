/**
 * The card path end to end: a family reserves with card and is sent to (a stand-in for)
 * Stripe Checkout; the order page says "pending" until a signed checkout.session.completed
 * reaches /webhooks/stripe, then shows the order paid and confirmed. Cash stays the default.
 */
import Database from "better-sqlite3";
import Stripe from "stripe";
import {
  BASE_URL,
  E2E_DATABASE,
  E2E_STRIPE_WEBHOOK_SECRET,
  FAKE_STRIPE_PORT,
} from "../../playwright.config";
import { createAccountWithDemoPassword, expect, freshPhone, loginAs, test } from "./fixtures";

function latestOrderOf(phone: string) {
  const db = new Database(E2E_DATABASE, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT o.id, o.pickup_code AS code, o.total_cents AS total, o.status, o.payment_status AS paymentStatus
         FROM orders o JOIN users u ON u.id = o.consumer_id
         WHERE u.phone = ? ORDER BY o.id DESC LIMIT 1`,
      )
      .get(`+51${phone}`) as
      | { id: number; code: string; total: number; status: string; paymentStatus: string }
      | undefined;
  } finally {
    db.close();
  }
}

function completedEvent(order: { id: number; total: number }) {
  return JSON.stringify({
    id: `evt_e2e_${order.id}_${Date.now()}`,
    object: "event",
    type: "checkout.session.completed",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    data: {
      object: {
        id: `cs_e2e_${order.id}`,
        object: "checkout.session",
        mode: "payment",
        currency: "pen",
        amount_total: order.total,
        client_reference_id: String(order.id),
        metadata: { order_id: String(order.id) },
        payment_intent: `pi_e2e_${order.id}`,
        payment_status: "paid",
        status: "complete",
      },
    },
  });
}

test("pay by card: redirect to Stripe Checkout, pending until the signed webhook, then paid", async ({
  page,
  context,
  request,
}) => {
  const phone = freshPhone();
  createAccountWithDemoPassword(phone, "Teresa Huamán");
  await loginAs(context, `+51${phone}`);

  await page.goto("/feria");
  const offer = page
    .getByRole("article")
    .filter({ has: page.getByRole("button", { name: "Añadir" }) })
    .first();
  await offer.getByRole("button", { name: "Añadir" }).click();
  await expect(page.getByRole("link", { name: "Canasta (1)" })).toBeVisible();

  await page.goto("/canasta/confirmar");
  await expect(page.getByLabel("Efectivo al recoger")).toBeChecked();
  await page.getByLabel("Tarjeta").check();
  await page.getByRole("button", { name: "Confirmar pedido" }).click();

  // Sent to the Checkout Session's page (here the stand-in's).
  await expect(page).toHaveURL(
    new RegExp(`^http://127\\.0\\.0\\.1:${FAKE_STRIPE_PORT}/checkout/cs_test_e2e_`),
  );
  await expect(page.getByRole("heading", { name: "Fake Stripe Checkout" })).toBeVisible();
  const order = latestOrderOf(phone)!;
  expect(order).toMatchObject({ status: "pending_payment", paymentStatus: "pending" });

  // Back from Stripe: nothing is confirmed until the webhook says so.
  await page.goto(`/pedidos/${order.code}?pago=ok`);
  await expect(page.getByRole("heading", { name: "Pago con tarjeta pendiente" })).toBeVisible();
  await expect(page.getByText("Esperando el pago", { exact: true })).toBeVisible();
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveAttribute("content", "5");

  // A forged webhook is refused and changes nothing.
  const payload = completedEvent(order);
  const forged = await request.post(`${BASE_URL}/webhooks/stripe`, {
    data: payload,
    headers: {
      "Content-Type": "application/json",
      "Stripe-Signature": Stripe.webhooks.generateTestHeaderString({
        payload,
        secret: "whsec_not_ours",
      }),
    },
  });
  expect(forged.status()).toBe(400);
  expect(latestOrderOf(phone)!.status).toBe("pending_payment");

  const signed = await request.post(`${BASE_URL}/webhooks/stripe`, {
    data: payload,
    headers: {
      "Content-Type": "application/json",
      "Stripe-Signature": Stripe.webhooks.generateTestHeaderString({
        payload,
        secret: E2E_STRIPE_WEBHOOK_SECRET,
      }),
    },
  });
  expect(signed.status()).toBe(200);

  await page.goto(`/pedidos/${order.code}?pago=ok`);
  await expect(page.getByText("Reservado", { exact: true })).toBeVisible();
  await expect(page.getByText("Tarjeta · Pagado con tarjeta")).toBeVisible();
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
  expect(latestOrderOf(phone)).toMatchObject({ status: "confirmed", paymentStatus: "paid" });
});
