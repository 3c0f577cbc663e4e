/** Sign-up, login, throttling, sessions and logout, through the real route actions. */
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { loginAttempts, memberships, producers, sessions, users } from "../../db/schema";
import { getUser, requireUser, sessionCookie } from "../../app/infra/session.server";
import { requireCoordinator } from "../../app/features/access/coordinator.server";
import { requireProducer } from "../../app/features/access/producer.server";
import * as login from "../../app/routes/ingresar";
import * as signup from "../../app/routes/registro";
import * as logout from "../../app/routes/salir";
import { createMarket, createMembership, createProducer, createUser } from "../factories";
import { countUsers, signupMarket, validSignup } from "../support/account-scene";
import { cookiesFrom, formRequest, getRequest, loggedInCookie, run } from "../helpers";

const signupMarketId = signupMarket();

describe("sign up", () => {
  it("creates a consumer, logs them in and keeps their language", async () => {
    const response = await run(signup.action, formRequest("/registro", validSignup));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
    const user = db().select().from(users).where(eq(users.phone, "+51987111222")).get()!;
    expect(user).toMatchObject({ name: "Rosa Quispe", locale: "qu", email: null });
    // argon2id at OWASP's parameters, never the password itself.
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(
      db().select().from(memberships).where(eq(memberships.userId, user.id)).all(),
    ).toMatchObject([{ role: "consumer", status: "approved", marketId: signupMarketId() }]);
    const cookie = cookiesFrom(response);
    expect(cookie).toContain("qhatu_lng=");
    expect((await getUser(getRequest("/", { cookie })))?.user.id).toBe(user.id);
  });

  it("signs a producer up as pending, with their farm", async () => {
    const response = await run(
      signup.action,
      formRequest("/registro", {
        ...validSignup,
        contact: "984 222 333",
        role: "producer",
        farmName: "Chacra Ñawpa",
        province: "Paruro",
        community: "Araycalla",
      }),
    );
    expect(response.status).toBe(302);
    const user = db().select().from(users).where(eq(users.phone, "+51984222333")).get()!;
    const membership = db()
      .select()
      .from(memberships)
      .where(eq(memberships.userId, user.id))
      .get()!;
    expect(membership).toMatchObject({ role: "producer", status: "pending" });
    expect(db().select().from(producers).where(eq(producers.userId, user.id)).get()).toMatchObject({
      farmName: "Chacra Ñawpa",
      slug: "chacra-nawpa",
      province: "Paruro",
      community: "Araycalla",
      membershipId: membership.id,
    });
    // Pending producers cannot act as producers yet: /productor tells them why.
    const cookie = cookiesFrom(response);
    const refused = await requireProducer(getRequest("/productor/ofertas", { cookie })).catch(
      (r: Response) => r,
    );
    expect(refused).toMatchObject({ status: 302 });
    expect((refused as Response).headers.get("Location")).toBe("/productor");
  });

  it.each([
    [
      "an empty form",
      {},
      { name: "errors.required", contact: "errors.required", password: "errors.required" },
    ],
    ["a landline", { contact: "084 234567" }, { contact: "errors.contactInvalid" }],
    ["a broken email", { contact: "rosa@" }, { contact: "errors.contactInvalid" }],
    ["a short password", { password: "corta" }, { password: "errors.passwordTooShort" }],
    ["a common password", { password: "Contraseña" }, { password: "errors.passwordCommon" }],
    [
      "a 129-character password",
      { password: "x".repeat(129) },
      { password: "errors.passwordTooLong" },
    ],
    ["a one-letter name", { name: "R" }, { name: "errors.nameTooShort" }],
    ["an unknown language", { locale: "fr" }, { locale: "errors.chooseOption" }],
    [
      "a producer without farm",
      { role: "producer" },
      { farmName: "errors.required", province: "errors.required" },
    ],
    [
      "a made-up province",
      { role: "producer", farmName: "X", province: "Lima" },
      { province: "errors.provinceInvalid" },
    ],
  ])(
    "refuses %s with 400, the field errors, the typed values, and writes nothing",
    async (_, change, errors) => {
      const before = countUsers();
      const fields =
        Object.keys(change).length === 0
          ? {}
          : { ...validSignup, contact: "987 000 111", ...change };
      const response = await run(signup.action, formRequest("/registro", fields));
      expect(response.status).toBe(400);
      const body = await response.json();
      for (const [field, key] of Object.entries(errors)) expect(body.error[field]).toEqual([key]);
      // What was typed comes back, except the password.
      if ("name" in fields) expect(body.initialValue.name).toBe(fields.name);
      expect(body.initialValue?.password).toBeUndefined();
      expect(countUsers()).toBe(before);
    },
  );

  it("refuses a contact that already has an account, even written differently", async () => {
    createUser({ phone: "+51987222333" });
    const before = countUsers();
    const response = await run(
      signup.action,
      formRequest("/registro", { ...validSignup, contact: "+51 987-222-333" }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error.contact).toEqual(["errors.contactTaken"]);
    expect(countUsers()).toBe(before);
  });

  it("refuses a filled honeypot without writing", async () => {
    const before = countUsers();
    const response = await run(
      signup.action,
      formRequest("/registro", { ...validSignup, contact: "987 333 444", website: "http://spam" }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error[""]).toEqual(["errors.spam"]);
    expect(countUsers()).toBe(before);
  });
});

describe("log in", () => {
  const password = "chuño de pallpata";
  let userId: number;
  beforeEach(() => {
    db().delete(loginAttempts).run();
    const existing = db().select().from(users).where(eq(users.email, "juana@example.pe")).get();
    userId = existing?.id ?? createUser({ email: "juana@example.pe", password, locale: "en" }).id;
  });
  const attempt = (contact: string, pw: string, ip = "10.0.0.1") =>
    run(login.action, formRequest("/ingresar", { contact, password: pw, redirectTo: "/pedidos" }), {
      context: { clientIp: ip },
    });

  it("starts a session, sets the account's language and goes where the person was headed", async () => {
    const response = await attempt("Juana@Example.pe", password);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/pedidos");
    const cookie = cookiesFrom(response);
    expect(cookie).toMatch(/qhatu_lng=/);
    expect((await getUser(getRequest("/", { cookie })))?.user.id).toBe(userId);
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("qhatu_session="))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Max-Age=2592000/);
  });

  it("says the same thing for a wrong password and an unknown account", async () => {
    for (const response of [
      await attempt("juana@example.pe", "wrong password"),
      await attempt("nadie@example.pe", password),
    ]) {
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.error[""]).toEqual(["errors.loginInvalid"]);
      expect(body.initialValue.contact).toMatch(/@example.pe/);
      expect(body.initialValue.password).toBeUndefined();
      expect(response.headers.getSetCookie()).toEqual([]);
    }
  });

  it("locks an account from an IP after 10 failures in 15 minutes, even with the right password", async () => {
    for (let i = 0; i < 10; i++)
      expect((await attempt("juana@example.pe", `wrong ${i}`)).status).toBe(400);
    const locked = await attempt("juana@example.pe", password);
    expect(locked.status).toBe(429);
    expect((await locked.json()).error[""]).toEqual(["errors.loginLocked"]);
    // Another IP (the real person at home) is not locked out by an attacker elsewhere.
    expect((await attempt("juana@example.pe", password, "10.0.0.2")).status).toBe(302);
  });

  it("unlocks once the failures are older than 15 minutes", async () => {
    const old = new Date(Date.now() - 16 * 60_000);
    for (let i = 0; i < 10; i++) {
      db()
        .insert(loginAttempts)
        .values({
          identifier: "juana@example.pe",
          ip: "10.0.0.1",
          succeeded: false,
          createdAt: old,
        })
        .run();
    }
    expect((await attempt("juana@example.pe", password)).status).toBe(302);
  });

  it("locks an IP that fails across many accounts", async () => {
    const now = new Date();
    db()
      .insert(loginAttempts)
      .values(
        Array.from({ length: 100 }, (_, i) => ({
          identifier: `+5198700${String(i).padStart(4, "0")}`,
          ip: "10.0.0.9",
          succeeded: false,
          createdAt: now,
        })),
      )
      .run();
    expect((await attempt("juana@example.pe", password, "10.0.0.9")).status).toBe(429);
  });
});

