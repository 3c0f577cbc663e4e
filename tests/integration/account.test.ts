/**
 * The account page (/cuenta): each person chooses their notification channels and language.
 * Login required; bad input is a 400 that writes nothing; a channel the person has no address
 * for (or the server does not send on) is not offered and cannot be switched on; one person's
 * save never touches another's settings.
 */
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { resetEnv } from "../../app/infra/env.server";
import * as account from "../../app/routes/cuenta";
import { users } from "../../db/schema";
import { createUser } from "../factories";
import { cookiesFrom, formRequest, getRequest, loggedInCookie, run } from "../helpers";

const settings = (id: number) =>
  db()
    .select({
      locale: users.locale,
      notifyEmail: users.notifyEmail,
      notifySms: users.notifySms,
      notifyWhatsapp: users.notifyWhatsapp,
    })
    .from(users)
    .where(eq(users.id, id))
    .get();

const CONFIG = ["SMTP_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM"];
afterEach(() => {
  for (const name of CONFIG) delete process.env[name];
  resetEnv();
});

describe("/cuenta", () => {
  it("asks for a login", async () => {
    const page = await run(account.loader, getRequest("/cuenta"));
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toMatch(/^\/ingresar\?redirectTo=%2Fcuenta/);
    const post = await run(account.action, formRequest("/cuenta", { locale: "en" }));
    expect(post.status).toBe(302);
    expect(post.headers.get("Location")).toMatch(/^\/ingresar/);
  });

  it("shows the defaults: email and SMS on, WhatsApp off", async () => {
    const user = createUser({ email: "ana@example.pe", phone: "+51987000111" });
    const page = await run(
      account.loader,
      getRequest("/cuenta", { cookie: await loggedInCookie(user.id) }),
    );
    expect(page.status).toBe(200);
    const data = await page.json();
    expect(data).toMatchObject({
      email: "ana@example.pe",
      phone: "+51 987 000 111",
      locale: "es",
      chosen: { email: true, sms: true, whatsapp: false },
      unavailable: { email: null, sms: null, whatsapp: null },
    });
  });

  it("saves the channels and the language, and leaves another person's settings alone", async () => {
    const user = createUser({ email: "beto@example.pe", phone: "+51987000222" });
    const other = createUser({ email: "carla@example.pe", phone: "+51987000333" });
    const before = settings(other.id);
    const response = await run(
      account.action,
      formRequest(
        "/cuenta",
        { locale: "qu", notifyWhatsapp: "on", notifyEmail: "on" },
        { cookie: await loggedInCookie(user.id) },
      ),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/cuenta");
    expect(cookiesFrom(response)).toContain("qhatu_lng=");
    expect(settings(user.id)).toEqual({
      locale: "qu",
      notifyEmail: true,
      notifySms: false,
      notifyWhatsapp: true,
    });
    expect(settings(other.id)).toEqual(before);

    // Unticking everything is a choice too.
    await run(
      account.action,
      formRequest("/cuenta", { locale: "en" }, { cookie: await loggedInCookie(user.id) }),
    );
    expect(settings(user.id)).toEqual({
      locale: "en",
      notifyEmail: false,
      notifySms: false,
      notifyWhatsapp: false,
    });
  });

  it.each([
    ["an unknown language", { locale: "fr", notifyEmail: "on" }],
    ["no language", { notifyEmail: "on" }],
    ["a box with a forged value", { locale: "en", notifySms: "yes" }],
  ])("refuses %s with a 400 and writes nothing", async (_, fields) => {
    const user = createUser({ email: `dora-${Math.random()}@example.pe`, phone: null });
    const before = settings(user.id);
    const response = await run(
      account.action,
      formRequest("/cuenta", fields, { cookie: await loggedInCookie(user.id) }),
    );
    expect(response.status).toBe(400);
    const reply = await response.json();
    expect(reply.status).toBe("error");
    // The form comes back with what was typed.
    expect(reply.initialValue).toMatchObject(fields);
    expect(settings(user.id)).toEqual(before);
  });

  it("does not offer a channel without an address, and refuses it if forced", async () => {
    const phoneOnly = createUser({ phone: "+51987000555" });
    const cookie = await loggedInCookie(phoneOnly.id);
    const data = await (await run(account.loader, getRequest("/cuenta", { cookie }))).json();
    expect(data.unavailable).toEqual({ email: "noAddress", sms: null, whatsapp: null });

    const before = settings(phoneOnly.id);
    const forced = await run(
      account.action,
      formRequest("/cuenta", { locale: "es", notifyEmail: "on" }, { cookie }),
    );
    expect(forced.status).toBe(400);
    expect((await forced.json()).error).toEqual({
      notifyEmail: ["account.errors.channelUnavailable"],
    });
    expect(settings(phoneOnly.id)).toEqual(before);
  });

  it("keeps the choice for a channel the server does not send on yet", async () => {
    // Email and SMS configured, WhatsApp not: its box is not offered and its value is kept.
    process.env.SMTP_URL = "smtp://localhost:2525";
    process.env.TWILIO_ACCOUNT_SID = "AC123";
    process.env.TWILIO_AUTH_TOKEN = "secret";
    process.env.TWILIO_FROM = "+15005550006";
    resetEnv();
    const user = createUser({ email: "eva@example.pe", phone: "+51987000666" });
    db().update(users).set({ notifyWhatsapp: true }).where(eq(users.id, user.id)).run();
    const cookie = await loggedInCookie(user.id);
    const data = await (await run(account.loader, getRequest("/cuenta", { cookie }))).json();
    expect(data.unavailable).toEqual({ email: null, sms: null, whatsapp: "notConfigured" });
    const response = await run(
      account.action,
      formRequest("/cuenta", { locale: "es", notifySms: "on" }, { cookie }),
    );
    expect(response.status).toBe(302);
    expect(settings(user.id)).toMatchObject({
      notifyEmail: false,
      notifySms: true,
      notifyWhatsapp: true,
    });
  });
});
