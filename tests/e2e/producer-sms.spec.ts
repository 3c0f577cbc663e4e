/**
 * A producer with a basic phone runs the week by SMS (issue 17): "MISMO" re-lists last week's
 * offers and they appear on /feria; a family reserves; "PEDIDOS" answers with the right count.
 * The SMS come in through the real webhook, signed as Twilio documents (HMAC-SHA1 of the public
 * URL and the sorted parameters, computed here); replies are read from the inbound log.
 */
import crypto from "node:crypto";
import { BASE_URL, E2E_TWILIO_AUTH_TOKEN } from "../../playwright.config";
import { expect, freshPhone, test } from "./fixtures";
import { app, demoMarket, reserveThroughModel } from "./producer-scene";

/** A new approved producer who offered one product last market day, by SMS only. */
async function producerWithLastWeek() {
  const { factories: f, market, past, category } = await demoMarket();
  const phone = `+51${freshPhone()}`;
  const productName = `Oca por SMS ${phone.slice(-6)}`;
  const user = f.createUser({ name: "Eulogia Ccahuana", phone });
  const { producer } = f.createProducer({
    marketId: market.id,
    user,
    profile: { farmName: `Chacra Eulogia ${phone}`, province: "Paruro" },
  });
  const product = f.createProduct({
    producerId: producer.id,
    categoryId: category.id,
    name: productName,
    unit: "kg",
  });
  f.createOffer({
    marketDayId: past.id,
    productId: product.id,
    producerId: producer.id,
    priceCents: 250,
    quantity: 40,
  });
  return { phone, producerId: producer.id, productName };
}

/** Posts one SMS to the webhook as Twilio would, and returns the reply the app recorded. */
async function sendSms(
  request: import("@playwright/test").APIRequestContext,
  from: string,
  body: string,
) {
  const sid = `SM${crypto.randomBytes(16).toString("hex")}`;
  const params: Record<string, string> = {
    MessageSid: sid,
    From: from,
    To: "+51900000000",
    Body: body,
  };
  const url = `${BASE_URL}/webhooks/sms`;
  const signed =
    url +
    Object.keys(params)
      .sort()
      .map((k) => k + params[k])
      .join("");
  const signature = crypto
    .createHmac("sha1", E2E_TWILIO_AUTH_TOKEN)
    .update(signed)
    .digest("base64");
  const response = await request.post("/webhooks/sms", {
    form: params,
    headers: { "X-Twilio-Signature": signature },
  });
  expect(response.status()).toBe(200);
  expect(await response.text()).toContain("<Response/>");
  const { db, schema } = await app();
  const { eq } = await import("drizzle-orm");
  const row = db()
    .select()
    .from(schema.inboundMessages)
    .where(eq(schema.inboundMessages.providerMessageId, sid))
    .get();
  expect(row, `the inbound message ${sid} is recorded`).toBeTruthy();
  return row!;
}

test("a producer re-lists the week by SMS, a family reserves, PEDIDOS counts it", async ({
  page,
  request,
}) => {
  const producer = await producerWithLastWeek();

  const mismo = await sendSms(request, producer.phone, "mismo");
  expect(mismo).toMatchObject({ sender: "producer", command: "MISMO", ok: true });
  expect(mismo.reply!.length).toBeLessThanOrEqual(160);

  // The week's catalogue has more than one page: look it up as a family would, by name.
  await page.goto(`/feria?q=${encodeURIComponent(producer.productName)}`);
  await expect(page.getByText(producer.productName).first()).toBeVisible();

  await reserveThroughModel(producer.producerId, producer.productName, 3);

  const pedidos = await sendSms(request, producer.phone, "PEDIDOS");
  expect(pedidos).toMatchObject({ command: "PEDIDOS", ok: true });
  // A family reserved 3 of the 40 kg at S/ 2.50: the reply says so.
  expect(pedidos.reply).toContain(`${producer.productName} 3 de 40 kg`);
  expect(pedidos.reply).toContain("S/ 7.50");
  expect(pedidos.reply!.length).toBeLessThanOrEqual(160);
});

test("an SMS signed for another token is refused with 403 and recorded nowhere", async ({
  request,
}) => {
  const params = {
    MessageSid: `SM${crypto.randomBytes(16).toString("hex")}`,
    From: "+51987000000",
    Body: "MISMO",
  };
  const response = await request.post("/webhooks/sms", {
    form: params,
    headers: { "X-Twilio-Signature": "bm90LXRoZS1zaWduYXR1cmU=" },
  });
  expect(response.status()).toBe(403);
});