describe("sessions", () => {
  it("rejects a forged or tampered cookie", async () => {
    const user = createUser();
    const real = await loggedInCookie(user.id);
    const sessionId = decodeURIComponent(real.split("=")[1]).split(".")[0];
    const unsigned = `qhatu_session=${encodeURIComponent(Buffer.from(JSON.stringify(sessionId)).toString("base64"))}`;
    const tampered = real.slice(0, -3) + (real.endsWith("abc") ? "xyz" : "abc");
    const guessed = await sessionCookie.serialize("a-session-id-that-does-not-exist");
    for (const cookie of [unsigned, tampered, guessed.split(";")[0], "qhatu_session=garbage"]) {
      expect(await getUser(getRequest("/", { cookie }))).toBeNull();
    }
    expect((await getUser(getRequest("/", { cookie: real })))?.user.id).toBe(user.id);
  });

  it("ends the session on the server at logout, so the old cookie stops working", async () => {
    const user = createUser();
    const cookie = await loggedInCookie(user.id);
    const response = await run(logout.action, formRequest("/salir", {}, { cookie }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Set-Cookie")).toMatch(/qhatu_session=;.*Max-Age=0/);
    expect(db().select().from(sessions).where(eq(sessions.userId, user.id)).all()).toEqual([]);
    expect(await getUser(getRequest("/", { cookie }))).toBeNull();
  });

  it("does not log out on GET", async () => {
    const user = createUser();
    const cookie = await loggedInCookie(user.id);
    const response = await run(logout.loader, getRequest("/salir", { cookie }));
    expect(response.status).toBe(200);
    expect(await getUser(getRequest("/", { cookie }))).not.toBeNull();
  });

  it("expires after 30 days without use and slides while in use", async () => {
    const user = createUser();
    const cookie = await loggedInCookie(user.id);
    const [session] = db().select().from(sessions).where(eq(sessions.userId, user.id)).all();
    // Used two days after login: extended to 30 days from now, and the cookie is re-sent.
    db()
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() + 28 * 86_400_000) })
      .where(eq(sessions.id, session.id))
      .run();
    const found = await getUser(getRequest("/", { cookie }));
    expect(found?.setCookie).toMatch(/qhatu_session=/);
    const extended = db().select().from(sessions).where(eq(sessions.id, session.id)).get()!;
    expect(extended.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29.9 * 86_400_000);
    // Expired: gone.
    db()
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, session.id))
      .run();
    expect(await getUser(getRequest("/", { cookie }))).toBeNull();
  });
});

