/** The guard of the producer pages: an approved producer of the market, with their profile. */
import { redirect } from "@remix-run/node";
import { getDefaultMarket } from "../market-days/markets.server";
import { getProducerOfUser } from "./memberships.server";
import { requireUser } from "../../infra/session.server";

/**
 * The logged-in producer. Anyone who is not a producer gets a 403; a producer whose account is
 * pending or suspended is sent to /productor, which explains why and what to do (unless
 * `allowPending`, for that page itself).
 */
export async function requireProducer(request: Request, { allowPending = false } = {}) {
  const user = await requireUser(request);
  const market = getDefaultMarket();
  const found = market ? getProducerOfUser({ userId: user.id, marketId: market.id }) : undefined;
  if (!market || !found) throw new Response("Forbidden", { status: 403 });
  if (found.status !== "approved" && !allowPending) throw redirect("/productor");
  return { user, market, producer: found.producer, status: found.status };
}
