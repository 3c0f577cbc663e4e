/**
 * Login throttling, kept in SQLite so it holds across restarts.
 * - 10 failures for one account from one IP in 15 minutes lock that pair for 15 minutes;
 * - 100 failures from one IP across accounts in 15 minutes lock that IP (credential stuffing).
 * Failures are counted whether or not the account exists, so the lock says nothing about it.
 */
import { and, count, eq, gt, lt } from "drizzle-orm";
import { loginAttempts } from "../../db/schema";
import { db } from "../db.server";

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_PAIR = 10;
export const MAX_FAILURES_PER_IP = 100;

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
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const failed = and(eq(loginAttempts.succeeded, false), gt(loginAttempts.createdAt, since));
  const [pair] = db()
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.identifier, identifier), eq(loginAttempts.ip, ip), failed))
    .all();
  if (pair.n >= MAX_FAILURES_PER_PAIR) return true;
  const [fromIp] = db()
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.ip, ip), failed))
    .all();
  return fromIp.n >= MAX_FAILURES_PER_IP;
}

export function recordLoginAttempt({
  identifier,
  ip,
  succeeded,
  now = new Date(),
}: {
  identifier: string;
  ip: string;
  succeeded: boolean;
  now?: Date;
}) {
  db().insert(loginAttempts).values({ identifier, ip, succeeded, createdAt: now }).run();
}

/** Forgets attempts older than a day: only the last 15 minutes ever count. */
export function pruneLoginAttempts(now = new Date()) {
  const before = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  return db().delete(loginAttempts).where(lt(loginAttempts.createdAt, before)).run().changes;
}