describe("guards", () => {
  it("send anonymous people to log in and back", async () => {
    const thrown = await requireUser(getRequest("/pedidos?dia=2026-12-05")).catch(
      (r: Response) => r,
    );
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(302);
    expect((thrown as Response).headers.get("Location")).toBe(
      "/ingresar?redirectTo=%2Fpedidos%3Fdia%3D2026-12-05",
    );
  });

  it("check the role in the right market", async () => {
    const other = createMarket();
    const coordinator = createUser();
    createMembership({ userId: coordinator.id, marketId: signupMarketId(), role: "coordinator" });
    const consumer = createUser();
    createMembership({ userId: consumer.id, marketId: signupMarketId(), role: "consumer" });
    const admin = createUser();
    createMembership({ userId: admin.id, marketId: signupMarketId(), role: "admin" });
    const elsewhere = createUser();
    createMembership({ userId: elsewhere.id, marketId: other.id, role: "coordinator" });
    const notYet = createUser();
    createMembership({
      userId: notYet.id,
      marketId: signupMarketId(),
      role: "coordinator",
      status: "pending",
    });
    const suspended = createProducer({ marketId: signupMarketId(), status: "suspended" });

    // A coordinator acts on the market their membership names, and on no other.
    const coordinates = async (userId: number) =>
      requireCoordinator(
        getRequest("/coordinacion", { cookie: await loggedInCookie(userId) }),
      ).then(
        ({ user, market }) => [user.id, market.id],
        (r: Response) => r.status,
      );
    expect(await coordinates(coordinator.id)).toEqual([coordinator.id, signupMarketId()]);
    expect(await coordinates(elsewhere.id)).toEqual([elsewhere.id, other.id]);
    expect(await coordinates(consumer.id)).toBe(403);
    expect(await coordinates(admin.id)).toEqual([admin.id, signupMarketId()]);
    expect(await coordinates(notYet.id)).toBe(403);
    expect(await coordinates(suspended.user.id)).toBe(403);
    // A suspended producer is sent to /productor, which explains; they act as producer nowhere.
    const produces = async (userId: number) =>
      requireProducer(
        getRequest("/productor/ofertas", { cookie: await loggedInCookie(userId) }),
      ).then(
        ({ user }) => user.id,
        (r: Response) => r.status,
      );
    expect(await produces(suspended.user.id)).toBe(302);
    expect(
      db()
        .select()
        .from(memberships)
        .where(and(eq(memberships.userId, suspended.user.id)))
        .get()!.status,
    ).toBe("suspended");
  });
});

