/**
 * Coordinators help people who cannot log in: they find a market's family or producer and give
 * them a one-time code in person (for someone whose phone gets no messages). Only people with a
 * consumer or producer membership in the coordinator's market, and never anyone who coordinates
 * or administers any market: the scope is in the WHERE clause (docs/invariants.md #6), so another
 * market's people and other coordinators are simply not found.
 */
import { SqliteError } from "better-sqlite3";
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { memberships, producers, users } from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import { groupBy } from "../../lib/group";
import { foldText } from "../../lib/text";
import { IN_PERSON_CODE_TTL_MS, issueCode } from "./account-codes.server";
import { auditHistory, recordAudit } from "../../infra/audit.server";

export const ACCOUNT_RESULTS = 30;
export const CODE_GIVEN = "account.code_given";
export const PHONE_SET = "account.phone_set";

/** A person this market's coordinators may help. */
function helpableIn(marketId: number): SQL {
  return sql`EXISTS (SELECT 1 FROM ${memberships} WHERE ${memberships.userId} = ${users.id}
      AND ${memberships.marketId} = ${marketId} AND ${memberships.role} IN ('consumer', 'producer'))
    AND NOT EXISTS (SELECT 1 FROM ${memberships} WHERE ${memberships.userId} = ${users.id}
      AND ${memberships.role} IN ('coordinator', 'admin'))`;
}

/** What was typed, read as phone digits and as part of a name at once. */
export function readAccountQuery(query: string) {
  let digits = query.replace(/\D/g, "");
  if (digits.length > 9 && digits.startsWith("51")) digits = digits.slice(2);
  const name = foldText(query.trim());
  return {
    phoneDigits: digits.length >= 4 ? digits : null,
    name: name.length >= 2 && /\p{L}/u.test(name) ? name : null,
  };
}

const escapeLike = (text: string) => text.replace(/[%_\\]/g, "\\$&");

/** The market's families and producers matching a name or phone digits, by name. */
export function searchMarketAccounts({ marketId, query }: { marketId: number; query: string }) {
  const { phoneDigits, name } = readAccountQuery(query);
  const matches = [
    phoneDigits ? sql`${users.phone} LIKE ${`%${phoneDigits}%`}` : null,
    name ? sql`fold(${users.name}) LIKE ${`%${escapeLike(name)}%`} ESCAPE '\\'` : null,
  ].filter((m) => m !== null);
  if (matches.length === 0) return null;
  const found = db()
    .select({
      id: users.id,
      name: users.name,
      phone: users.phone,
      email: users.email,
    })
    .from(users)
    .where(and(helpableIn(marketId), sql`(${sql.join(matches, sql` OR `)})`))
    .orderBy(sql`fold(${users.name})`, asc(users.id))
    .limit(ACCOUNT_RESULTS + 1)
    .all();
  const people = found.slice(0, ACCOUNT_RESULTS);
  const roles = rolesIn(
    marketId,
    people.map((p) => p.id),
  );
  return {
    people: people.map((p) => ({ ...p, roles: roles.get(p.id) ?? [] })),
    more: found.length > ACCOUNT_RESULTS,
  };
}

type MarketRole = {
  role: "consumer" | "producer";
  status: "pending" | "approved" | "suspended";
  farmName: string | null;
};

/** Each person's consumer and producer memberships in the market, in one query. */
function rolesIn(marketId: number, userIds: number[]) {
  if (userIds.length === 0) return new Map<number, MarketRole[]>();
  const rows = db()
    .select({
      userId: memberships.userId,
      role: memberships.role,
      status: memberships.status,
      farmName: producers.farmName,
    })
    .from(memberships)
    .leftJoin(producers, eq(producers.membershipId, memberships.id))
    .where(
      and(
        eq(memberships.marketId, marketId),
        inArray(memberships.userId, userIds),
        inArray(memberships.role, ["consumer", "producer"]),
      ),
    )
    .orderBy(asc(memberships.role))
    .all();
  return groupBy(
    rows,
    (row) => row.userId,
    (row): MarketRole => ({ ...row, role: row.role as MarketRole["role"] }),
  );
}

