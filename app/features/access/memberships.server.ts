/** Who holds which role in which market. */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import {
  markets,
  memberships,
  producers,
  type MembershipStatus,
  type Role,
} from "../../../db/schema";
import { db, preparedOnce } from "../../infra/db.server";
import { selectProducers } from "../catalogue/offer-rows.server";

// Prepared once: read on every signed-in request (the header, the page cache, the guards).
const membershipsOfUser = preparedOnce((database) =>
  database
    .select({ marketId: memberships.marketId, role: memberships.role, status: memberships.status })
    .from(memberships)
    .where(eq(memberships.userId, sql.placeholder("userId")))
    .prepare(),
);

export function getUserMemberships(userId: number) {
  return membershipsOfUser().all({ userId });
}

/** Roles that run a market: an approved coordinator or admin membership. */
const COORDINATING_ROLES = ["coordinator", "admin"] as const satisfies readonly Role[];

/** Whether a membership makes its holder a coordinator of its market (the rule, in TypeScript). */
export function isCoordinating(membership: { role: Role; status: MembershipStatus }) {
  return (
    membership.status === "approved" &&
    (COORDINATING_ROLES as readonly Role[]).includes(membership.role)
  );
}

/** The same rule as a WHERE condition on memberships. */
const coordinating = and(
  eq(memberships.status, "approved"),
  inArray(memberships.role, COORDINATING_ROLES),
);

/** The market a user coordinates, or undefined; the lowest market id when there are several. */
export function findCoordinatedMarket(userId: number) {
  return db()
    .select({ market: markets })
    .from(memberships)
    .innerJoin(markets, eq(markets.id, memberships.marketId))
    .where(and(eq(memberships.userId, userId), coordinating))
    .orderBy(asc(markets.id))
    .get()?.market;
}

/** The producer profile of a user in a market, with their membership's status. */
export function getProducerOfUser({ userId, marketId }: { userId: number; marketId: number }) {
  return selectProducers({ producer: producers, status: memberships.status })
    .where(and(eq(producers.userId, userId), eq(producers.marketId, marketId)))
    .get();
}
