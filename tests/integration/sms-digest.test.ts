/**
 * Issue 17: after the cutoff a producer who runs their week by text gets the pick list on the
 * channel they text from (here SMS), even when they never chose it on /cuenta; a producer who
 * never texted gets it as before. The short form fits one SMS (sms-commands.test.ts checks the
 * length for every language).
 */
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { resetEnv } from "../../app/infra/env.server";
import { addDays, limaInstant } from "../../app/lib/time";
import { queueProducerDigests } from "../../app/features/notifications/reminders.server";
import { renderMessage } from "../../app/features/notifications/render.server";
import { gsm7Length, isGsm7 } from "../../app/features/sms-commands/gsm7";
import { inboundMessages, notificationOutbox, users } from "../../db/schema";
import { createOrder, createUser, openMarketDayScenario } from "../factories";

const SMS_CONFIG = {
  TWILIO_ACCOUNT_SID: "AC123",
  TWILIO_AUTH_TOKEN: "token",
  TWILIO_FROM: "+51900000000",
};

beforeAll(() => {
  Object.assign(process.env, SMS_CONFIG);
  resetEnv();
});
afterAll(() => {
  for (const name of Object.keys(SMS_CONFIG)) delete process.env[name];
  resetEnv();
});

describe("the digest of a producer who texts", () => {
  it("goes out by SMS too when they last wrote by SMS, and only then", () => {
    const s = openMarketDayScenario({
      producers: { texter: {}, webUser: {} },
      offers: {
        oca: { name: "Oca", producer: "texter", quantity: 20 },
        papa: { name: "Papa", producer: "webUser", quantity: 20 },
      },
    });
    const family = createUser();
    createOrder({
      marketId: s.market.id,
      consumerId: family.id,
      marketDayId: s.day.id,
      slotId: s.slots[0].id,
      items: [s.item("oca", 2), s.item("papa", 3)],
    });
    const texter = s.producers.texter;
    // Neither chose SMS on /cuenta.
    db()
      .update(users)
      .set({ notifySms: false, notifyWhatsapp: false })
      .where(inArray(users.id, [texter.user.id, s.producers.webUser.user.id]))
      .run();
    db()
      .insert(inboundMessages)
      .values({
        provider: "sms",
        providerMessageId: `SM-digest-${texter.producer.id}`,
        fromPhone: texter.user.phone!,
        body: "PEDIDOS",
        userId: texter.user.id,
        producerId: texter.producer.id,
        marketId: s.market.id,
        sender: "producer",
        command: "PEDIDOS",
        ok: true,
      })
      .run();

    // The eve of the market day, past the cutoff: the digests' window.
    const eve = limaInstant(addDays(s.day.date, -1), "21:00");
    expect(eve > s.day.cutoffAt).toBe(true);
    expect(queueProducerDigests(eve)).toBeGreaterThanOrEqual(2);
    const channelsOf = (userId: number) =>
      db()
        .select({ channel: notificationOutbox.channel })
        .from(notificationOutbox)
        .where(
          and(
            eq(notificationOutbox.userId, userId),
            eq(notificationOutbox.template, "producer_digest"),
          ),
        )
        .all()
        .map((row) => row.channel);
    expect(channelsOf(texter.user.id)).toContain("sms");
    expect(channelsOf(s.producers.webUser.user.id)).not.toContain("sms");
  });
});

type Locale = "es" | "qu" | "en";

function expectOneSms(reply: string) {
  expect(isGsm7(reply), reply).toBe(true);
  expect(gsm7Length(reply), reply).toBeLessThanOrEqual(160);
}

describe("the digest after the cutoff fits a text message", () => {
  const line = (i: number) => ({
    productName: `Papa nativa ñuñu número ${i}`,
    unit: "kg",
    quantity: i,
  });
  const render = (locale: Locale, count: number) =>
    renderMessage({
      template: "producer_digest",
      payload: {
        marketDayId: 1,
        date: "2026-12-05",
        lines: Array.from({ length: count }, (_, i) => line(i + 1)),
      },
      locale,
      name: "Juana Mamani",
    });

  it.each(["es", "qu", "en"] as const)(
    "in %s: all products when they fit, else the first and +N",
    (locale) => {
      const short = render(locale, 2).short;
      expectOneSms(short);
      expect(short).toMatch(
        /1 (kg|kilo) Papa nativa ñuñu numero 1, 2 (kg|kilo) Papa nativa ñuñu numero 2\.$/,
      );
      const long = render(locale, 25);
      expectOneSms(long.short);
      const shown = (long.short.match(/Papa nativa/g) ?? []).length;
      expect(shown).toBeGreaterThan(0);
      expect(long.short).toMatch(new RegExp(`\\+${25 - shown} (mas|aswan|more)\\.$`));
      // The email keeps the whole list.
      expect((long.text.match(/Papa nativa/g) ?? []).length).toBe(25);
    },
  );

  it("in Spanish, as the producer reads it", () => {
    expect(render("es", 1).short).toBe(
      "Qhatu, feria del sab, 5 dic.: lleva 1 kg Papa nativa ñuñu numero 1.",
    );
  });
});
