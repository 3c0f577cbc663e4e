/**
 * Notifications end to end without the internet: real email to an SMTP server started here
 * (smtp-server), the SMS and WhatsApp adapters against local HTTP servers standing in for
 * Twilio and Meta, and the outbox worker's promises — retried with backoff and never lost when
 * a transport fails, resumed by a new worker after a crash, never sent twice within a lease,
 * failed rows kept — plus dedupe, each person's channel choice, and the reminder and digest
 * jobs queuing once each at the right time.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq, inArray } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { resetEnv } from "../../app/infra/env.server";
import { sealCode } from "../../app/features/access/code-crypto.server";
import { formatMoney } from "../../app/lib/format";
import { addDays, limaInstant } from "../../app/lib/time";
import {
  queueNotification,
  type NotificationTemplate,
} from "../../app/features/notifications/notifications.server";
import {
  backoffMs,
  claimDueNotifications,
  createOutboxWorker,
  LEASE_MS,
} from "../../app/features/notifications/outbox-worker.server";
import {
  queuePickupReminders,
  queueProducerDigests,
} from "../../app/features/notifications/reminders.server";
import { emailTransport } from "../../app/features/notifications/email.server";
import { renderMessage } from "../../app/features/notifications/render.server";
import { twilioSmsTransport } from "../../app/features/notifications/sms.server";
import type { Transport } from "../../app/features/notifications/types.server";
import { whatsappTransport } from "../../app/features/notifications/whatsapp.server";
import { notificationOutbox, orders, users } from "../../db/schema";
import {
  createCategory,
  createMarket,
  createMarketDay,
  createOffer,
  createOrder,
  createProducer,
  createProduct,
  createUser,
} from "../factories";

// --- a real SMTP server -------------------------------------------------------------------

type Mail = { from: string; to: string[]; raw: string; user?: string };
const mails: Mail[] = [];
let smtpRefuses = false;
let smtp: SMTPServer;
let smtpUrl: string;

function startSmtp() {
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === "qhatu" && auth.password === "s3cret") {
        callback(null, { user: auth.username });
      } else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (smtpRefuses) {
          const error = Object.assign(new Error("Mailbox busy, try later"), { responseCode: 451 });
          return callback(error);
        }
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          user: session.user as string | undefined,
        });
        callback();
      });
    },
  });
  return new Promise<SMTPServer>((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Decodes RFC 2047 words in a header and a quoted-printable or base64 body. */
function readMail(raw: string) {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const body = raw.slice(split + 4);
  const words = (value: string) =>
    value
      .replace(/\?=\s+=\?/g, "?==?")
      .replace(/=\?utf-8\?([qb])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
        kind.toLowerCase() === "b"
          ? Buffer.from(text, "base64").toString("utf8")
          : Buffer.from(
              text
                .replace(/_/g, " ")
                .replace(/=([0-9a-f]{2})/gi, (_m, h: string) =>
                  String.fromCharCode(parseInt(h, 16)),
                ),
              "latin1",
            ).toString("utf8"),
      );
  const header = (name: string) =>
    words(head.match(new RegExp(`^${name}: (.*)$`, "im"))?.[1] ?? "");
  const encoding = header("Content-Transfer-Encoding").toLowerCase();
  const text =
    encoding === "quoted-printable"
      ? Buffer.from(
          body
            .replace(/=\r\n/g, "")
            .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          "latin1",
        ).toString("utf8")
      : encoding === "base64"
        ? Buffer.from(body, "base64").toString("utf8")
        : body;
  return { subject: header("Subject"), to: header("To"), from: header("From"), text };
}

// --- local stand-ins for Twilio and Meta --------------------------------------------------

type Hit = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };
const hits: Hit[] = [];
let httpStatus = 201;
let api: http.Server;
let apiUrl: string;

function startApi() {
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      hits.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      res.writeHead(httpStatus, { "Content-Type": "application/json" });
      res.end(httpStatus < 300 ? '{"sid":"SM1"}' : '{"message":"upstream trouble"}');
    });
  });
  return new Promise<http.Server>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(server)),
  );
}

const CONFIG = {
  MAIL_FROM: "Qhatu <avisos@qhatu.test>",
  TWILIO_ACCOUNT_SID: "AC0123456789",
  TWILIO_AUTH_TOKEN: "twilio-token",
  TWILIO_FROM: "+15005550006",
  WHATSAPP_TOKEN: "meta-token",
  WHATSAPP_PHONE_NUMBER_ID: "106540352242922",
};

