/**
 * What the notification tests share (notifications.test.ts, notification-jobs.test.ts): a real
 * SMTP server (smtp-server) and a local HTTP server standing in for Twilio and Meta, the
 * configuration pointing at them, a mail reader, and the outbox read back.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { db } from "../../app/infra/db.server";
import { resetEnv } from "../../app/infra/env.server";
import { limaInstant } from "../../app/lib/time";
import {
  queueNotification,
  type NotificationTemplate,
} from "../../app/features/notifications/notifications.server";
import { emailTransport } from "../../app/features/notifications/email.server";
import { notificationOutbox, users } from "../../db/schema";
import { createUser } from "../factories";

// --- a real SMTP server -------------------------------------------------------------------

export type Mail = { from: string; to: string[]; raw: string; user?: string };
export const mails: Mail[] = [];
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
        if (standIns.smtpRefuses) {
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
export function readMail(raw: string) {
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

/** What the stand-ins answer, set by a test: a refusing SMTP server, an HTTP status. */
export const standIns = { smtpRefuses: false, httpStatus: 201 };

export type Hit = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };
export const hits: Hit[] = [];
let api: http.Server;
export let apiUrl: string;

function startApi() {
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      hits.push({ method: req.method ?? "", path: req.url ?? "", headers: req.headers, body });
      res.writeHead(standIns.httpStatus, { "Content-Type": "application/json" });
      res.end(standIns.httpStatus < 300 ? '{"sid":"SM1"}' : '{"message":"upstream trouble"}');
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

export function configure(extra: Record<string, string | undefined> = {}) {
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

/**
 * For the test file that calls it: the SMTP server and the HTTP stand-ins started and the
 * configuration set before its tests, and an empty outbox and fresh stand-ins before each.
 */
export function setUpNotificationServers() {
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
    standIns.smtpRefuses = false;
    standIns.httpStatus = 201;
  });
}

// --- helpers ------------------------------------------------------------------------------

export const SLOT_START = limaInstant("2030-06-08", "08:00").getTime();
export const SLOT_END = limaInstant("2030-06-08", "08:30").getTime();

export function confirmedPayload(code: string) {
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

export function queue(
  userId: number,
  template: NotificationTemplate,
  payload: object,
  key: string,
) {
  db().transaction(
    (tx) => queueNotification(tx, { userId, template, payload: { ...payload }, dedupeKey: key }),
    { behavior: "immediate" },
  );
}

export const rows = () =>
  db().select().from(notificationOutbox).orderBy(notificationOutbox.id).all();

let counter = 0;
export function person(values: Partial<typeof users.$inferInsert> = {}) {
  counter++;
  return createUser({
    name: "Rosa Quispe Huamán",
    email: `rosa${counter}-${Date.now()}@example.pe`,
    phone: `+5198700${String(counter).padStart(4, "0")}`,
    ...values,
  });
}

export const emailOnly = () => ({
  email: emailTransport({ smtpUrl, from: CONFIG.MAIL_FROM }),
});
