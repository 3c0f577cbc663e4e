/**
 * "Forgot your password?" (/recuperar, /recuperar/codigo) through the real route actions and
 * the outbox worker: the code goes to the contact asked for, whatever the person chose at
 * /cuenta; the answer is the same for a contact nobody has; codes expire, work once, die after
 * five wrong tries and end when a new one is asked for; requests are throttled per contact and
 * per IP; a reset ends every session and logs the person in anew; codes are never stored in
 * clear.
 */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { resetEnv } from "../../app/infra/env.server";
import { takeFlash } from "../../app/infra/flash.server";
import { openCode } from "../../app/features/access/code-crypto.server";
import { verifyPassword } from "../../app/features/access/password.server";
import {
  CODE_TTL_MS,
  MAX_CODE_FAILURES,
  requestPasswordReset,
} from "../../app/features/access/account-codes.server";
import { MAX_CODE_REQUESTS_PER_IP } from "../../app/features/access/login-throttle.server";
import { createOutboxWorker } from "../../app/features/notifications/outbox-worker.server";
import type { RenderedMessage, Recipient } from "../../app/features/notifications/types.server";
import * as recover from "../../app/routes/recuperar._index";
import * as codePage from "../../app/routes/recuperar.codigo";
import { getUser } from "../../app/infra/session.server";
import { accountCodes, loginAttempts, notificationOutbox, sessions, users } from "../../db/schema";
import { createMarket, createMembership, createUser } from "../factories";
import { cookiesFrom, formRequest, getRequest, loggedInCookie, run } from "../helpers";

const NEW_PASSWORD = "chuño negro de Puno";
let ipCounter = 0;
/** A fresh client address per test, so throttling never carries over between tests. */
const freshIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

let marketId: number;
// What the outbox and the codes held before each test, to see what it added.
let outboxCountBefore = 0;
let codesBefore: (typeof accountCodes.$inferSelect)[] = [];
beforeEach(() => {
  marketId ??= createMarket().id;
  outboxCountBefore = db().select().from(notificationOutbox).all().length;
  codesBefore = db().select().from(accountCodes).all();
});

function person(values: Parameters<typeof createUser>[0] = {}) {
  const user = createUser({ name: "Rosa Quispe", ...values });
  createMembership({ userId: user.id, marketId, role: "consumer" });
  return user;
}

function ask(contact: string, ip = freshIp()) {
  return run(recover.action, formRequest("/recuperar", { contact }), {
    context: { clientIp: ip },
  });
}

function submitCode(fields: Record<string, string>, { ip = freshIp(), cookie = "" } = {}) {
  return run(
    codePage.action,
    formRequest("/recuperar/codigo", { password: NEW_PASSWORD, ...fields }, { cookie }),
    { context: { clientIp: ip } },
  );
}

type Sent = { to: Recipient; message: RenderedMessage; channel: string };
/** Runs the outbox worker with transports that keep what they are given. */
async function deliver(now = new Date()) {
  const sent: Sent[] = [];
  const keep = (channel: string) => async (to: Recipient, message: RenderedMessage) => {
    sent.push({ to, message, channel });
  };
  await createOutboxWorker({
    transports: { log: keep("log"), sms: keep("sms"), email: keep("email") },
  }).runOnce(now);
  return sent;
}

const codeIn = (sent: Sent) => /\b(\d{6})\b/.exec(sent.message.text)![1];

/** The messages delivered now to one phone or email (other tests' leftovers are sent too). */
async function sentTo(address: string, now?: Date) {
  return (await deliver(now)).filter((s) => s.to.phone === address || s.to.email === address);
}

/** The code of the one message delivered now to `address`. */
async function codeSentTo(address: string) {
  const sent = await sentTo(address);
  expect(sent).toHaveLength(1);
  return codeIn(sent[0]);
}

const codeRows = (userId: number) =>
  db().select().from(accountCodes).where(eq(accountCodes.userId, userId)).all();
const outboxOf = (userId: number) =>
  db().select().from(notificationOutbox).where(eq(notificationOutbox.userId, userId)).all();
const passwordHashOf = (userId: number) =>
  db().select({ h: users.passwordHash }).from(users).where(eq(users.id, userId)).get()!.h;