describe("login form rejections", () => {
  it.each([
    ["an empty form", {}, { contact: "errors.required", password: "errors.required" }],
    [
      "a number that is not a mobile",
      { contact: "123", password: "x" },
      { contact: "errors.contactInvalid" },
    ],
    [
      "an overlong password",
      { contact: "987654321", password: "x".repeat(129) },
      { password: "errors.passwordTooLong" },
    ],
  ])("refuses %s with 400 and records no attempt", async (_, fields, errors) => {
    const before = db().select().from(loginAttempts).all().length;
    const response = await run(login.action, formRequest("/ingresar", fields));
    expect(response.status).toBe(400);
    const body = await response.json();
    for (const [field, key] of Object.entries(errors)) expect(body.error[field]).toEqual([key]);
    expect(db().select().from(loginAttempts).all().length).toBe(before);
  });

  it("refuses a filled honeypot before checking any password", async () => {
    const before = db().select().from(loginAttempts).all().length;
    const response = await run(
      login.action,
      formRequest("/ingresar", { contact: "987654321", password: "feria2026", website: "x" }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error[""]).toEqual(["errors.spam"]);
    expect(db().select().from(loginAttempts).all().length).toBe(before);
  });
});

describe("housekeeping", () => {
  it("forgets expired sessions and day-old login attempts", async () => {
    const { deleteExpiredSessions } = await import("../../app/features/access/sessions.server");
    const { pruneLoginAttempts } = await import("../../app/features/access/login-throttle.server");
    const user = createUser();
    const cookie = await loggedInCookie(user.id);
    db()
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(sessions.userId, user.id))
      .run();
    db()
      .insert(loginAttempts)
      .values({
        identifier: "x",
        ip: "y",
        succeeded: false,
        createdAt: new Date(Date.now() - 25 * 3600_000),
      })
      .run();
    expect(deleteExpiredSessions()).toBeGreaterThanOrEqual(1);
    expect(pruneLoginAttempts()).toBeGreaterThanOrEqual(1);
    expect(db().select().from(sessions).where(eq(sessions.userId, user.id)).all()).toEqual([]);
    expect(await getUser(getRequest("/", { cookie }))).toBeNull();
  });
});