function configure(extra: Record<string, string | undefined> = {}) {
  const all: Record<string, string | undefined> = {
    ...CONFIG,
    SMTP_URL: smtpUrl,
    TWILIO_API_URL: apiUrl,
    WHATSAPP_API_URL: apiUrl,
    ...extra,
  };
  for (const [key, value] of Object.entries(all)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnv();
}

beforeAll(async () => {
  smtp = await startSmtp();
  smtpUrl = `smtp://qhatu:s3cret@127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  api = await startApi();
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  configure();
});

afterAll(async () => {
  for (const key of [...Object.keys(CONFIG), "SMTP_URL", "TWILIO_API_URL", "WHATSAPP_API_URL"]) {
    delete process.env[key];
  }
  resetEnv();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => api.close(() => resolve()));
});

beforeEach(() => {
  configure();
  db().delete(notificationOutbox).run();
  mails.length = 0;
  hits.length = 0;
  smtpRefuses = false;
  httpStatus = 201;
});

// --- helpers ------------------------------------------------------------------------------

const SLOT_START = limaInstant("2030-06-08", "08:00").getTime();
const SLOT_END = limaInstant("2030-06-08", "08:30").getTime();

function confirmedPayload(code: string) {
  return {
    orderId: 41,
    pickupCode: code,
    date: "2030-06-08",
    slotStartsAt: SLOT_START,
    slotEndsAt: SLOT_END,
    place: "Plataforma de Huancaro",
    totalCents: 1250,
  };
}

function queue(userId: number, template: NotificationTemplate, payload: object, key: string) {
  db().transaction(
    (tx) => queueNotification(tx, { userId, template, payload: { ...payload }, dedupeKey: key }),
    { behavior: "immediate" },
  );
}

const rows = () => db().select().from(notificationOutbox).orderBy(notificationOutbox.id).all();

let counter = 0;
function person(values: Partial<typeof users.$inferInsert> = {}) {
  counter++;
  return createUser({
    name: "Rosa Quispe Huamán",
    email: `rosa${counter}-${Date.now()}@example.pe`,
    phone: `+5198700${String(counter).padStart(4, "0")}`,
    ...values,
  });
}

const emailOnly = () => ({
  email: emailTransport({ smtpUrl, from: CONFIG.MAIL_FROM }),
});

// --- tests --------------------------------------------------------------------------------

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
    smtpRefuses = true;
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

    smtpRefuses = false;
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
    httpStatus = 500;
    const t0 = new Date();
    expect(await worker.runOnce(t0)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    expect(rows()).toMatchObject([{ status: "pending", attempts: 1 }]);
    expect(rows()[0].lastError).toContain("Twilio answered 500");
    expect(rows()[0].nextAttemptAt.getTime()).toBeGreaterThan(t0.getTime());

    httpStatus = 201;
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
    httpStatus = 500;
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

describe("reminders and digests", () => {
  const DATE = "2031-03-08";
  let scene: Awaited<ReturnType<typeof buildScene>>;

  function buildScene() {
    const market = createMarket();
    const category = createCategory({ marketId: market.id });
    const { day, slots } = createMarketDay({ marketId: market.id, date: DATE });
    const other = createMarketDay({ marketId: market.id, date: addDays(DATE, 7) });
    const p1 = createProducer({ marketId: market.id, user: person({ locale: "es" }) });
    const p2 = createProducer({ marketId: market.id, user: person({ locale: "en" }) });
    const idle = createProducer({ marketId: market.id });
    const papa = createProduct({
      producerId: p1.producer.id,
      categoryId: category.id,
      name: "Papa huayro",
      unit: "kg",
    });
    const oca = createProduct({
      producerId: p1.producer.id,
      categoryId: category.id,
      name: "Oca",
      unit: "kg",
    });
    const queso = createProduct({
      producerId: p2.producer.id,
      categoryId: category.id,
      name: "Queso fresco",
      unit: "unidad",
    });
    const papaOffer = createOffer({
      marketDayId: day.id,
      productId: papa.id,
      producerId: p1.producer.id,
    });
    const ocaOffer = createOffer({
      marketDayId: day.id,
      productId: oca.id,
      producerId: p1.producer.id,
    });
    const quesoOffer = createOffer({
      marketDayId: day.id,
      productId: queso.id,
      producerId: p2.producer.id,
    });
    createProduct({ producerId: idle.producer.id, categoryId: category.id });
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
    const o1 = order(0, "confirmed", [
      { offer: papaOffer, productName: "Papa huayro", unit: "kg", quantity: 3 },
      { offer: quesoOffer, productName: "Queso fresco", unit: "unidad", quantity: 2 },
    ]);
    const o2 = order(1, "confirmed", [
      { offer: papaOffer, productName: "Papa huayro", unit: "kg", quantity: 2 },
      { offer: ocaOffer, productName: "Oca", unit: "kg", quantity: 1 },
    ]);
    const cancelled = order(2, "cancelled", [
      { offer: papaOffer, productName: "Papa huayro", unit: "kg", quantity: 10 },
    ]);
    // An order on next week's market day: no reminder this week.
    const otherOffer = createOffer({
      marketDayId: other.day.id,
      productId: papa.id,
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
    const market = createMarket();
    const category = createCategory({ marketId: market.id });
    const { day, slots } = createMarketDay({ marketId: market.id, date });
    const grower = createProducer({ marketId: market.id, user: person({ locale: "es" }) });
    const offer = createOffer({
      marketDayId: day.id,
      producerId: grower.producer.id,
      productId: createProduct({
        producerId: grower.producer.id,
        categoryId: category.id,
        name: "Mashua",
        unit: "kg",
      }).id,
    });
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
