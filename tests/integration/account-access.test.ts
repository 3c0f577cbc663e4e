/**
 * The account page's access forms (/cuenta): a new password needs the current one and ends
 * every other session (this one stays); a new phone or email needs the current password, gets
 * a code sent to it, and takes effect only when the code comes back, refused when another
 * account has it (when asked, when confirmed, and by the UNIQUE index in a race). Bad input is
 * a 400 with the values typed (never a password) and nothing written.
 */
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { takeFlash } from "../../app/infra/flash.server";
import { openCode } from "../../app/features/access/code-crypto.server";
import { verifyPassword } from "../../app/features/access/password.server";
import { requestPasswordReset } from "../../app/features/access/account-codes.server";
import * as account from "../../app/routes/cuenta";
import { getUser } from "../../app/infra/session.server";
import { accountCodes, notificationOutbox, sessions, users } from "../../db/schema";
import { createUser } from "../factories";
import { cookiesFrom, formRequest, getRequest, loggedInCookie, run } from "../helpers";

const PASSWORD = "feria2026";
let n = 0;
const freshIp = () => `10.1.${Math.floor(++n / 250)}.${n % 250}`;

let user: ReturnType<typeof createUser>;
let cookie: string;
beforeEach(async () => {
  user = createUser({ name: "Lucía Condori" });
  cookie = await loggedInCookie(user.id);
});

function post(fields: Record<string, string>, { as = cookie, ip = freshIp() } = {}) {
  return run(account.action, formRequest("/cuenta", fields, { cookie: as }), {
    context: { clientIp: ip },
  });
}

const userRow = () => db().select().from(users).where(eq(users.id, user.id)).get()!;
const sessionCount = () =>
  db().select().from(sessions).where(eq(sessions.userId, user.id)).all().length;
const codesOf = (userId: number) =>
  db().select().from(accountCodes).where(eq(accountCodes.userId, userId)).all();

/** The code of the latest contact message queued for the user, and where it goes. */
function lastContactMessage() {
  const rows = db()
    .select()
    .from(notificationOutbox)
    .where(eq(notificationOutbox.userId, user.id))
    .all()
    .filter((r) => r.template === "account_code_contact");
  const payload = JSON.parse(rows.at(-1)!.payload);
  return { code: openCode(payload.sealedCode)!, to: payload.to, channel: rows.at(-1)!.channel };
}

