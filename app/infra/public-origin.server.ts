/**
 * The origin links in messages point to. PUBLIC_URL when it is set. Otherwise, outside
 * production, the request's own origin, so that links work in development and tests. In
 * production without PUBLIC_URL there is none: the Host header is whatever the client sent, and
 * a reset link built from a forged one would hand the code to someone else's site.
 */
import { env } from "./env.server";

export function publicOrigin(request: Request): string | null {
  const config = env();
  if (config.PUBLIC_URL) return config.PUBLIC_URL;
  return config.NODE_ENV === "production" ? null : new URL(request.url).origin;
}