function findHelpable(tx: Tx, marketId: number, userId: number) {
  return tx
    .select({
      id: users.id,
      name: users.name,
      phone: users.phone,
      email: users.email,
      assisted: users.assisted,
    })
    .from(users)
    .where(and(eq(users.id, userId), helpableIn(marketId)))
    .get();
}

/** One person of the market for the coordinator's page, or undefined (not theirs to help). */
export function getMarketAccount({ marketId, userId }: { marketId: number; userId: number }) {
  const person = findHelpable(db(), marketId, userId);
  if (!person) return undefined;
  const codesGiven = auditHistory({ marketId, entityType: "user", entityId: userId })
    .filter((entry) => entry.action === CODE_GIVEN)
    .slice(0, 5);
  return { ...person, roles: rolesIn(marketId, [userId]).get(userId) ?? [], codesGiven };
}

export type GiveCodeResult =
  | { status: "ok"; code: string; expiresAt: Date }
  | { status: "notFound" }
  | { status: "noContact" };

/**
 * A reset code given in person by a coordinator: issued by them (earlier codes of the account
 * end), with an audit row saying who gave one to whom and until when, never the code.
 */
export function giveCodeInPerson({
  marketId,
  coordinatorId,
  userId,
  now = new Date(),
}: {
  marketId: number;
  coordinatorId: number;
  userId: number;
  now?: Date;
}): GiveCodeResult {
  return db().transaction(
    (tx): GiveCodeResult => {
      const person = findHelpable(tx, marketId, userId);
      if (!person) return { status: "notFound" };
      // Login is by phone or email: without either a code could not be used.
      if (!person.phone && !person.email) return { status: "noContact" };
      const issued = issueCode(tx, {
        userId,
        purpose: "reset",
        ttlMs: IN_PERSON_CODE_TTL_MS,
        now,
        issuedByUserId: coordinatorId,
      });
      recordAudit(tx, {
        marketId,
        actorUserId: coordinatorId,
        action: CODE_GIVEN,
        entityType: "user",
        entityId: userId,
        data: { codeId: issued.id, expiresAt: issued.expiresAt.toISOString() },
      });
      return { status: "ok", code: issued.code, expiresAt: issued.expiresAt };
    },
    { behavior: "immediate" },
  );
}

export type SetPhoneResult = { status: "ok" | "notFound" | "notAssisted" | "taken" };

/**
 * The phone an assisted account logs in with, set by a coordinator with the person in front of
 * them (someone the coordinators signed up, who has no way to confirm a code on a phone they
 * did not have). Only while the account is still assisted: once the person has chosen their
 * own password, their contact is theirs to change (/cuenta). Audited with the last digits.
 */
export function setAssistedPhone({
  marketId,
  coordinatorId,
  userId,
  phone,
}: {
  marketId: number;
  coordinatorId: number;
  userId: number;
  phone: string;
}): SetPhoneResult {
  try {
    return db().transaction(
      (tx): SetPhoneResult => {
        const person = findHelpable(tx, marketId, userId);
        if (!person) return { status: "notFound" };
        if (!person.assisted) return { status: "notAssisted" };
        tx.update(users)
          .set({ phone, updatedAt: new Date() })
          .where(and(eq(users.id, userId), eq(users.assisted, true)))
          .run();
        recordAudit(tx, {
          marketId,
          actorUserId: coordinatorId,
          action: PHONE_SET,
          entityType: "user",
          entityId: userId,
          data: { before: person.phone?.slice(-3) ?? null, after: phone.slice(-3) },
        });
        return { status: "ok" };
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    if (error instanceof SqliteError && error.code === "SQLITE_CONSTRAINT_UNIQUE") {
      return { status: "taken" };
    }
    throw error;
  }
}
