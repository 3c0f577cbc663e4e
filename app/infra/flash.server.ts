/**
 * One-time messages after a redirect ("Added to your basket", "Order cancelled"), so pages
 * without JavaScript still tell people what just happened. Shown once by the root layout.
 */
import { createCookie } from "@remix-run/node";
import { env } from "./env.server";

export type Flash = { key: string; values?: Record<string, string | number> };

const flashCookie = createCookie("qhatu_flash", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60,
  secrets: [env().SESSION_SECRET],
});

export function setFlash(flash: Flash): Promise<string> {
  return flashCookie.serialize(flash);
}

/** The pending message, if any, and the header that clears it. */
export async function takeFlash(
  request: Request,
): Promise<{ flash: Flash | null; clear: string | null }> {
  const value = (await flashCookie.parse(request.headers.get("Cookie"))) as Flash | null;
  // Only message keys ("flash.*", or an area's "coordDesk.flash.*"): never any other string.
  if (!value || typeof value.key !== "string" || !/^(\w+\.)?flash\.\w+$/.test(value.key)) {
    return { flash: null, clear: null };
  }
  return { flash: value, clear: await flashCookie.serialize("", { maxAge: 0 }) };
}
