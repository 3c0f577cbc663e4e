/**
 * Notifications end to end without the internet: real email to an SMTP server started here
 * (smtp-server), the SMS and WhatsApp adapters against local HTTP servers standing in for
 * Twilio and Meta, and the outbox worker's promises — retried with backoff and never lost when
 * a transport fails, resumed by a new worker after a crash, never sent twice within a lease,
 * failed rows kept — plus dedupe and each person's channel choice. The reminder and digest jobs
 * and rendering are notification-jobs.test.ts.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { formatMoney } from "../../app/lib/format";
import {
  backoffMs,
  claimDueNotifications,
  createOutboxWorker,
  LEASE_MS,
} from "../../app/features/notifications/outbox-worker.server";
import { twilioSmsTransport } from "../../app/features/notifications/sms.server";
import type { Transport } from "../../app/features/notifications/types.server";
import { whatsappTransport } from "../../app/features/notifications/whatsapp.server";
import { notificationOutbox, users } from "../../db/schema";
import {
  setUpNotificationServers,
  standIns,
  mails,
  readMail,
  hits,
  apiUrl,
  configure,
  confirmedPayload,
  queue,
  rows,
  person,
  emailOnly,
} from "../support/notification-servers";

setUpNotificationServers();

describe("email through SMTP", () => {
  it("sends a real email in the recipient's language at send time, with the pickup code", async () => {
    const rosa = person({ notifySms: false, locale: "es" });
    queue(rosa.id, "order_confirmed", confirmedPayload("K7P2QX"), "order-confirmed:41");
    expect(rows()).toMatchObject([{ channel: "email", status: "pending", attempts: 0 }]);
    // She switches to Quechua before the message goes: it is rendered in Quechua.
    db().update(users).set({ locale: "qu" }).where(eq(users.id, rosa.id)).run();

    const summary = await createOutboxWorker().runOnce(new Date());
    expect(summary).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(mails).toHaveLength(1);
    const mail = readMail(mails[0].raw);
    expect(mails[0].to).toEqual([rosa.email]);
    expect(mails[0].user).toBe("qhatu"); // the credentials in SMTP_URL were used
    expect(mails[0].from).toBe("avisos@qhatu.test");
    expect(mail.to).toContain(rosa.email);
    expect(mail.subject).toBe("Mañakuyniyki allinmi, chaskina kamachiy K7P2QX");
    expect(mail.text).toContain("Napaykullayki, Rosa:");
    expect(mail.text).toContain("Chaskina kamachiy: K7P2QX");
    expect(mail.text).toContain(formatMoney(1250));
    expect(mail.text).toContain("Plataforma de Huancaro");
    expect(rows()).toMatchObject([{ status: "sent", attempts: 0, lastError: null }]);
    expect(rows()[0].sentAt).toBeInstanceOf(Date);

    // Sent is sent: another run sends nothing.
    expect(await createOutboxWorker().runOnce(new Date(Date.now() + 3600_000))).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
    });
    expect(mails).toHaveLength(1);
  });

  it("retries a refusing SMTP server with backoff and delivers later, nothing lost", async () => {
    const rosa = person({ notifySms: false, locale: "en" });
    queue(
      rosa.id,
      "order_cancelled",
      { orderId: 7, pickupCode: "ZX9Q4M", date: "2030-06-08" },
      "order-cancelled:7",
    );
    const worker = createOutboxWorker();
    const t0 = new Date();
    standIns.smtpRefuses = true;
    expect(await worker.runOnce(t0)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    let [row] = rows();
    expect(row.status).toBe("pending");
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/451|Mailbox busy/);
    expect(row.nextAttemptAt.getTime()).toBe(t0.getTime() + backoffMs(1));

    // Still refusing on the next due time: the wait doubles.
    const t1 = new Date(t0.getTime() + backoffMs(1));
    expect(await worker.runOnce(new Date(t1.getTime() - 1))).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
    });
    expect(await worker.runOnce(t1)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    [row] = rows();
    expect(row.attempts).toBe(2);
    expect(row.nextAttemptAt.getTime()).toBe(t1.getTime() + backoffMs(2));
    expect(backoffMs(2)).toBe(2 * backoffMs(1));

    standIns.smtpRefuses = false;
    expect(await worker.runOnce(row.nextAttemptAt)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(rows()).toMatchObject([{ status: "sent", attempts: 2 }]);
    expect(mails).toHaveLength(1);
    expect(readMail(mails[0].raw).subject).toBe("Order ZX9Q4M cancelled");
  });
});

describe("the outbox worker", () => {
  it("marks a message failed after the last attempt, and keeps it", async () => {
    const rosa = person({ notifySms: false });
    queue(
      rosa.id,
      "order_expired",
      { orderId: 8, pickupCode: "QQ7Q7Q", date: "2030-06-08" },
      "order-expired:8",
    );
    let calls = 0;
    const broken: Transport = async () => {
      calls++;
      throw new Error("connection reset");
    };
    const worker = createOutboxWorker({ transports: { email: broken }, maxAttempts: 3 });
    let now = new Date();
    for (let i = 0; i < 5; i++) {
      await worker.runOnce(now);
      now = new Date(now.getTime() + 7 * 3600_000);
    }
    expect(calls).toBe(3);
    expect(rows()).toMatchObject([
      { status: "failed", attempts: 3, lastError: "Error: connection reset", sentAt: null },
    ]);
  });

  it("resumes after a crash: claimed but unsent rows go out once the lease runs out", async () => {
    const rosa = person({ notifySms: false, locale: "es" });
    queue(rosa.id, "order_confirmed", confirmedPayload("R3ST4R"), "order-confirmed:99");
    const t0 = new Date();
    // A process claims the row and dies before sending.
    expect(claimDueNotifications({ now: t0 })).toHaveLength(1);
    expect(rows()[0].nextAttemptAt.getTime()).toBe(t0.getTime() + LEASE_MS);

    // The restarted process (a new worker) leaves it alone while the lease lasts…
    const restarted = createOutboxWorker({ transports: emailOnly() });
    expect((await restarted.runOnce(new Date(t0.getTime() + LEASE_MS - 1000))).sent).toBe(0);
    expect(mails).toHaveLength(0);
    // …and sends it once the lease has run out.
    expect((await restarted.runOnce(new Date(t0.getTime() + LEASE_MS))).sent).toBe(1);
    expect(mails).toHaveLength(1);
    expect(readMail(mails[0].raw).subject).toBe("Pedido confirmado, código R3ST4R");
    expect(rows()).toMatchObject([{ status: "sent" }]);
  });

  it("never sends twice when two loops run at once with a slow transport", async () => {
    const rosa = person({ notifySms: false });
    for (let i = 0; i < 5; i++) {
      queue(
        rosa.id,
        "order_cancelled",
        { orderId: i, pickupCode: `AAAA${i}B`, date: "2030-06-08" },
        `order-cancelled:${i}`,
      );
    }
    const delivered: string[] = [];
    const slow: Transport = async (_to, message) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      delivered.push(message.subject);
    };
    const now = new Date();
    const a = createOutboxWorker({ transports: { email: slow }, batchSize: 2 });
    const b = createOutboxWorker({ transports: { email: slow }, batchSize: 2 });
    const [ra, rb] = await Promise.all([a.runOnce(now), b.runOnce(now)]);
    expect(ra.sent + rb.sent).toBe(5);
    expect(delivered).toHaveLength(5);
    expect(new Set(delivered).size).toBe(5);
    expect(rows().every((r) => r.status === "sent")).toBe(true);
  });

  it("fails a message queued for a channel the server does not send on, visibly", async () => {
    const rosa = person();
    // As cancel-day.server.ts queues it: straight into the outbox, channel sms.
    db()
      .insert(notificationOutbox)
      .values({
        dedupeKey: `market-day-cancelled:1:${rosa.id}`,
        userId: rosa.id,
        channel: "sms",
        template: "market_day_cancelled",
        payload: JSON.stringify({ date: "2030-06-08", pickupCode: "MDC111", locale: "es" }),
      })
      .run();
    await createOutboxWorker({ transports: emailOnly() }).runOnce(new Date());
    expect(rows()).toMatchObject([
      { status: "failed", attempts: 1, lastError: "PermanentError: channel sms is not configured" },
    ]);
  });
});

describe("SMS and WhatsApp adapters", () => {
  it("send Twilio's Messages API request and retry on a 500", async () => {
    const rosa = person({
      notifyEmail: false,
      notifySms: true,
      phone: "+51987654321",
      locale: "es",
    });
    queue(
      rosa.id,
      "pickup_reminder",
      { ...confirmedPayload("PK4R7M"), totalCents: undefined },
      "pickup-reminder:41",
    );
    expect(rows().map((r) => r.channel)).toEqual(["sms"]);
    const worker = createOutboxWorker();
    standIns.httpStatus = 500;
    const t0 = new Date();
    expect(await worker.runOnce(t0)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(rows()).toMatchObject([{ status: "pending", attempts: 1 }]);
    expect(rows()[0].lastError).toContain("Twilio answered 500");
    expect(rows()[0].nextAttemptAt.getTime()).toBeGreaterThan(t0.getTime());

    standIns.httpStatus = 201;
    expect((await worker.runOnce(rows()[0].nextAttemptAt)).sent).toBe(1);
    expect(hits).toHaveLength(2);
    const hit = hits[1];
    expect(hit.method).toBe("POST");
    expect(hit.path).toBe("/2010-04-01/Accounts/AC0123456789/Messages.json");
    expect(hit.headers.authorization).toBe(
      `Basic ${Buffer.from("AC0123456789:twilio-token").toString("base64")}`,
    );
    expect(hit.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    const form = new URLSearchParams(hit.body);
    expect(form.get("To")).toBe("+51987654321");
    expect(form.get("From")).toBe("+15005550006");
    const body = form.get("Body")!;
    expect(body).toMatch(/^Qhatu: recoges tu pedido PK4R7M el sáb, 8 jun/);
    expect(body).toContain("Plataforma de Huancaro");
    expect(body.length).toBeLessThanOrEqual(160);
    expect(rows()).toMatchObject([{ status: "sent" }]);
  });

  it("sends Meta's WhatsApp Cloud API request", async () => {
    const rosa = person({
      notifyEmail: false,
      notifySms: false,
      notifyWhatsapp: true,
      phone: "+51984111222",
      locale: "en",
    });
    queue(rosa.id, "order_confirmed", confirmedPayload("WA5P9K"), "order-confirmed:5");
    expect(rows().map((r) => r.channel)).toEqual(["whatsapp"]);
    expect((await createOutboxWorker().runOnce(new Date())).sent).toBe(1);
    expect(hits).toHaveLength(1);
    const [hit] = hits;
    expect(hit.method).toBe("POST");
    expect(hit.path).toBe("/v20.0/106540352242922/messages");
    expect(hit.headers.authorization).toBe("Bearer meta-token");
    expect(hit.headers["content-type"]).toBe("application/json");
    const json = JSON.parse(hit.body);
    expect(json).toMatchObject({ messaging_product: "whatsapp", to: "51984111222", type: "text" });
    expect(json.text.body).toMatch(
      /^Qhatu: order confirmed, code WA5P9K\. Total S\/\s12\.50\. Pickup: Sat, Jun 8, 8:00\sAM–8:30\sAM$/,
    );
  });

  it("uses the same request shapes when called directly", async () => {
    const to = { name: "Juan", email: null, phone: "+51911222333" };
    const message = { subject: "s", text: "t", short: "hola" };
    await twilioSmsTransport({ accountSid: "ACx", authToken: "y", from: "+1500", apiUrl })(
      to,
      message,
    );
    await whatsappTransport({ token: "tok", phoneNumberId: "42", apiUrl })(to, message);
    expect(hits.map((h) => `${h.method} ${h.path}`)).toEqual([
      "POST /2010-04-01/Accounts/ACx/Messages.json",
      "POST /v20.0/42/messages",
    ]);
    standIns.httpStatus = 500;
    await expect(
      whatsappTransport({ token: "tok", phoneNumberId: "42", apiUrl })(to, message),
    ).rejects.toThrow(/WhatsApp answered 500/);
  });
});

describe("queueNotification", () => {
  it("queues a message once per channel, however often it is asked", () => {
    const rosa = person({ notifyWhatsapp: true });
    for (let i = 0; i < 3; i++) {
      queue(rosa.id, "order_confirmed", confirmedPayload("DUP123"), "order-confirmed:123");
    }
    expect(
      rows()
        .map((r) => r.dedupeKey)
        .sort(),
    ).toEqual([
      "order-confirmed:123:email",
      "order-confirmed:123:sms",
      "order-confirmed:123:whatsapp",
    ]);
  });

  it("follows each person's choice and address", () => {
    const noEmailChoice = person({ notifyEmail: false, notifySms: true });
    const phoneOnly = person({ email: null, notifyEmail: true, notifySms: true });
    const emailNoPhone = person({ phone: null, notifySms: true, notifyWhatsapp: true });
    const none = person({ notifyEmail: false, notifySms: false });
    for (const p of [noEmailChoice, phoneOnly, emailNoPhone, none]) {
      queue(
        p.id,
        "order_cancelled",
        { orderId: p.id, pickupCode: "ABCDEF", date: "2030-06-08" },
        `c:${p.id}`,
      );
    }
    const byUser = (id: number) =>
      rows()
        .filter((r) => r.userId === id)
        .map((r) => r.channel);
    expect(byUser(noEmailChoice.id)).toEqual(["sms"]);
    expect(byUser(phoneOnly.id)).toEqual(["sms"]);
    expect(byUser(emailNoPhone.id)).toEqual(["email"]);
    expect(byUser(none.id)).toEqual([]);
  });

  it("queues only configured channels, and the log in development when none is", async () => {
    configure({ TWILIO_ACCOUNT_SID: undefined, WHATSAPP_TOKEN: undefined });
    const rosa = person({ notifyWhatsapp: true });
    queue(
      rosa.id,
      "order_cancelled",
      { orderId: 1, pickupCode: "ABCDEF", date: "2030-06-08" },
      "c:1",
    );
    expect(rows().map((r) => r.channel)).toEqual(["email"]);

    configure({ SMTP_URL: undefined, TWILIO_ACCOUNT_SID: undefined, WHATSAPP_TOKEN: undefined });
    queue(
      rosa.id,
      "order_cancelled",
      { orderId: 2, pickupCode: "GHJKLM", date: "2030-06-08" },
      "c:2",
    );
    expect(rows().map((r) => r.channel)).toEqual(["email", "log"]);
    const printed: string[] = [];
    const { logTransport } = await import("../../app/features/notifications/log.server");
    await createOutboxWorker({
      transports: { log: logTransport((line) => printed.push(line)) },
    }).runOnce(new Date());
    // The log transport stands in for the channel nobody configured, too.
    expect(printed).toHaveLength(2);
    expect(printed[1]).toContain("Pedido GHJKLM cancelado");
    // The address is masked: the log collects no phone numbers or emails.
    expect(printed.join("\n")).not.toMatch(/\d{9}|[\w.]+@[\w.]+\.\w+/);
    expect(printed.join("\n")).toMatch(/<\+51 9•• ••• \d{3}>|<.•••@/);
    expect(rows().map((r) => r.status)).toEqual(["sent", "sent"]);
  });
});
