/** A pickup reminder goes out only while its order still stands. */
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { createOutboxWorker } from "../../app/features/notifications/outbox-worker.server";
import { renderMessage } from "../../app/features/notifications/render.server";
import { notificationOutbox, orders } from "../../db/schema";
import { createOrder, createUser, openMarketDayScenario } from "../factories";

it("sends the reminder of a standing order and drops the one of a cancelled order", async () => {
  const { market, day, slots, offers } = openMarketDayScenario({
    date: "2031-03-01",
    window: "calendar",
    offers: { offer: {} },
  });
  const offer = offers.offer;
  const order = (consumerId: number) =>
    createOrder({
      marketId: market.id,
      consumerId,
      marketDayId: day.id,
      slotId: slots[0].id,
      items: [{ offer, productName: "Oca", unit: "kg", quantity: 1 }],
    });
  const standing = order(createUser().id);
  const cancelled = order(createUser().id);
  db().update(orders).set({ status: "cancelled" }).where(eq(orders.id, cancelled.id)).run();
  for (const o of [standing, cancelled]) {
    db()
      .insert(notificationOutbox)
      .values({
        dedupeKey: `pickup-reminder:${o.id}:log`,
        userId: o.consumerId,
        channel: "log",
        template: "pickup_reminder",
        payload: JSON.stringify({
          orderId: o.id,
          pickupCode: o.pickupCode,
          date: day.date,
          slotStartsAt: slots[0].startsAt.getTime(),
          slotEndsAt: slots[0].endsAt.getTime(),
          place: day.place,
        }),
      })
      .run();
  }
  const delivered: string[] = [];
  const worker = createOutboxWorker({
    transports: { log: async (_to, message) => void delivered.push(message.text) },
  });
  await worker.runOnce(new Date());
  expect(delivered).toHaveLength(1);
  expect(delivered[0]).toContain(standing.pickupCode);
  const row = (orderId: number) =>
    db()
      .select()
      .from(notificationOutbox)
      .where(eq(notificationOutbox.dedupeKey, `pickup-reminder:${orderId}:log`))
      .get()!;
  expect(row(standing.id).status).toBe("sent");
  expect(row(cancelled.id)).toMatchObject({ status: "failed" });
  expect(row(cancelled.id).lastError).toContain("cancelled");
});

it("a cancelled or late card payment is told as a refund, in the person's language", () => {
  const payload = { orderId: 1, pickupCode: "KQ4MPA", date: "2031-03-01", refund: true };
  const es = renderMessage({ template: "order_cancelled", payload, locale: "es", name: "Rosa" });
  expect(es.text).toContain("vuelve a tu tarjeta");
  const late = renderMessage({ template: "order_expired", payload, locale: "en", name: "Rosa" });
  expect(late.subject).toContain("refunded");
  const plain = renderMessage({
    template: "order_expired",
    payload: { ...payload, refund: undefined },
    locale: "es",
    name: "Rosa",
  });
  expect(plain.text).toContain("no se te cobró nada");
});
