/** Where a request's basket lives: the account when logged in, else a cookie. */
import { createCookie } from "@remix-run/node";
import type { User } from "../db/schema";
import {
  getSavedBasket,
  MAX_BASKET_LINES,
  mergeIntoSavedBasket,
  setSavedBasketLine,
} from "./models/basket.server";
import type { BasketLine } from "./models/orders.server";

export const basketCookie = createCookie("qhatu_basket", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 14 * 24 * 60 * 60,
});

/** The cookie's lines, ignoring anything malformed (it comes from the browser). */
async function readCookieBasket(request: Request): Promise<BasketLine[]> {
  const value: unknown = await basketCookie.parse(request.headers.get("Cookie"));
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (pair): pair is [number, number] =>
        Array.isArray(pair) &&
        Number.isSafeInteger(pair[0]) &&
        Number.isSafeInteger(pair[1]) &&
        pair[1] > 0,
    )
    .slice(0, MAX_BASKET_LINES)
    .map(([offerId, quantity]) => ({ offerId, quantity }));
}

export async function readBasket(request: Request, user: User | null): Promise<BasketLine[]> {
  return user ? getSavedBasket(user.id) : readCookieBasket(request);
}

/** Sets one line (0 removes it). Returns a Set-Cookie header when the basket is a cookie. */
export async function writeBasketLine(
  request: Request,
  user: User | null,
  line: BasketLine,
): Promise<string | null> {
  if (user) {
    setSavedBasketLine({ userId: user.id, ...line });
    return null;
  }
  const lines = (await readCookieBasket(request)).filter((l) => l.offerId !== line.offerId);
  if (line.quantity > 0) lines.push(line);
  return basketCookie.serialize(lines.slice(-MAX_BASKET_LINES).map((l) => [l.offerId, l.quantity]));
}

/** At login or sign-up: the cookie basket moves into the account; returns the header clearing it. */
export async function adoptCookieBasket(request: Request, userId: number): Promise<string | null> {
  const lines = await readCookieBasket(request);
  if (lines.length === 0) return null;
  mergeIntoSavedBasket({ userId, lines });
  return basketCookie.serialize([], { maxAge: 0 });
}
