/**
 * Who is asking: the session cookie, and the guards routes use. Guards throw; routes never
 * repeat the check by hand.
 */
import { createCookie, redirect, type AppLoadContext } from "@remix-run/node";
import type { Role, User } from "../db/schema";
import { env } from "./env.server";
import { getUserMemberships } from "./models/markets.server";
import {
  createSession,
  deleteSession,
  getSessionUser,
  SESSION_TTL_MS,
} from "./models/sessions.server";

export const sessionCookie = createCookie("qhatu_session", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: env().NODE_ENV === "production",
  secrets: [env().SESSION_SECRET],
  maxAge: SESSION_TTL_MS / 1000,
});

async function readSessionId(request: Request): Promise<string | null> {
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

/**
 * The user, when they hold `role` (approved) in `marketId`; admins of the market pass every
 * role check. Otherwise a 403.
 */
export async function requireRole(
  request: Request,
  { role, marketId }: { role: Role; marketId: number },
): Promise<User> {
  const user = await requireUser(request);
  const allowed = getUserMemberships(user.id).some(
    (m) =>
      m.marketId === marketId && m.status === "approved" && (m.role === role || m.role === "admin"),
  );
  if (!allowed) throw new Response("Forbidden", { status: 403 });
  return user;
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
