/**
 * One-time codes: to set a new password when it is forgotten ("reset", sent to the account's
 * phone or email, or given in person by a coordinator) and to confirm a new phone or email
 * ("contact", sent to the new one). Six digits, kept only as a keyed hash
 * (app/features/access/code-crypto.server.ts), short-lived, single use, dead after a few wrong tries, and
 * each new code of a purpose ends the account's earlier ones.
 *
 * Every answer that could tell whether a contact has an account is the same either way: asking
 * for a code, a wrong code and an unknown contact all look alike from outside.
 */
import { SqliteError } from "better-sqlite3";
import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { accountCodes, users, type User } from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import {
  codeMatches,
  generateCode,
  hashCode,
  sealCode,
  type CodePurpose,
} from "./code-crypto.server";
import { hashPassword } from "./password.server";
import { allowCodeRequest, beginLoginAttempt, markLoginSucceeded } from "./login-throttle.server";
import { queueCodeMessage } from "../notifications/notifications.server";
import { deleteSessionsOfUser } from "./sessions.server";
import { findUserByContact, type Contact, type LoginResult } from "./users.server";

/** How long a code sent by SMS or email lives. */
export const CODE_TTL_MS = 15 * 60_000;
/** A code a coordinator gives at the desk: long enough to get home and use it. */
export const IN_PERSON_CODE_TTL_MS = 60 * 60_000;
/** Wrong tries a code takes before it is dead. */
export const MAX_CODE_FAILURES = 5;

/** Not used, not expired, not worn out by wrong tries. */
const live = (now: Date) =>
  and(
    isNull(accountCodes.usedAt),
    gt(accountCodes.expiresAt, now),
    lt(accountCodes.failedAttempts, MAX_CODE_FAILURES),
  );

/**
 * A new code for an account, in the caller's transaction; earlier live codes of the same
 * purpose end now. Returns the code in clear, for the message or the coordinator's screen only.
 */
export function issueCode(
  tx: Tx,
  {
    userId,
    purpose,
    ttlMs,
    now,
    newContact,
    issuedByUserId,
  }: {
    userId: number;
    purpose: CodePurpose;
    ttlMs: number;
    now: Date;
    newContact?: Contact;
    issuedByUserId?: number;
  },
) {
  tx.update(accountCodes)
    .set({ expiresAt: now })
    .where(and(eq(accountCodes.userId, userId), eq(accountCodes.purpose, purpose), live(now)))
    .run();
  const code = generateCode();
  const expiresAt = new Date(now.getTime() + ttlMs);
  const { id } = tx
    .insert(accountCodes)
    .values({
      userId,
      purpose,
      codeHash: hashCode({ userId, purpose, code }),
      newPhone: newContact?.kind === "phone" ? newContact.value : null,
      newEmail: newContact?.kind === "email" ? newContact.value : null,
      issuedByUserId: issuedByUserId ?? null,
      expiresAt,
      createdAt: now,
    })
    .returning({ id: accountCodes.id })
    .get();
  return { id, code, expiresAt };
}

/**
 * The account's live code of `purpose` when `code` is it. A wrong code counts against the live
 * one (read, compare and count in one transaction, so parallel guesses are all counted).
 */
function matchLiveCode({
  userId,
  purpose,
  code,
  now,
}: {
  userId: number;
  purpose: CodePurpose;
  code: string;
  now: Date;
}) {
  return db().transaction(
    (tx) => {
      const row = tx
        .select()
        .from(accountCodes)
        .where(and(eq(accountCodes.userId, userId), eq(accountCodes.purpose, purpose), live(now)))
        .orderBy(desc(accountCodes.id))
        .get();
      if (!row) return null;
      if (codeMatches(row.codeHash, { userId, purpose, code })) return row;
      tx.update(accountCodes)
        .set({ failedAttempts: sql`${accountCodes.failedAttempts} + 1` })
        .where(eq(accountCodes.id, row.id))
        .run();
      return null;
    },
    { behavior: "immediate" },
  );
}

