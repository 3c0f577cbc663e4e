/**
 * Throttling of logins and sign-ups, kept in SQLite so it holds across restarts.
 * Logins, within 15 minutes:
 * - 10 failures for one account from one IP lock that pair;
 * - 50 failures for one account from any IPs lock the account (a spread-out attack; high
 *   enough that nobody can lock a person out from one place);
 * - 100 failures from one IP across accounts lock that IP (credential stuffing).
 * Failures count whether or not the account exists, so a lock says nothing about it.
 *
 * The check and the record are one IMMEDIATE transaction, and an attempt is recorded as a
 * failure *before* the (slow) password check, so a burst of parallel attempts cannot all pass
 * the check before any of them is counted. A correct password then marks it a success.
 */
import { and, count, eq, gt, like, lt } from "drizzle-orm";
import { loginAttempts } from "../../db/schema";
import { db } from "../db.server";

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_PAIR = 10;
export const MAX_FAILURES_PER_ACCOUNT = 50;
export const MAX_FAILURES_PER_IP = 100;
export const SIGNUP_WINDOW_MS = 60 * 60 * 1000;
export const MAX_SIGNUPS_PER_IP = 20;
const SIGNUP_PREFIX = "signup:";

type Db = ReturnType<typeof db>;
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

function failuresSince(tx: Tx | Db, since: Date, ...where: Parameters<typeof and>) {
  const [row] = tx
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.succeeded, false), gt(loginAttempts.createdAt, since), ...where))
    .all();
  return row.n;
}

function isLocked(tx: Tx | Db, identifier: string, ip: string, now: Date) {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  return (
    failuresSince(tx, since, eq(loginAttempts.identifier, identifier), eq(loginAttempts.ip, ip)) >=
      MAX_FAILURES_PER_PAIR ||
    failuresSince(tx, since, eq(loginAttempts.identifier, identifier)) >=
      MAX_FAILURES_PER_ACCOUNT ||
    failuresSince(tx, since, eq(loginAttempts.ip, ip)) >= MAX_FAILURES_PER_IP
  );
}

/** Whether logins for this identifier from this IP are locked at `now`. */
export function isLoginLocked({
  identifier,
  ip,
  now = new Date(),
}: {
  identifier: string;
  ip: string;
  now?: Date;
}) {
  return isLocked(db(), identifier, ip, now);
}

/**
 * Starts a login attempt: null when locked, else the id of an attempt already counted as a
 * failure, to be marked a success with `markLoginSucceeded` if the password is right.
 */
export function beginLoginAttempt({
  identifier,
  ip,
  now = new Date(),
}: {
  identifier: string;
  ip: string;
  now?: Date;
}): number | null {
  return db().transaction(
    (tx) => {
      if (isLocked(tx, identifier, ip, now)) return null;
      return tx
        .insert(loginAttempts)
        .values({ identifier, ip, succeeded: false, createdAt: now })
        .returning({ id: loginAttempts.id })
        .get().id;
    },
    { behavior: "immediate" },
  );
}

export function markLoginSucceeded(attemptId: number) {
  db().update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId)).run();
}

/**
 * Counts a sign-up from an IP; false when the IP already made too many in the last hour
 * (each costs a deliberately slow password hash, and answers whether a contact has an account).
 */
export function allowSignup({ ip, now = new Date() }: { ip: string; now?: Date }): boolean {
  return db().transaction(
    (tx) => {
      const since = new Date(now.getTime() - SIGNUP_WINDOW_MS);
      const [row] = tx
        .select({ n: count() })
        .from(loginAttempts)
        .where(
          and(
            eq(loginAttempts.ip, ip),
            like(loginAttempts.identifier, `${SIGNUP_PREFIX}%`),
            gt(loginAttempts.createdAt, since),
          ),
        )
        .all();
      if (row.n >= MAX_SIGNUPS_PER_IP) return false;
      // Recorded as a success so it never counts towards login locks.
      tx.insert(loginAttempts)
        .values({ identifier: `${SIGNUP_PREFIX}${ip}`, ip, succeeded: true, createdAt: now })
        .run();
      return true;
    },
    { behavior: "immediate" },
  );
}

/** Forgets attempts older than a day: only the last hour ever counts. */
export function pruneLoginAttempts(now = new Date()) {
  const before = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  return db().delete(loginAttempts).where(lt(loginAttempts.createdAt, before)).run().changes;
}
