/**
 * Who is visiting, as every page's header shows it: their first name, whether they coordinate
 * or wait for approval as a producer, and how many kinds of things their cart holds. This is
 * the only personal part of the public pages (/, /feria, a producer's page), so the page cache
 * (app/infra/micro-cache.server.ts) renders those pages once per kind of visitor and fills in
 * the name; the root loader reads the same function, so both always agree.
 */
import { readBundles, readCart } from "../cart/cart-cookie.server";
import { bundleLinesOfDay, countLinesOfDay } from "../cart/cart.server";
import { getCurrentMarketDay } from "../market-days/markets.server";
import { getUser } from "../../infra/session.server";
import { getUserMemberships, isCoordinating } from "./memberships.server";

export type VisitorHeader = {
  firstName: string | null;
  pendingProducer: boolean;
  coordinator: boolean;
  cartCount: number;
};

export const ANONYMOUS_VISITOR: VisitorHeader = {
  firstName: null,
  pendingProducer: false,
  coordinator: false,
  cartCount: 0,
};

/**
 * The header's personal part; the session's Set-Cookie when its sliding expiry moved; and
 * whether this person changes what the catalogue shows (a producer or a coordinator), who must
 * see their own change at once rather than a page up to two seconds old.
 */
export async function readVisitor(
  request: Request,
): Promise<{ visitor: VisitorHeader; setCookie: string | null; editsCatalogue: boolean }> {
  const found = await getUser(request);
  const user = found?.user ?? null;
  const memberships = user ? getUserMemberships(user.id) : [];
  const day = getCurrentMarketDay();
  let cartCount = 0;
  if (day) {
    const [lines, bundles] = await Promise.all([
      readCart(request, user),
      readBundles(request, user),
    ]);
    // Each kind of offer or family basket of this market day counts once.
    cartCount =
      countLinesOfDay({ lines, marketDayId: day.id }) +
      bundleLinesOfDay({ lines: bundles, marketDayId: day.id }).length;
  }
  return {
    visitor: {
      firstName: user ? user.name.split(" ")[0] : null,
      pendingProducer: memberships.some((m) => m.role === "producer" && m.status === "pending"),
      coordinator: memberships.some(isCoordinating),
      cartCount,
    },
    setCookie: found?.setCookie ?? null,
    editsCatalogue: memberships.some((m) => m.role === "producer" || isCoordinating(m)),
  };
}
