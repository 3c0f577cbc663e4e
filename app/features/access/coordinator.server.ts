/**
 * The guard of the coordinator's pages. A coordinator runs one market: the one their approved
 * coordinator (or admin) membership names. Every model function below the pages takes that
 * market's id and scopes its queries with it (DESIGN invariant 6).
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { markets, memberships } from "../../../db/schema";
import { db } from "../../infra/db.server";
import { requireUser } from "../../infra/session.server";

export type Market = typeof markets.$inferSelect;

/** The market a user coordinates, or undefined; the lowest market id when there are several. */
export function coordinatedMarket(userId: number): Market | undefined {
  return db()
    .select({ market: markets })
    .from(memberships)
    .innerJoin(markets, eq(markets.id, memberships.marketId))
    .where(
      and(
        eq(memberships.userId, userId),
        eq(memberships.status, "approved"),
        inArray(memberships.role, ["coordinator", "admin"]),
      ),
    )
    .orderBy(asc(markets.id))
    .get()?.market;
}

/** The logged-in coordinator and their market; anyone else gets a 403 (login first if needed). */
export async function requireCoordinator(request: Request) {
  const user = await requireUser(request);
  const market = coordinatedMarket(user.id);
  if (!market) throw new Response("Forbidden", { status: 403 });
  return { user, market };
}
