/**
 * The jobs that queue notifications, each once at the right time (pickup reminders from 18:00 the
 * evening before, producers' digests after the cutoff, counting no unpaid card hold), delivered
 * through a real SMTP server; and rendering each template from its payload.
 */
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { sealCode } from "../../app/features/access/code-crypto.server";
import { addDays, limaInstant } from "../../app/lib/time";
import { type NotificationTemplate } from "../../app/features/notifications/notifications.server";
import { createOutboxWorker } from "../../app/features/notifications/outbox-worker.server";
import {
  queuePickupReminders,
  queueProducerDigests,
} from "../../app/features/notifications/reminders.server";
import { renderMessage } from "../../app/features/notifications/render.server";
import { notificationOutbox, orders } from "../../db/schema";
import {
  createMarketDay,
  createOffer,
  createOrder,
  createProduct,
  openMarketDayScenario,
} from "../factories";
import {
  setUpNotificationServers,
  mails,
  readMail,
  SLOT_START,
  SLOT_END,
  confirmedPayload,
  queue,
  rows,
  person,
  emailOnly,
} from "../support/notification-servers";

setUpNotificationServers();

describe("reminders and digests", () => {
  const DATE = "2031-03-08";
  let scene: Awaited<ReturnType<typeof buildScene>>;

  function buildScene() {
    const { market, categories, day, slots, producers, products, item } = openMarketDayScenario({
      date: DATE,
      window: "calendar",
      producers: {
        p1: { user: person({ locale: "es" }) },
        p2: { user: person({ locale: "en" }) },
        idle: {},
      },
      offers: {
        papa: { name: "Papa huayro", unit: "kg" },
        oca: { name: "Oca", unit: "kg" },
        queso: { name: "Queso fresco", unit: "unidad", producer: "p2" },
      },
    });
    const other = createMarketDay({ marketId: market.id, date: addDays(DATE, 7) });
    const { p1, p2, idle } = producers;
    createProduct({ producerId: idle.producer.id, categoryId: categories.category.id });
    const consumers = [person(), person(), person(), person()];
    const order = (
      i: number,
      status: "confirmed" | "cancelled" | "pending_payment",
      items: Parameters<typeof createOrder>[0]["items"],
    ) =>
      createOrder({
        marketId: market.id,
        consumerId: consumers[i].id,
        marketDayId: day.id,
        slotId: slots[i].id,
        status,
        items,
      });
    const o1 = order(0, "confirmed", [item("papa", 3), item("queso", 2)]);
    const o2 = order(1, "confirmed", [item("papa", 2), item("oca", 1)]);
    const cancelled = order(2, "cancelled", [item("papa", 10)]);
    // An order on next week's market day: no reminder this week.
    const otherOffer = createOffer({
      marketDayId: other.day.id,
      productId: products.papa.id,
      producerId: p1.producer.id,
    });
    createOrder({
      marketId: market.id,
      consumerId: consumers[3].id,
      marketDayId: other.day.id,
      slotId: other.slots[0].id,
      items: [{ offer: otherOffer, productName: "Papa huayro", unit: "kg", quantity: 1 }],
    });
    return { day, o1, o2, cancelled, p1, p2, idle, consumers };
  }

  beforeAll(() => {
    scene = buildScene();
  });

  it("queues one pickup reminder per confirmed order from 18:00 Lima the evening before", async () => {
    const evening = limaInstant(addDays(DATE, -1), "18:00");
    expect(queuePickupReminders(new Date(evening.getTime() - 60_000))).toBe(0);
    expect(rows()).toHaveLength(0);

    expect(queuePickupReminders(evening)).toBe(2);
    const keys = rows().map((r) => r.dedupeKey.split(":").slice(0, 2).join(":"));
    expect(new Set(keys)).toEqual(
      new Set([`pickup-reminder:${scene.o1.id}`, `pickup-reminder:${scene.o2.id}`]),
    );
    const count = rows().length;
    // The job runs every minute: nothing more is queued.
    expect(queuePickupReminders(new Date(evening.getTime() + 60_000))).toBe(0);
    expect(queuePickupReminders(limaInstant(DATE, "06:59"))).toBe(0);
    expect(rows()).toHaveLength(count);
    const payload = JSON.parse(rows()[0].payload);
    expect(payload).toMatchObject({
      pickupCode: scene.o1.pickupCode,
      date: DATE,
      place: scene.day.place,
    });

    // Once pickup has begun, a missing reminder is no longer sent.
    db().delete(notificationOutbox).run();
    expect(queuePickupReminders(limaInstant(DATE, "07:00"))).toBe(0);
  });

  it("queues each producer's digest once, after the cutoff, with their totals", async () => {
    const cutoff = scene.day.cutoffAt;
    expect(queueProducerDigests(new Date(cutoff.getTime() - 1000))).toBe(0);
    expect(queueProducerDigests(cutoff)).toBe(2);
    expect(queueProducerDigests(new Date(cutoff.getTime() + 60_000))).toBe(0);
    const digests = rows();
    const p1Rows = digests.filter((r) => r.userId === scene.p1.user.id);
    expect(p1Rows.length).toBeGreaterThan(0);
    expect(p1Rows[0].dedupeKey).toMatch(
      new RegExp(`^producer-digest:${scene.day.id}:${scene.p1.producer.id}:`),
    );
    expect(JSON.parse(p1Rows[0].payload)).toEqual({
      marketDayId: scene.day.id,
      date: DATE,
      lines: [
        { productName: "Oca", unit: "kg", quantity: 1 },
        { productName: "Papa huayro", unit: "kg", quantity: 5 },
      ],
    });
    expect(digests.some((r) => r.userId === scene.idle.user.id)).toBe(false);

    // Delivered in the producer's language.
    await createOutboxWorker({ transports: emailOnly() }).runOnce(cutoff);
    const p2Mail = mails.find((m) => m.to[0] === scene.p2.user.email)!;
    const mail = readMail(p2Mail.raw);
    expect(mail.subject).toMatch(/^What to bring on Sat, Mar 8$/);
    expect(mail.text).toContain("- 2 piece of Queso fresco");
    const p1Mail = readMail(mails.find((m) => m.to[0] === scene.p1.user.email)!.raw);
    expect(p1Mail.text).toContain("- 5 kg de Papa huayro");
    expect(p1Mail.text).toContain("- 1 kg de Oca");
  });

  it("a digest counts no unpaid card hold: it waits while a hold of that day can still be paid, then counts what was bought", () => {
    const date = "2031-04-12";
    const { market, day, slots, producers, offers } = openMarketDayScenario({
      date,
      window: "calendar",
      producers: { grower: { user: person({ locale: "es" }) } },
      offers: { offer: { name: "Mashua", unit: "kg" } },
    });
    const { grower } = producers;
    const { offer } = offers;
    const line = (quantity: number) => [
      { offer, productName: "Mashua", unit: "kg" as const, quantity },
    ];
    const order = (i: number, status: "confirmed" | "pending_payment", quantity: number) =>
      createOrder({
        marketId: market.id,
        consumerId: person().id,
        marketDayId: day.id,
        slotId: slots[i].id,
        status,
        paymentMethod: status === "pending_payment" ? "card" : "cash",
        items: line(quantity),
      });
    order(0, "confirmed", 2);
    const paidLate = order(1, "pending_payment", 5);
    const neverPaid = order(2, "pending_payment", 7);
    // Both holds were made a minute before the cutoff.
    const cutoff = day.cutoffAt;
    const holdEnd = new Date(cutoff.getTime() + 36 * 60_000);
    db()
      .update(orders)
      .set({ paymentStatus: "pending", holdExpiresAt: holdEnd })
      .where(inArray(orders.id, [paidLate.id, neverPaid.id]))
      .run();
    const digestOf = () =>
      rows().filter(
        (r) => r.userId === grower.user.id && r.dedupeKey.startsWith(`producer-digest:${day.id}:`),
      );

    expect(queueProducerDigests(cutoff)).toBe(0);
    expect(queueProducerDigests(new Date(holdEnd.getTime() - 1000))).toBe(0);
    expect(digestOf()).toEqual([]);
    // One is paid; the other runs out (the sweeper may not have marked it yet).
    db()
      .update(orders)
      .set({ status: "confirmed", paymentStatus: "paid", holdExpiresAt: null })
      .where(eq(orders.id, paidLate.id))
      .run();
    expect(queueProducerDigests(new Date(holdEnd.getTime() + 1000))).toBe(1);
    expect(JSON.parse(digestOf()[0].payload).lines).toEqual([
      { productName: "Mashua", unit: "kg", quantity: 2 + 5 },
    ]);
  });
});

