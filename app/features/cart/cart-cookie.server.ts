/** Where a request's basket lives: the account when logged in, else a cookie. */
import { createCookie } from "@remix-run/node";
import type { User } from "../../../db/schema";
import {
  getSavedCart,
  getSavedBundles,
  MAX_BASKET_BUNDLES,
  MAX_BASKET_LINES,
  mergeIntoSavedCart,
  mergeIntoSavedBundles,
  setSavedCartLine,
  setSavedBundleLine,
} from "./cart.server";
import type { CartLine, BundleLine } from "../ordering/order-lines";

export const cartCookie = createCookie("qhatu_basket", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 14 * 24 * 60 * 60,
});

/** Family baskets of an anonymous basket: [bundleId, quantity] pairs, like cartCookie. */
export const bundleCookie = createCookie("qhatu_canastas", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 14 * 24 * 60 * 60,
});

/** [id, quantity] pairs from a cookie, ignoring anything malformed (it comes from the browser). */
async function readPairs(
  cookie: typeof cartCookie,
  request: Request,
  max: number,
): Promise<[number, number][]> {
  const value: unknown = await cookie.parse(request.headers.get("Cookie"));
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (pair): pair is [number, number] =>
        Array.isArray(pair) &&
        Number.isSafeInteger(pair[0]) &&
        Number.isSafeInteger(pair[1]) &&
        pair[1] > 0,
    )
    .slice(0, max);
}

/**
 * A cookie's pairs with one id set to `quantity` (0 removes it), the newest `max` kept, as the
 * Set-Cookie header that stores them.
 */
async function writePair(
  cookie: typeof cartCookie,
  request: Request,
  max: number,
  [id, quantity]: [number, number],
): Promise<string> {
  const pairs = (await readPairs(cookie, request, max)).filter(([other]) => other !== id);
  if (quantity > 0) pairs.push([id, quantity]);
  return cookie.serialize(pairs.slice(-max));
}

async function readCookieBundles(request: Request): Promise<BundleLine[]> {
  const pairs = await readPairs(bundleCookie, request, MAX_BASKET_BUNDLES);
  return pairs.map(([bundleId, quantity]) => ({ bundleId, quantity }));
}

/** The family baskets in a request's basket. */
export async function readBundles(request: Request, user: User | null): Promise<BundleLine[]> {
  return user ? getSavedBundles(user.id) : readCookieBundles(request);
}

/** Sets how many of one family basket (0 removes it); a Set-Cookie header for a cookie basket. */
export async function writeBundleLine(
  request: Request,
  user: User | null,
  line: BundleLine,
): Promise<string | null> {
  if (user) {
    setSavedBundleLine({ userId: user.id, ...line });
    return null;
  }
  return writePair(bundleCookie, request, MAX_BASKET_BUNDLES, [line.bundleId, line.quantity]);
}

async function readCookieCart(request: Request): Promise<CartLine[]> {
  const pairs = await readPairs(cartCookie, request, MAX_BASKET_LINES);
  return pairs.map(([offerId, quantity]) => ({ offerId, quantity }));
}

export async function readCart(request: Request, user: User | null): Promise<CartLine[]> {
  return user ? getSavedCart(user.id) : readCookieCart(request);
}

/** Sets one line (0 removes it). Returns a Set-Cookie header when the basket is a cookie. */
export async function writeCartLine(
  request: Request,
  user: User | null,
  line: CartLine,
): Promise<string | null> {
  if (user) {
    setSavedCartLine({ userId: user.id, ...line });
    return null;
  }
  return writePair(cartCookie, request, MAX_BASKET_LINES, [line.offerId, line.quantity]);
}

/**
 * At login or sign-up: the cookie basket (single offers and family baskets) moves into the
 * account; returns the headers clearing the cookies.
 */
export async function adoptCookieCart(request: Request, userId: number): Promise<string[]> {
  const cleared: string[] = [];
  const lines = await readCookieCart(request);
  if (lines.length > 0) {
    mergeIntoSavedCart({ userId, lines });
    cleared.push(await cartCookie.serialize([], { maxAge: 0 }));
  }
  const bundleLines = await readCookieBundles(request);
  if (bundleLines.length > 0) {
    mergeIntoSavedBundles({ userId, lines: bundleLines });
    cleared.push(await bundleCookie.serialize([], { maxAge: 0 }));
  }
  return cleared;
}