describe("asking for a code", () => {
  it("sends it to the phone typed, even with SMS switched off at /cuenta, in the person's language", async () => {
    const rosa = person({ phone: "+51987100001", notifySms: false, locale: "qu" });
    const response = await ask("987 100 001");
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/recuperar/codigo?contacto=%2B51987100001");
    const sent = await sentTo("+51987100001");
    expect(sent).toHaveLength(1);
    expect(sent[0].to).toMatchObject({ phone: "+51987100001", email: null });
    expect(sent[0].message.short).toMatch(/^Qhatu: musuq pakasqa simi/);
    expect(codeRows(rosa.id)).toHaveLength(1);
  });

  it("emails a link to the code page with the contact and the code filled in", async () => {
    person({ email: "ana.recupera@example.pe", phone: null, notifyEmail: false });
    await ask("Ana.Recupera@example.pe");
    const [sent] = await sentTo("ana.recupera@example.pe");
    expect(sent.to).toMatchObject({ email: "ana.recupera@example.pe", phone: null });
    const code = codeIn(sent);
    const link = /(http:\/\/localhost:3000\/recuperar\/codigo\?\S+)/.exec(sent.message.text)![1];
    expect(link).toBe(
      `http://localhost:3000/recuperar/codigo?contacto=ana.recupera%40example.pe&codigo=${code}`,
    );
    const page = await (await run(codePage.loader, getRequest(link.slice(21)))).json();
    expect(page).toMatchObject({ contact: "ana.recupera@example.pe", code });
  });

  it("links only to the site's own address in production, whatever Host the request names", async () => {
    person({ email: "eva.host@example.pe", phone: null });
    const forged = (contact: string) =>
      run(
        recover.action,
        new Request("http://evil.example/recuperar", {
          method: "POST",
          body: new URLSearchParams({ contact }),
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        }),
        { context: { clientIp: freshIp() } },
      );
    const linkIn = async () => {
      const [sent] = await sentTo("eva.host@example.pe");
      return /https?:\/\/\S+/.exec(sent.message.text)?.[0] ?? null;
    };
    try {
      process.env.NODE_ENV = "production";
      process.env.NOTIFY_LOG = "on";
      resetEnv();
      await forged("eva.host@example.pe");
      expect(await linkIn()).toBeNull();
      process.env.PUBLIC_URL = "https://feria.example.pe";
      resetEnv();
      await forged("eva.host@example.pe");
      expect(await linkIn()).toMatch(/^https:\/\/feria\.example\.pe\/recuperar\/codigo\?/);
    } finally {
      process.env.NODE_ENV = "test";
      delete process.env.PUBLIC_URL;
      delete process.env.NOTIFY_LOG;
      resetEnv();
    }
  });

  it("answers the same for a contact nobody has, and sends nothing", async () => {
    const known = person({ phone: "+51987100002" });
    const answers = [];
    for (const contact of ["987100002", "987100003"]) {
      const response = await ask(contact);
      const flash = await takeFlash(getRequest("/", { cookie: cookiesFrom(response) }));
      const target = response.headers.get("Location")!;
      const page = await (await run(codePage.loader, getRequest(target))).json();
      answers.push({
        status: response.status,
        target: target.replace(contact, "…"),
        flash: { ...flash.flash, values: { ...flash.flash?.values, contact: "…" } },
        page: { ...page, contact: page.contact.replace(contact, "…") },
      });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[0].flash).toMatchObject({ key: "recovery.flash.sent", values: { minutes: 15 } });
    expect(outboxOf(known.id)).toHaveLength(1);
    expect(db().select().from(notificationOutbox).all()).toHaveLength(outboxCountBefore + 1);
    expect(
      db()
        .select()
        .from(accountCodes)
        .all()
        .filter((row) => row.userId !== known.id),
    ).toEqual(codesBefore);
  });

  it("refuses bad input with a 400, keeping what was typed and writing nothing", async () => {
    const before = db().select().from(loginAttempts).all().length;
    for (const contact of ["12345", "rosa@", ""]) {
      const response = await ask(contact);
      expect(response.status).toBe(400);
      const reply = await response.json();
      expect(reply.error.contact).toEqual([contact ? "errors.contactInvalid" : "errors.required"]);
      if (contact) expect(reply.initialValue.contact).toBe(contact);
    }
    expect(db().select().from(loginAttempts).all()).toHaveLength(before);
  });
});

