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
import { and, count, eq, gt, like, lt, min } from "drizzle-orm";
import { loginAttempts } from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_PAIR = 10;
export const MAX_FAILURES_PER_ACCOUNT = 50;
export const MAX_FAILURES_PER_IP = 100;
export const SIGNUP_WINDOW_MS = 60 * 60 * 1000;
export const MAX_SIGNUPS_PER_IP = 20;
const SIGNUP_PREFIX = "signup:";
/**
 * One-time codes sent (password reset, new contact), within an hour: a few per contact or
 * account, so nobody can flood a person's phone or inbox; more per IP, since a whole market's
 * families may share one carrier's address.
 */
export const CODE_REQUEST_WINDOW_MS = 60 * 60 * 1000;
export const MAX_CODE_REQUESTS_PER_KEY = 5;
export const MAX_CODE_REQUESTS_PER_IP = 30;
const CODE_REQUEST_PREFIX = "send:";

function failuresSince(tx: Tx, since: Date, ...where: Parameters<typeof and>) {
  const [row] = tx
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.succeeded, false), gt(loginAttempts.createdAt, since), ...where))
    .all();
  return row.n;
}

function isLocked(tx: Tx, identifier: string, ip: string, now: Date) {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  return (
    failuresSince(tx, since, eq(loginAttempts.identifier, identifier), eq(loginAttempts.ip, ip)) >=
      MAX_FAILURES_PER_PAIR ||
    failuresSince(tx, since, eq(loginAttempts.identifier, identifier)) >=
      MAX_FAILURES_PER_ACCOUNT ||
    failuresSince(tx, since, eq(loginAttempts.ip, ip)) >= MAX_FAILURES_PER_IP
  );
}

/** Who is trying to log in as whom, and when. */
type Attempt = { identifier: string; ip: string; now?: Date };

/** Whether logins for this identifier from this IP are locked at `now`. */
export function isLoginLocked({ identifier, ip, now = new Date() }: Attempt) {
  return isLocked(db(), identifier, ip, now);
}

/**
 * Starts a login attempt: null when locked, else the id of an attempt already counted as a
 * failure, to be marked a success with `markLoginSucceeded` if the password is right.
 */
export function beginLoginAttempt({ identifier, ip, now = new Date() }: Attempt): number | null {
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

/**
 * Counts a request for a one-time code for `key` (e.g. "reset:+51987654321") from an IP, or
 * says how many minutes until one more is allowed. Recorded as a success so it never counts
 * towards login locks; an unknown contact counts like a known one, so a refusal says nothing
 * about whether an account exists.
 */
export function allowCodeRequest({
  key,
  ip,
  now = new Date(),
}: {
  key: string;
  ip: string;
  now?: Date;
}): { allowed: true } | { allowed: false; retryInMinutes: number } {
  return db().transaction(
    (tx) => {
      const since = new Date(now.getTime() - CODE_REQUEST_WINDOW_MS);
      const identifier = `${CODE_REQUEST_PREFIX}${key}`;
      const recent = (where: ReturnType<typeof and>) =>
        tx
          .select({ n: count(), oldest: min(loginAttempts.createdAt) })
          .from(loginAttempts)
          .where(and(gt(loginAttempts.createdAt, since), where))
          .get() ?? { n: 0, oldest: null };
      const byKey = recent(eq(loginAttempts.identifier, identifier));
      const byIp = recent(
        and(eq(loginAttempts.ip, ip), like(loginAttempts.identifier, `${CODE_REQUEST_PREFIX}%`)),
      );
      const full = [
        byKey.n >= MAX_CODE_REQUESTS_PER_KEY ? byKey.oldest : null,
        byIp.n >= MAX_CODE_REQUESTS_PER_IP ? byIp.oldest : null,
      ].filter((oldest) => oldest !== null);
      if (full.length > 0) {
        // Free again when the oldest request counted leaves the window.
        const freeAt = Math.max(...full.map((oldest) => oldest.getTime())) + CODE_REQUEST_WINDOW_MS;
        return {
          allowed: false as const,
          retryInMinutes: Math.max(1, Math.ceil((freeAt - now.getTime()) / 60_000)),
        };
      }
      tx.insert(loginAttempts).values({ identifier, ip, succeeded: true, createdAt: now }).run();
      return { allowed: true as const };
    },
    { behavior: "immediate" },
  );
}

/** Forgets attempts older than a day: only the last hour ever counts. */
export function pruneLoginAttempts(now = new Date()) {
  const before = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  return db().delete(loginAttempts).where(lt(loginAttempts.createdAt, before)).run().changes;
}
