/**
 * One-time messages after a redirect ("Added to your basket", "Order cancelled", "Market day
 * saved"), so pages without JavaScript still tell people what just happened. Shown once by the
 * root layout. This is the only way a page says what a redirect did (no ?query messages).
 */
import { createCookie, redirect } from "@remix-run/node";
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

/** A redirect to `to` that shows `flash` on the page it lands on. */
export async function redirectWithFlash(to: string, flash: Flash, headers = new Headers()) {
  headers.append("Set-Cookie", await setFlash(flash));
  return redirect(to, { headers });
}

/**
 * Only message keys: "flash.*", an area's "coordDesk.flash.*", or a coordinator page's
 * "coordDays.done.*" / "coordProducers.notice.*" / "coordSettlement.notice.*"; never any
 * other string.
 */
const MESSAGE_KEY = /^(\w+\.)?(flash|done|notice)\.\w+$/;

/** The pending message, if any, and the header that clears it. */
export async function takeFlash(
  request: Request,
): Promise<{ flash: Flash | null; clear: string | null }> {
  const value = (await flashCookie.parse(request.headers.get("Cookie"))) as Flash | null;
  if (!value || typeof value.key !== "string" || !MESSAGE_KEY.test(value.key)) {
    return { flash: null, clear: null };
  }
  return { flash: value, clear: await flashCookie.serialize("", { maxAge: 0 }) };
}