describe("throttling", () => {
  it("allows five codes per contact an hour, from any IPs, then says how long to wait", async () => {
    const rosa = person({ phone: "+51987100010" });
    for (let i = 0; i < 5; i++) expect((await ask("987100010")).status).toBe(302);
    const refused = await ask("987100010");
    expect(refused.status).toBe(429);
    const reply = await refused.json();
    expect(reply.error[""]).toEqual(["recovery.errors.tooManyRequests"]);
    expect(reply.retryInMinutes).toBeGreaterThanOrEqual(59);
    expect(reply.initialValue.contact).toBe("987100010");
    expect(outboxOf(rosa.id)).toHaveLength(5);
    // A contact nobody has is throttled the same way: a refusal tells nothing.
    for (let i = 0; i < 5; i++) expect((await ask("987100011")).status).toBe(302);
    expect((await ask("987100011")).status).toBe(429);
  });

  it("allows a limited number of codes from one IP across contacts", async () => {
    const ip = freshIp();
    for (let i = 0; i < MAX_CODE_REQUESTS_PER_IP; i++) {
      expect((await ask(`9872000${String(i).padStart(2, "0")}`, ip)).status).toBe(302);
    }
    const rosa = person({ phone: "+51987200099" });
    expect((await ask("987200099", ip)).status).toBe(429);
    expect(outboxOf(rosa.id)).toEqual([]);
    // Another IP still gets one.
    expect((await ask("987200099")).status).toBe(302);
    expect(outboxOf(rosa.id)).toHaveLength(1);
  });
});

