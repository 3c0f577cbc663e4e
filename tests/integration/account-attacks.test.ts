/**
 * Attacks on sign-up and log-in that a review found (bursts, races, forged input), through the
 * real route actions.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { loginAttempts, sessions, users } from "../../db/schema";
import { getUser } from "../../app/infra/session.server";
import * as login from "../../app/routes/ingresar";
import * as signup from "../../app/routes/registro";
import { createUser } from "../factories";
import { countUsers, signupMarket, validSignup } from "../support/account-scene";
import { formRequest, getRequest, loggedInCookie, run } from "../helpers";

signupMarket();

describe("attacks the review found", () => {
  it("counts parallel login attempts before checking passwords, so a burst cannot pass the lock", async () => {
    db().delete(loginAttempts).run();
    const password = "papa puka mama";
    createUser({ email: "burst@example.pe", password });
    const attempt = (pw: string) =>
      run(login.action, formRequest("/ingresar", { contact: "burst@example.pe", password: pw }), {
        context: { clientIp: "10.9.9.9" },
      });
    const responses = await Promise.all([
      ...Array.from({ length: 29 }, (_, i) => attempt(`wrong ${i}`)),
      attempt(password),
    ]);
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 400)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    expect(statuses).not.toContain(302);
  });

  it("locks an account attacked from many IPs", async () => {
    db().delete(loginAttempts).run();
    const password = "olluquito";
    createUser({ email: "spread@example.pe", password });
    const now = new Date();
    db()
      .insert(loginAttempts)
      .values(
        Array.from({ length: 50 }, (_, i) => ({
          identifier: "spread@example.pe",
          ip: `10.2.0.${i}`,
          succeeded: false,
          createdAt: now,
        })),
      )
      .run();
    const response = await run(
      login.action,
      formRequest("/ingresar", { contact: "spread@example.pe", password }),
      {
        context: { clientIp: "10.3.0.1" },
      },
    );
    expect(response.status).toBe(429);
  });

  it("limits sign-ups from one IP to 20 an hour", async () => {
    db().delete(loginAttempts).run();
    const before = countUsers();
    const signupFrom = (i: number) =>
      run(
        signup.action,
        formRequest("/registro", { ...validSignup, contact: `9${String(60_000_000 + i)}` }),
        {
          context: { clientIp: "10.4.4.4" },
        },
      );
    for (let i = 0; i < 20; i++) expect((await signupFrom(i)).status).toBe(302);
    const refused = await signupFrom(20);
    expect(refused.status).toBe(429);
    expect((await refused.json()).error[""]).toEqual(["errors.signupLocked"]);
    expect(countUsers()).toBe(before + 20);
  });

  it("a sign-up posted twice logs the person in both times and makes one account", async () => {
    db().delete(loginAttempts).run();
    const fields = { ...validSignup, contact: "987 444 555" };
    const [a, b] = await Promise.all([
      run(signup.action, formRequest("/registro", fields), { context: { clientIp: "10.5.5.5" } }),
      run(signup.action, formRequest("/registro", fields), { context: { clientIp: "10.5.5.5" } }),
    ]);
    expect([a.status, b.status]).toEqual([302, 302]);
    expect(db().select().from(users).where(eq(users.phone, "+51987444555")).all()).toHaveLength(1);
    // With another password it is somebody else: the contact is taken.
    const other = await run(
      signup.action,
      formRequest("/registro", { ...fields, password: "otra clave distinta" }),
      { context: { clientIp: "10.5.5.6" } },
    );
    expect(other.status).toBe(400);
    expect((await other.json()).error.contact).toEqual(["errors.contactTaken"]);
  });

  it("answers a non-form POST with 415, not 500", async () => {
    const request = new Request("http://localhost:3000/ingresar", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ contact: "987654321", password: "x" }),
    });
    expect((await run(login.action, request)).status).toBe(415);
  });

  it("refuses redirect targets that browsers would send off-site", async () => {
    const user = createUser({ email: "redirect@example.pe", password: "trucha frita" });
    for (const redirectTo of [
      "/\t/example.org",
      "/\n/example.org",
      "//example.org",
      "https://example.org",
    ]) {
      const response = await run(
        login.action,
        formRequest("/ingresar", {
          contact: "redirect@example.pe",
          password: "trucha frita",
          redirectTo,
        }),
        { context: { clientIp: `10.6.6.${redirectTo.length}` } },
      );
      expect(response.headers.get("Location")).toBe("/");
    }
    const cookie = await loggedInCookie(user.id);
    const bounced = await run(
      login.loader,
      getRequest("/ingresar?redirectTo=/%09/example.org", { cookie }),
    );
    expect(bounced.status).toBe(302);
    expect(bounced.headers.get("Location")).toBe("/");
  });

  it("replaces the previous session when logging in again", async () => {
    const user = createUser({ email: "again@example.pe", password: "chicha morada" });
    const old = await loggedInCookie(user.id);
    const response = await run(
      login.action,
      formRequest(
        "/ingresar",
        { contact: "again@example.pe", password: "chicha morada" },
        { cookie: old },
      ),
      { context: { clientIp: "10.7.7.7" } },
    );
    expect(response.status).toBe(302);
    expect(await getUser(getRequest("/", { cookie: old }))).toBeNull();
    expect(db().select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(1);
  });

  it("marks the session cookie Secure in production", async () => {
    const { sessionCookieOptions } = await import("../../app/infra/session.server");
    expect(sessionCookieOptions({ NODE_ENV: "production", SESSION_SECRET: "s" }).secure).toBe(true);
    expect(sessionCookieOptions({ NODE_ENV: "development", SESSION_SECRET: "s" }).secure).toBe(
      false,
    );
  });
});
