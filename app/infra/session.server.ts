/**
 * Who is asking: the session cookie, and the guards routes use. Guards throw; routes never
 * repeat the check by hand.
 */
import { createCookie, redirect, type AppLoadContext } from "@remix-run/node";
import type { User } from "../../db/schema";
import { adoptCookieCart } from "../features/cart/cart-cookie.server";
import { env, type Env } from "./env.server";
import { languageCookie } from "./i18n.server";
import { redirectToField } from "../lib/form-fields";
import {
  createSession,
  deleteSession,
  getSessionUser,
  SESSION_TTL_MS,
} from "../features/access/sessions.server";

/** HttpOnly, SameSite=Lax, Secure in production, signed, 30 days (sliding: see getUser). */
export function sessionCookieOptions(config: Pick<Env, "NODE_ENV" | "SESSION_SECRET">) {
  return {
    httpOnly: true,
    sameSite: "lax" as const,
    path: "/",
    secure: config.NODE_ENV === "production",
    secrets: [config.SESSION_SECRET],
    maxAge: SESSION_TTL_MS / 1000,
  };
}

export const sessionCookie = createCookie("qhatu_session", sessionCookieOptions(env()));

/** The id of the session the request carries (live or not), or null. */
export async function readSessionId(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** The logged-in user, or null. `setCookie` is set when the sliding expiry moved. */
export async function getUser(
  request: Request,
): Promise<{ user: User; setCookie: string | null } | null> {
  const sessionId = await readSessionId(request);
  if (!sessionId) return null;
  const found = getSessionUser({ sessionId });
  if (!found) return null;
  const setCookie = found.refreshed ? await sessionCookie.serialize(sessionId) : null;
  return { user: found.user, setCookie };
}

export function loginRedirectPath(request: Request) {
  const url = new URL(request.url);
  return `/ingresar?${new URLSearchParams({ redirectTo: url.pathname + url.search })}`;
}

/** The logged-in user, or a redirect to the login page that comes back here. */
export async function requireUser(request: Request): Promise<User> {
  const found = await getUser(request);
  if (!found) throw redirect(loginRedirectPath(request));
  return found.user;
}

/** Starts a session and returns the Set-Cookie header for it. */
export async function startSession(userId: number): Promise<string> {
  const session = createSession({ userId });
  return sessionCookie.serialize(session.id);
}

/** Ends the session on the server and returns the Set-Cookie header that clears it. */
export async function endSession(request: Request): Promise<string> {
  const sessionId = await readSessionId(request);
  if (sessionId) deleteSession(sessionId);
  return sessionCookie.serialize("", { maxAge: 0 });
}

/** The client's IP as the server saw it (see server.js), for login throttling. */
export function clientIp(context: AppLoadContext | undefined): string {
  const ip = (context as { clientIp?: string } | undefined)?.clientIp;
  return ip && ip.length > 0 ? ip : "unknown";
}

/** For the login and sign-up pages: someone already logged in goes where they were headed. */
export async function redirectIfLoggedIn(request: Request): Promise<string | undefined> {
  const redirectTo = redirectToField.parse(
    new URL(request.url).searchParams.get("redirectTo") ?? undefined,
  );
  if (await getUser(request)) throw redirect(redirectTo ?? "/");
  return redirectTo;
}

/**
 * After a successful login or sign-up: replaces any previous session, starts a new one, sets
 * the account's language and moves an anonymous basket into the account. The page is then
 * loaded afresh, so it renders in the account's language.
 */
export async function logInAndRedirect(request: Request, user: User, redirectTo = "/") {
  const headers = new Headers();
  await endSession(request);
  headers.append("Set-Cookie", await startSession(user.id));
  headers.append("Set-Cookie", await languageCookie.serialize(user.locale));
  for (const cleared of await adoptCookieCart(request, user.id)) {
    headers.append("Set-Cookie", cleared);
  }
  return redirect(redirectTo, { headers });
}
