/** Server-side sessions: revocable rows with a 30-day sliding expiry. */
import crypto from "node:crypto";
import { and, eq, gt, lt, ne, sql } from "drizzle-orm";
import { sessions, users, type User } from "../../../db/schema";
import { db, preparedOnce, type Tx } from "../../infra/db.server";

export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
// Extend at most once a day, so an active person does not cost a write per request.
const REFRESH_AFTER_MS = 24 * 60 * 60 * 1000;

export function createSession({ userId, now = new Date() }: { userId: number; now?: Date }) {
  const id = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  db().insert(sessions).values({ id, userId, expiresAt, createdAt: now }).run();
  return { id, expiresAt };
}

// Runs on every request of a logged-in person.
const liveSession = preparedOnce((database) =>
  database
    .select({ user: users, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.id, sql.placeholder("sessionId")),
        gt(sessions.expiresAt, sql.placeholder("now")),
      ),
    )
    .prepare(),
);

/**
 * The user of a live session, extending its expiry when it was last extended over a day ago.
 * `refreshed` tells the caller to send the cookie again with the new expiry.
 */
export function getSessionUser({
  sessionId,
  now = new Date(),
}: {
  sessionId: string;
  now?: Date;
}): { user: User; refreshed: boolean } | null {
  const row = liveSession().get({ sessionId, now: now.getTime() });
  if (!row) return null;
  const refreshed = row.expiresAt.getTime() - now.getTime() < SESSION_TTL_MS - REFRESH_AFTER_MS;
  if (refreshed) {
    db()
      .update(sessions)
      .set({ expiresAt: new Date(now.getTime() + SESSION_TTL_MS) })
      .where(eq(sessions.id, sessionId))
      .run();
  }
  return { user: row.user, refreshed };
}

export function deleteSession(sessionId: string) {
  db().delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/**
 * Ends every session of an account (after a password reset), or every one but `except` (after
 * a password change, which keeps the device it was made on). Takes the caller's transaction so
 * the new password and the ended sessions go together.
 */
export function deleteSessionsOfUser(
  tx: Tx,
  { userId, except }: { userId: number; except?: string | null },
) {
  return tx
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), except ? ne(sessions.id, except) : undefined))
    .run().changes;
}

export function deleteExpiredSessions(now = new Date()) {
  return db().delete(sessions).where(lt(sessions.expiresAt, now)).run().changes;
}