describe("using a code", () => {
  it("sets the password, ends every session of the account and logs in with a new one", async () => {
    const rosa = person({ phone: "+51987100020" });
    const phoneSession = await loggedInCookie(rosa.id);
    const laptopSession = await loggedInCookie(rosa.id);
    await ask("987100020");
    const code = await codeSentTo("+51987100020");
    const response = await submitCode({ contact: "987100020", code }, { cookie: phoneSession });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
    for (const old of [phoneSession, laptopSession]) {
      expect(await getUser(getRequest("/", { cookie: old }))).toBeNull();
    }
    const cookie = cookiesFrom(response);
    expect((await getUser(getRequest("/", { cookie })))?.user.id).toBe(rosa.id);
    expect(db().select().from(sessions).where(eq(sessions.userId, rosa.id)).all()).toHaveLength(1);
    expect(await verifyPassword(passwordHashOf(rosa.id), NEW_PASSWORD)).toBe(true);
    expect((await takeFlash(getRequest("/", { cookie }))).flash?.key).toBe(
      "recovery.flash.passwordSet",
    );
  });

  it("works once", async () => {
    const rosa = person({ phone: "+51987100021" });
    await ask("987100021");
    const code = await codeSentTo("+51987100021");
    expect((await submitCode({ contact: "987100021", code })).status).toBe(302);
    const hash = passwordHashOf(rosa.id);
    const again = await submitCode({ contact: "987100021", code, password: "otra clave larga" });
    expect(again.status).toBe(400);
    expect((await again.json()).error[""]).toEqual(["recovery.errors.codeInvalid"]);
    expect(passwordHashOf(rosa.id)).toBe(hash);
  });

  it("expires", async () => {
    const rosa = person({ phone: "+51987100022" });
    const asked = new Date(Date.now() - CODE_TTL_MS - 1000);
    requestPasswordReset({
      contact: { kind: "phone", value: "+51987100022" },
      ip: freshIp(),
      origin: null,
      now: asked,
    });
    // Too late to send: the worker drops it rather than deliver a dead code.
    expect(await sentTo("+51987100022")).toEqual([]);
    const [row] = outboxOf(rosa.id);
    expect(row).toMatchObject({ status: "failed" });
    const code = openCode(JSON.parse(row.payload).sealedCode)!;
    const hash = passwordHashOf(rosa.id);
    const late = await submitCode({ contact: "987100022", code });
    expect(late.status).toBe(400);
    expect((await late.json()).error[""]).toEqual(["recovery.errors.codeInvalid"]);
    expect(passwordHashOf(rosa.id)).toBe(hash);
  });

  it(`dies after ${MAX_CODE_FAILURES} wrong tries, with one message for all of them`, async () => {
    const rosa = person({ phone: "+51987100023" });
    await ask("987100023");
    const code = await codeSentTo("+51987100023");
    const wrong = code === "000000" ? "111111" : "000000";
    const replies = [];
    for (let i = 0; i < MAX_CODE_FAILURES; i++) {
      const response = await submitCode({ contact: "987100023", code: wrong });
      expect(response.status).toBe(400);
      replies.push((await response.json()).error);
    }
    const right = await submitCode({ contact: "987100023", code });
    expect(right.status).toBe(400);
    replies.push((await right.json()).error);
    // Wrong, then worn out, then an account nobody has: the same words each time.
    const unknown = await submitCode({ contact: "987100024", code });
    replies.push((await unknown.json()).error);
    expect(new Set(replies.map((r) => JSON.stringify(r)))).toEqual(
      new Set([JSON.stringify({ "": ["recovery.errors.codeInvalid"] })]),
    );
    expect(codeRows(rosa.id)[0]).toMatchObject({ failedAttempts: MAX_CODE_FAILURES, usedAt: null });
  });

  it("ends the earlier code when another is asked for", async () => {
    person({ phone: "+51987100025" });
    await ask("987100025");
    const first = await codeSentTo("+51987100025");
    await ask("987100025");
    const second = await codeSentTo("+51987100025");
    if (first !== second) {
      expect((await submitCode({ contact: "987100025", code: first })).status).toBe(400);
    }
    expect((await submitCode({ contact: "987100025", code: second })).status).toBe(302);
  });

  it("locks guesses from one IP like logins", async () => {
    person({ phone: "+51987100026" });
    const ip = freshIp();
    for (let i = 0; i < 10; i++) {
      expect((await submitCode({ contact: "987100026", code: "123456" }, { ip })).status).toBe(400);
    }
    await ask("987100026");
    const code = await codeSentTo("+51987100026");
    const locked = await submitCode({ contact: "987100026", code }, { ip });
    expect(locked.status).toBe(429);
    expect((await locked.json()).error[""]).toEqual(["errors.loginLocked"]);
  });

  it.each([
    ["a code that is not six digits", { code: "12a456" }, "code", "recovery.errors.codeFormat"],
    ["a short password", { password: "corta" }, "password", "errors.passwordTooShort"],
    ["a common password", { password: "password123" }, "password", "errors.passwordCommon"],
  ])(
    "refuses %s with a 400, typed values kept but not the password",
    async (_, bad, field, error) => {
      const rosa = person();
      requestPasswordReset({
        contact: { kind: "phone", value: rosa.phone! },
        ip: freshIp(),
        origin: null,
      });
      const before = codeRows(rosa.id);
      const hash = passwordHashOf(rosa.id);
      const response = await submitCode({ contact: rosa.phone!, code: "123456", ...bad });
      expect(response.status).toBe(400);
      const reply = await response.json();
      expect(reply.error[field]).toContain(error);
      expect(reply.initialValue.contact).toBe(rosa.phone);
      expect(reply.initialValue.password).toBeUndefined();
      // Nothing written: the code was not tried, the password is the same.
      expect(codeRows(rosa.id)).toEqual(before);
      expect(passwordHashOf(rosa.id)).toBe(hash);
    },
  );
});

describe("storage", () => {
  it("keeps only a keyed hash of the code, and the outbox only a sealed one", async () => {
    const rosa = person({ phone: "+51987100030", email: "rosa.sello@example.pe" });
    await ask("987100030");
    await ask("rosa.sello@example.pe");
    const codes = (await deliver())
      .filter((s) => s.to.phone === "+51987100030" || s.to.email === "rosa.sello@example.pe")
      .map(codeIn);
    expect(codes).toHaveLength(2);
    const stored = JSON.stringify([
      codeRows(rosa.id),
      outboxOf(rosa.id),
      db().select().from(loginAttempts).all(),
    ]);
    for (const code of codes) expect(stored).not.toContain(code);
    for (const row of codeRows(rosa.id)) expect(row.codeHash).toMatch(/^[\w-]{43}$/);
  });
});
