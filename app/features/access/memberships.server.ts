/** Who holds which role in which market. */
import { and, eq, inArray } from "drizzle-orm";
import { memberships, producers, type Role } from "../../../db/schema";
import { db } from "../../infra/db.server";

export function getUserMemberships(userId: number) {
  return db()
    .select({ marketId: memberships.marketId, role: memberships.role, status: memberships.status })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .all();
}

/** Whether the user holds `role` (approved) in the market; admins hold every role there. */
export function hasApprovedRole({
  userId,
  marketId,
  role,
}: {
  userId: number;
  marketId: number;
  role: Role;
}) {
  const found = db()
    .select({ id: memberships.id })
    .from(memberships)
    .where(
      and(
        eq(memberships.userId, userId),
        eq(memberships.marketId, marketId),
        eq(memberships.status, "approved"),
        inArray(memberships.role, [role, "admin"]),
      ),
    )
    .get();
  return found !== undefined;
}

/** The producer profile of a user in a market, with their membership's status. */
export function getProducerOfUser({ userId, marketId }: { userId: number; marketId: number }) {
  return db()
    .select({ producer: producers, status: memberships.status })
    .from(producers)
    .innerJoin(memberships, eq(memberships.id, producers.membershipId))
    .where(and(eq(producers.userId, userId), eq(producers.marketId, marketId)))
    .get();
}