describe("changing the password", () => {
  it("needs the current password, and a wrong one writes nothing", async () => {
    const other = await loggedInCookie(user.id);
    const response = await post({
      intent: "password",
      currentPassword: "no es la mía",
      password: "quinua con leche",
    });
    expect(response.status).toBe(400);
    const reply = await response.json();
    expect(reply.error).toEqual({ currentPassword: ["accountAccess.errors.wrongPassword"] });
    expect(reply.initialValue).toEqual({ intent: "password" });
    expect(await verifyPassword(userRow().passwordHash, PASSWORD)).toBe(true);
    expect(await getUser(getRequest("/", { cookie: other }))).not.toBeNull();
  });

  it("ends every other session and keeps this one", async () => {
    const phone = await loggedInCookie(user.id);
    const laptop = await loggedInCookie(user.id);
    const response = await post({
      intent: "password",
      currentPassword: PASSWORD,
      password: "quinua con leche",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/cuenta");
    expect((await takeFlash(getRequest("/", { cookie: cookiesFrom(response) }))).flash?.key).toBe(
      "accountAccess.flash.passwordChanged",
    );
    expect((await getUser(getRequest("/", { cookie })))?.user.id).toBe(user.id);
    for (const old of [phone, laptop]) {
      expect(await getUser(getRequest("/", { cookie: old }))).toBeNull();
    }
    expect(sessionCount()).toBe(1);
    expect(await verifyPassword(userRow().passwordHash, "quinua con leche")).toBe(true);
  });

  it.each([
    ["no current password", { password: "quinua con leche" }, "currentPassword", "errors.required"],
    [
      "a short new one",
      { currentPassword: PASSWORD, password: "corta" },
      "password",
      "errors.passwordTooShort",
    ],
    [
      "a common new one",
      { currentPassword: PASSWORD, password: "12345678" },
      "password",
      "errors.passwordCommon",
    ],
  ])("refuses %s with a 400, sending no password back", async (_, fields, field, error) => {
    const hash = userRow().passwordHash;
    const response = await post({ intent: "password", ...fields });
    expect(response.status).toBe(400);
    const reply = await response.json();
    expect(reply.error[field]).toContain(error);
    expect(reply.initialValue).toEqual({ intent: "password" });
    expect(userRow().passwordHash).toBe(hash);
  });

  it("locks after repeated wrong current passwords from one IP", async () => {
    const ip = freshIp();
    for (let i = 0; i < 10; i++) {
      await post(
        { intent: "password", currentPassword: `mal ${i}`, password: "quinua con leche" },
        { ip },
      );
    }
    const locked = await post(
      { intent: "password", currentPassword: PASSWORD, password: "quinua con leche" },
      { ip },
    );
    expect(locked.status).toBe(429);
    expect(await verifyPassword(userRow().passwordHash, PASSWORD)).toBe(true);
  });
});

describe("changing the phone or email", () => {
  it("sends a code to the new phone and changes it only when the code comes back", async () => {
    const old = userRow().phone;
    const asked = await post({
      intent: "contact",
      contact: "987 400 001",
      currentPassword: PASSWORD,
    });
    expect(asked.status).toBe(302);
    expect(userRow().phone).toBe(old);
    const sent = lastContactMessage();
    expect(sent.to).toEqual({ kind: "phone", value: "+51987400001" });
    const page = await (await run(account.loader, getRequest("/cuenta", { cookie }))).json();
    expect(page.pending).toMatchObject({ contact: "+51 987 400 001" });

    const wrong = await post({
      intent: "confirmContact",
      code: sent.code === "000000" ? "111111" : "000000",
    });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error[""]).toEqual(["recovery.errors.codeInvalid"]);
    expect(userRow().phone).toBe(old);

    const confirmed = await post({ intent: "confirmContact", code: sent.code });
    expect(confirmed.status).toBe(302);
    expect(userRow().phone).toBe("+51987400001");
    expect((await takeFlash(getRequest("/", { cookie: cookiesFrom(confirmed) }))).flash).toEqual({
      key: "accountAccess.flash.contactChanged",
      values: { contact: "+51 987 400 001" },
    });
    // Used: the same code again changes nothing and the page no longer waits for one.
    expect((await post({ intent: "confirmContact", code: sent.code })).status).toBe(400);
    const after = await (await run(account.loader, getRequest("/cuenta", { cookie }))).json();
    expect(after.pending).toBeNull();
  });

  it("adds an email to an account that had none, through a code sent there", async () => {
    await post({ intent: "contact", contact: "Lucia.Nueva@Example.pe", currentPassword: PASSWORD });
    const sent = lastContactMessage();
    expect(sent.to).toEqual({ kind: "email", value: "lucia.nueva@example.pe" });
    expect(userRow().email).toBeNull();
    expect((await post({ intent: "confirmContact", code: sent.code })).status).toBe(302);
    expect(userRow()).toMatchObject({ email: "lucia.nueva@example.pe" });
    expect(userRow().phone).not.toBeNull();
  });

  it("needs the current password", async () => {
    const response = await post({
      intent: "contact",
      contact: "987400002",
      currentPassword: "otra",
    });
    expect(response.status).toBe(400);
    const reply = await response.json();
    expect(reply.error).toEqual({ currentPassword: ["accountAccess.errors.wrongPassword"] });
    expect(reply.initialValue).toEqual({ intent: "contact", contact: "987400002" });
    expect(codesOf(user.id)).toEqual([]);
  });

  it("refuses a phone another account has, or the account's own", async () => {
    const other = createUser({ phone: "+51987400003" });
    const taken = await post({
      intent: "contact",
      contact: "987400003",
      currentPassword: PASSWORD,
    });
    expect(taken.status).toBe(400);
    expect((await taken.json()).error).toEqual({ contact: ["accountAccess.errors.taken"] });
    const own = await post({ intent: "contact", contact: user.phone!, currentPassword: PASSWORD });
    expect(own.status).toBe(400);
    expect((await own.json()).error).toEqual({ contact: ["accountAccess.errors.unchanged"] });
    expect(codesOf(user.id)).toEqual([]);
    expect(codesOf(other.id)).toEqual([]);
  });

  it("refuses at confirmation a phone another account took meanwhile", async () => {
    const old = userRow().phone;
    await post({ intent: "contact", contact: "987400004", currentPassword: PASSWORD });
    const { code } = lastContactMessage();
    createUser({ phone: "+51987400004" });
    const response = await post({ intent: "confirmContact", code });
    expect(response.status).toBe(409);
    expect((await response.json()).error[""]).toEqual(["accountAccess.errors.taken"]);
    expect(userRow().phone).toBe(old);
  });

  it("counts on the UNIQUE index when another account takes it in the same instant", async () => {
    const old = userRow().phone;
    await post({ intent: "contact", contact: "987400005", currentPassword: PASSWORD });
    const { code } = lastContactMessage();
    // Another account gets the number between the check and the update.
    const client = db().$client;
    client.exec(`CREATE TEMP TRIGGER steal_phone BEFORE UPDATE OF phone ON users
      WHEN NEW.phone = '+51987400005' BEGIN
        INSERT INTO users (name, phone, password_hash, locale, notify_email, notify_sms,
          notify_whatsapp, assisted, created_at, updated_at)
        VALUES ('Intrusa', NEW.phone, 'x', 'es', 1, 1, 0, 0, 0, 0);
      END`);
    try {
      const response = await post({ intent: "confirmContact", code });
      expect(response.status).toBe(409);
      expect((await response.json()).error[""]).toEqual(["accountAccess.errors.taken"]);
    } finally {
      client.exec("DROP TRIGGER steal_phone");
    }
    expect(userRow().phone).toBe(old);
    expect(db().select().from(users).where(eq(users.name, "Intrusa")).all()).toEqual([]);
  });

  it("does not take a password-reset code as the contact code", async () => {
    await post({ intent: "contact", contact: "987400006", currentPassword: PASSWORD });
    requestPasswordReset({
      contact: { kind: "phone", value: user.phone! },
      ip: freshIp(),
      origin: null,
    });
    const reset = db()
      .select()
      .from(notificationOutbox)
      .where(eq(notificationOutbox.userId, user.id))
      .all()
      .find((r) => r.template === "account_code_reset")!;
    const resetCode = openCode(JSON.parse(reset.payload).sealedCode)!;
    if (resetCode !== lastContactMessage().code) {
      expect((await post({ intent: "confirmContact", code: resetCode })).status).toBe(400);
    }
    expect(userRow().phone).not.toBe("+51987400006");
  });

  it("refuses bad input with a 400, keeping what was typed, writing nothing", async () => {
    const bad: Record<string, string>[] = [
      { intent: "contact", contact: "12345", currentPassword: PASSWORD },
      { intent: "confirmContact", code: "12" },
      { intent: "borrarTodo" },
    ];
    for (const fields of bad) {
      const response = await post(fields);
      expect(response.status).toBe(400);
      const reply = await response.json();
      expect(reply.status).toBe("error");
      expect(reply.initialValue.currentPassword).toBeUndefined();
      if (fields.contact) expect(reply.initialValue.contact).toBe(fields.contact);
    }
    expect(codesOf(user.id)).toEqual([]);
  });
});
