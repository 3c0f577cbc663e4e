/** Accounts: sign-up (with the person's first membership) and login checks. */
import { and, eq, like } from "drizzle-orm";
import { SqliteError } from "better-sqlite3";
import { memberships, producers, users, type Locale, type User } from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import type { CuscoProvince } from "../../lib/cusco";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./password.server";
import { slugify } from "../../lib/slug";
import { beginLoginAttempt, markLoginSucceeded } from "./login-throttle.server";
import { deleteSessionsOfUser } from "./sessions.server";

export type Contact = { kind: "phone" | "email"; value: string };

export type NewAccount = {
  marketId: number;
  name: string;
  contact: Contact;
  password: string;
  locale: Locale;
  role: "consumer" | "producer";
  farmName?: string;
  community?: string;
  province?: CuscoProvince;
};

export function findUserByContact(contact: Contact): User | undefined {
  const column = contact.kind === "phone" ? users.phone : users.email;
  return db().select().from(users).where(eq(column, contact.value)).get();
}

/**
 * Creates a user and their membership in one transaction. A producer starts pending until a
 * coordinator approves, with the profile they gave. Returns `contactTaken` instead of throwing
 * when the phone or email already has an account (including a concurrent sign-up).
 */
export async function createAccount(
  account: NewAccount,
): Promise<{ ok: true; user: User } | { ok: false; error: "contactTaken" }> {
  const passwordHash = await hashPassword(account.password);
  try {
    const user = db().transaction(
      (tx) => {
        const created = tx
          .insert(users)
          .values({
            name: account.name,
            phone: account.contact.kind === "phone" ? account.contact.value : null,
            email: account.contact.kind === "email" ? account.contact.value : null,
            passwordHash,
            locale: account.locale,
          })
          .returning()
          .get();
        const isProducer = account.role === "producer";
        const membership = tx
          .insert(memberships)
          .values({
            userId: created.id,
            marketId: account.marketId,
            role: account.role,
            status: isProducer ? "pending" : "approved",
          })
          .returning({ id: memberships.id })
          .get();
        if (isProducer) {
          // The sign-up schema requires both for producers.
          if (!account.farmName || !account.province)
            throw new Error("producer without farm or province");
          const farmName = account.farmName;
          tx.insert(producers)
            .values({
              marketId: account.marketId,
              userId: created.id,
              membershipId: membership.id,
              slug: uniqueProducerSlug(tx, account.marketId, farmName),
              farmName,
              community: account.community ?? "",
              province: account.province,
            })
            .run();
        }
        return created;
      },
      { behavior: "immediate" },
    );
    return { ok: true, user };
  } catch (error) {
    if (error instanceof SqliteError && error.code === "SQLITE_CONSTRAINT_UNIQUE") {
      return { ok: false, error: "contactTaken" };
    }
    throw error;
  }
}

/** "chacra-sumaq", then "chacra-sumaq-2", … within one market. */
export function uniqueProducerSlug(tx: Tx, marketId: number, farmName: string): string {
  const base = slugify(farmName);
  const taken = new Set(
    tx
      .select({ slug: producers.slug })
      .from(producers)
      .where(and(eq(producers.marketId, marketId), like(producers.slug, `${base}%`)))
      .all()
      .map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

export type LoginResult =
  { status: "ok"; user: User } | { status: "invalid" } | { status: "locked" };

/** Checks a login attempt against the throttle and the password, and records it. */
export async function attemptLogin({
  contact,
  password,
  ip,
}: {
  contact: Contact;
  password: string;
  ip: string;
}): Promise<LoginResult> {
  const attemptId = beginLoginAttempt({ identifier: contact.value, ip });
  if (attemptId === null) return { status: "locked" };
  const user = findUserByContact(contact);
  const valid = user
    ? await verifyPassword(user.passwordHash, password)
    : await verifyAgainstDummy(password);
  if (!valid || !user) return { status: "invalid" };
  markLoginSucceeded(attemptId);
  return { status: "ok", user };
}

export function setUserLocale({ userId, locale }: { userId: number; locale: Locale }) {
  db().update(users).set({ locale }).where(eq(users.id, userId)).run();
}

/**
 * Checks the password of a logged-in person before a change that needs it (a new password, a
 * new phone or email). A wrong one counts against the login throttle, so a borrowed session
 * cannot be used to guess it.
 */
export async function checkCurrentPassword({
  user,
  password,
  ip,
}: {
  user: Pick<User, "id" | "passwordHash">;
  password: string;
  ip: string;
}): Promise<"ok" | "wrong" | "locked"> {
  const attemptId = beginLoginAttempt({ identifier: `password:${user.id}`, ip });
  if (attemptId === null) return "locked";
  if (!(await verifyPassword(user.passwordHash, password))) return "wrong";
  markLoginSucceeded(attemptId);
  return "ok";
}

/**
 * Sets a new password and ends every other session of the account, in one transaction: a
 * device someone else may hold is logged out, the one making the change stays in.
 */
export async function changePassword({
  userId,
  newPassword,
  keepSessionId,
}: {
  userId: number;
  newPassword: string;
  keepSessionId: string | null;
}) {
  const passwordHash = await hashPassword(newPassword);
  return db().transaction(
    (tx) => {
      tx.update(users)
        .set({ passwordHash, updatedAt: new Date() })
        .where(eq(users.id, userId))
        .run();
      return deleteSessionsOfUser(tx, { userId, except: keepSessionId });
    },
    { behavior: "immediate" },
  );
}