describe("rendering", () => {
  const payloads: Record<NotificationTemplate, Record<string, unknown>> = {
    order_confirmed: confirmedPayload("AB12CD"),
    order_cancelled: { orderId: 1, pickupCode: "AB12CD", date: "2030-06-08" },
    order_expired: { orderId: 1, pickupCode: "AB12CD", date: "2030-06-08" },
    pickup_reminder: { ...confirmedPayload("AB12CD") },
    market_day_cancelled: { date: "2030-06-08", pickupCode: "AB12CD", locale: "es" },
    payment_proof_rejected: {
      orderId: 1,
      pickupCode: "AB12CD",
      reason: "El número de operación no aparece en nuestros movimientos de Yape",
      until: new Date("2030-06-07T21:30:00Z").toISOString(),
    },
    producer_digest: {
      marketDayId: 1,
      date: "2030-06-08",
      lines: [{ productName: "Papa", unit: "kg", quantity: 4 }],
    },
    producer_approved: { farmName: "Chacra Ñawpa", locale: "es" },
    producer_suspended: { farmName: "Chacra Ñawpa", locale: "es", reason: "Precios falsos" },
    account_code_reset: {
      sealedCode: sealCode("042917"),
      minutes: 15,
      expiresAt: Date.now() + 900_000,
      to: { kind: "email", value: "rosa@example.pe" },
      origin: "https://feria.example.pe",
    },
    account_code_contact: {
      sealedCode: sealCode("042917"),
      minutes: 15,
      expiresAt: Date.now() + 900_000,
      to: { kind: "phone", value: "+51987000111" },
    },
    command_reply: {
      text: "Qhatu: 3 pedidos para sab. 8 jun.",
      inboundId: 1,
      to: { kind: "phone", value: "+51987000111" },
    },
  };

  it.each(["es", "qu", "en"])(
    "renders every template in %s, with nothing left untranslated",
    (locale) => {
      for (const [template, payload] of Object.entries(payloads)) {
        const message = renderMessage({ template, payload, locale, name: "Rosa Quispe" });
        for (const part of Object.values(message)) {
          expect(part, template).not.toMatch(/notify\.|{{|undefined|NaN/);
        }
        expect(message.short.length, `${template} ${message.short}`).toBeLessThanOrEqual(160);
      }
    },
  );

  it.each(["es", "qu", "en"])("tells Yape/Plin endings in their own words in %s", (locale) => {
    const ended = { orderId: 1, pickupCode: "AB12CD", date: "2030-06-08", wallet: true };
    for (const template of ["order_cancelled", "order_expired"]) {
      const wallet = renderMessage({ template, payload: ended, locale, name: "Rosa" });
      const plain = renderMessage({
        template,
        payload: { ...ended, wallet: undefined },
        locale,
        name: "Rosa",
      });
      expect(wallet.text).toMatch(/Yape/);
      expect(plain.text).not.toMatch(/Yape/);
      expect(wallet.short.length).toBeLessThanOrEqual(160);
    }
  });

  it("takes slot instants as milliseconds or ISO strings", () => {
    const iso = {
      ...payloads.order_confirmed,
      slotStartsAt: new Date(SLOT_START).toISOString(),
      slotEndsAt: new Date(SLOT_END).toISOString(),
    };
    const fromMs = renderMessage({
      template: "order_confirmed",
      payload: payloads.order_confirmed,
      locale: "en",
      name: "Rosa",
    });
    const fromIso = renderMessage({
      template: "order_confirmed",
      payload: iso,
      locale: "en",
      name: "Rosa",
    });
    expect(fromIso).toEqual(fromMs);
    expect(fromMs.text).toMatch(/Pickup time: 8:00\sAM–8:30\sAM/);
  });

  it("tells a reinstatement and a suspension's reason", () => {
    const back = renderMessage({
      template: "producer_approved",
      payload: { farmName: "Chacra Sumaq", reinstated: true },
      locale: "es",
      name: "Juan",
    });
    expect(back.subject).toBe("Chacra Sumaq vuelve a vender en la feria");
    const out = renderMessage({
      template: "producer_suspended",
      payload: payloads.producer_suspended,
      locale: "es",
      name: "Juan",
    });
    expect(out.text).toContain("Motivo: Precios falsos");
  });

  it("refuses a payload that does not fit, without retrying", async () => {
    const rosa = person({ notifySms: false });
    queue(rosa.id, "order_confirmed", { pickupCode: "NOPE12" }, "order-confirmed:bad");
    await createOutboxWorker({ transports: emailOnly() }).runOnce(new Date());
    expect(rows()).toMatchObject([{ status: "failed", attempts: 1 }]);
    expect(rows()[0].lastError).toContain("PermanentError");
  });
});