/** Uses a code once: false when another request used it first or it died meanwhile. */
function useCode(tx: Tx, codeId: number, now: Date) {
  return (
    tx
      .update(accountCodes)
      .set({ usedAt: now })
      .where(and(eq(accountCodes.id, codeId), live(now)))
      .run().changes === 1
  );
}

const minutes = (ms: number) => Math.round(ms / 60_000);

/** What a code's message carries: the code sealed (the outbox never holds it in clear), its life. */
function codePayload(issued: { code: string; expiresAt: Date }) {
  return {
    sealedCode: sealCode(issued.code),
    minutes: minutes(CODE_TTL_MS),
    expiresAt: issued.expiresAt.getTime(),
  };
}

export type CodeRequestResult =
  { status: "sent" } | { status: "throttled"; retryInMinutes: number };

/**
 * "Forgot my password": a reset code to the phone or email typed, when an account has it. The
 * answer is "sent" either way (throttled alike too), so it never tells whether one does.
 * `origin` is where an emailed link may point (null: no link).
 */
export function requestPasswordReset({
  contact,
  ip,
  origin,
  now = new Date(),
}: {
  contact: Contact;
  ip: string;
  origin: string | null;
  now?: Date;
}): CodeRequestResult {
  const allowed = allowCodeRequest({ key: `reset:${contact.value}`, ip, now });
  if (!allowed.allowed) return { status: "throttled", retryInMinutes: allowed.retryInMinutes };
  const user = findUserByContact(contact);
  if (!user) return { status: "sent" };
  db().transaction(
    (tx) => {
      const issued = issueCode(tx, { userId: user.id, purpose: "reset", ttlMs: CODE_TTL_MS, now });
      queueCodeMessage(tx, {
        userId: user.id,
        template: "account_code_reset",
        to: contact,
        dedupeKey: `account-code:${issued.id}`,
        payload: {
          ...codePayload(issued),
          ...(origin && contact.kind === "email" ? { origin } : {}),
        },
      });
    },
    { behavior: "immediate" },
  );
  return { status: "sent" };
}

/** A reset code answers as a password does at login: it counts against the same throttle. */
export type ResetResult = LoginResult;

/**
 * A new password with a reset code: the code is used, the password set and every session of
 * the account ended, in one transaction. Wrong, expired, used or worn-out codes and unknown
 * contacts are all "invalid". Tries count against the login throttle of the contact and IP.
 */
export async function resetPasswordWithCode({
  contact,
  code,
  newPassword,
  ip,
  now = new Date(),
}: {
  contact: Contact;
  code: string;
  newPassword: string;
  ip: string;
  now?: Date;
}): Promise<ResetResult> {
  const attemptId = beginLoginAttempt({ identifier: `code:${contact.value}`, ip, now });
  if (attemptId === null) return { status: "locked" };
  const user = findUserByContact(contact);
  const row = user ? matchLiveCode({ userId: user.id, purpose: "reset", code, now }) : null;
  if (!user || !row) return { status: "invalid" };
  // Hashed before the transaction: better-sqlite3 transactions cannot wait for it.
  const passwordHash = await hashPassword(newPassword);
  const done = db().transaction(
    (tx) => {
      if (!useCode(tx, row.id, now)) return false;
      // Their own password now: the account is no longer kept by the coordinators (who may
      // set an assisted account's phone), and it has the contact it logged in with.
      tx.update(users)
        .set({ passwordHash, assisted: false, updatedAt: now })
        .where(eq(users.id, user.id))
        .run();
      deleteSessionsOfUser(tx, { userId: user.id });
      return true;
    },
    { behavior: "immediate" },
  );
  if (!done) return { status: "invalid" };
  markLoginSucceeded(attemptId);
  return { status: "ok", user };
}

// ---------------------------------------------------------------------------------------------
// A new phone or email, confirmed by a code sent to it

