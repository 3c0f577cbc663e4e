/**
 * The guard of the coordinator's pages. A coordinator runs one market: the one their approved
 * coordinator (or admin) membership names (findCoordinatedMarket in memberships.server.ts).
 * Every model function below the pages takes that market's id and scopes its queries with it
 * (docs/invariants.md #6).
 */
import { requireUser } from "../../infra/session.server";
import { findCoordinatedMarket } from "./memberships.server";

/** The logged-in coordinator and their market; anyone else gets a 403 (login first if needed). */
export async function requireCoordinator(request: Request) {
  const user = await requireUser(request);
  const market = findCoordinatedMarket(user.id);
  if (!market) throw new Response("Forbidden", { status: 403 });
  return { user, market };
}