/** The new phone or email waiting for its code, if any. */
export function pendingContactChange({ userId, now = new Date() }: { userId: number; now?: Date }) {
  const row = db()
    .select({
      newPhone: accountCodes.newPhone,
      newEmail: accountCodes.newEmail,
      expiresAt: accountCodes.expiresAt,
    })
    .from(accountCodes)
    .where(and(eq(accountCodes.userId, userId), eq(accountCodes.purpose, "contact"), live(now)))
    .orderBy(desc(accountCodes.id))
    .get();
  if (!row) return null;
  const contact: Contact = row.newPhone
    ? { kind: "phone", value: row.newPhone }
    : { kind: "email", value: row.newEmail ?? "" };
  return { contact, expiresAt: row.expiresAt };
}

/** Whether another account already has this phone or email. */
function takenByAnother(contact: Contact, userId: number) {
  const owner = findUserByContact(contact);
  return owner !== undefined && owner.id !== userId;
}

/**
 * Sends a code to a new phone or email of the account; nothing changes until it is typed back
 * (`confirmContactChange`). Refused when it is the account's already or another account's.
 */
export function requestContactChange({
  user,
  contact,
  ip,
  now = new Date(),
}: {
  user: Pick<User, "id" | "phone" | "email">;
  contact: Contact;
  ip: string;
  now?: Date;
}): CodeRequestResult | { status: "unchanged" } | { status: "taken" } {
  const current = contact.kind === "phone" ? user.phone : user.email;
  if (current === contact.value) return { status: "unchanged" };
  if (takenByAnother(contact, user.id)) return { status: "taken" };
  const allowed = allowCodeRequest({ key: `contact:${user.id}`, ip, now });
  if (!allowed.allowed) return { status: "throttled", retryInMinutes: allowed.retryInMinutes };
  db().transaction(
    (tx) => {
      const issued = issueCode(tx, {
        userId: user.id,
        purpose: "contact",
        ttlMs: CODE_TTL_MS,
        now,
        newContact: contact,
      });
      queueCodeMessage(tx, {
        userId: user.id,
        template: "account_code_contact",
        to: contact,
        dedupeKey: `account-code:${issued.id}`,
        payload: codePayload(issued),
      });
    },
    { behavior: "immediate" },
  );
  return { status: "sent" };
}

export type ContactChangeResult =
  | { status: "ok"; contact: Contact }
  | { status: "invalid" }
  | { status: "taken" }
  | { status: "locked" };

/**
 * The code typed back: the new phone or email replaces the old one. Checked against other
 * accounts again, and the UNIQUE index is the last guard against one that took it meanwhile.
 */
export function confirmContactChange({
  userId,
  code,
  ip,
  now = new Date(),
}: {
  userId: number;
  code: string;
  ip: string;
  now?: Date;
}): ContactChangeResult {
  const attemptId = beginLoginAttempt({ identifier: `contact-code:${userId}`, ip, now });
  if (attemptId === null) return { status: "locked" };
  const row = matchLiveCode({ userId, purpose: "contact", code, now });
  if (!row) return { status: "invalid" };
  markLoginSucceeded(attemptId);
  const contact: Contact = row.newPhone
    ? { kind: "phone", value: row.newPhone }
    : { kind: "email", value: row.newEmail ?? "" };
  if (takenByAnother(contact, userId)) return { status: "taken" };
  try {
    const done = db().transaction(
      (tx) => {
        if (!useCode(tx, row.id, now)) return false;
        tx.update(users)
          .set({
            ...(contact.kind === "phone" ? { phone: contact.value } : { email: contact.value }),
            updatedAt: now,
          })
          .where(eq(users.id, userId))
          .run();
        return true;
      },
      { behavior: "immediate" },
    );
    return done ? { status: "ok", contact } : { status: "invalid" };
  } catch (error) {
    if (error instanceof SqliteError && error.code === "SQLITE_CONSTRAINT_UNIQUE") {
      return { status: "taken" };
    }
    throw error;
  }
}
