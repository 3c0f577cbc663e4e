/**
 * Assisted producers: people the market's coordinators sign up and whose offers and products
 * they keep for them (many read little, share a phone or have none). The offer and product
 * rules stay in producer-offers.server.ts and products.server.ts; a coordinator's change goes
 * through them with an `OnBehalf`, which scopes it to the coordinator's market and writes an
 * audit row beside it, and the producer reads those rows back as "changes made for you".
 */
import crypto from "node:crypto";
import { SqliteError } from "better-sqlite3";
import { and, eq, inArray, or, sql } from "drizzle-orm";
import { auditLog, memberships, offers, producers, products, users } from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import { isOwnRow } from "../../infra/market-scope";
import type { AssistedSignupInput } from "./assisted-schemas";
import { hashPassword } from "../access/password.server";
import { auditEntries, recordAudit } from "../../infra/audit.server";
import { uniqueProducerSlug } from "../access/users.server";
import { findInMarket } from "./coord-producers.server";

/** A coordinator acting for a producer of `marketId` (their own market, from requireCoordinator). */
export type OnBehalf = { coordinatorId: number; marketId: number };

/** How many of the coordinators' changes a producer's page lists, newest first. */
export const CHANGES_SHOWN = 10;

export type AssistedSignupResult =
  | { ok: true; producerId: number; userId: number; repeated: boolean }
  | { ok: false; error: "phoneTaken" }
  /** A request key of another market's form: not a form this page drew. */
  | { ok: false; error: "keyReused" };

/**
 * Signs a producer up for the coordinator's market, approved at once. The account is
 * `assisted` (the only kind allowed without phone or email) and its password hash is of a
 * random secret nobody is told: the person gets in later with a one-time code from the
 * coordinators and chooses a password then. User, membership, profile and audit row are one
 * IMMEDIATE transaction; a request key already used (a double tap) returns the first sign-up.
 */
export async function createAssistedProducer({
  marketId,
  coordinatorId,
  person,
  requestKey,
}: {
  marketId: number;
  coordinatorId: number;
  person: AssistedSignupInput;
  requestKey: string;
}): Promise<AssistedSignupResult> {
  const passwordHash = await hashPassword(crypto.randomBytes(32).toString("base64url"));
  const auditKey = `assisted-signup:${requestKey}`;
  try {
    return db().transaction(
      (tx) => {
        const earlier = tx
          .select({ marketId: auditLog.marketId, entityId: auditLog.entityId })
          .from(auditLog)
          .where(eq(auditLog.requestKey, auditKey))
          .get();
        if (earlier) {
          const producer =
            earlier.marketId === marketId
              ? tx
                  .select({ id: producers.id, userId: producers.userId })
                  .from(producers)
                  .where(isOwnRow(producers, { marketId, id: Number(earlier.entityId) }))
                  .get()
              : undefined;
          return producer
            ? { ok: true, producerId: producer.id, userId: producer.userId, repeated: true }
            : { ok: false, error: "keyReused" };
        }
        const user = tx
          .insert(users)
          .values({
            name: person.name,
            phone: person.phone || null,
            email: null,
            passwordHash,
            locale: person.locale,
            assisted: true,
          })
          .returning({ id: users.id })
          .get();
        const membership = tx
          .insert(memberships)
          .values({ userId: user.id, marketId, role: "producer", status: "approved" })
          .returning({ id: memberships.id })
          .get();
        const producer = tx
          .insert(producers)
          .values({
            marketId,
            userId: user.id,
            membershipId: membership.id,
            slug: uniqueProducerSlug(tx, marketId, person.farmName),
            farmName: person.farmName,
            community: person.community,
            province: person.province,
          })
          .returning({ id: producers.id })
          .get();
        recordAudit(tx, {
          marketId,
          actorUserId: coordinatorId,
          action: "producer.assistedSignup",
          entityType: "producer",
          entityId: producer.id,
          // Whether a phone was given, not the number: the audit log is read by every coordinator.
          data: { userId: user.id, withPhone: Boolean(person.phone), locale: person.locale },
          requestKey: auditKey,
        });
        return { ok: true, producerId: producer.id, userId: user.id, repeated: false };
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    if (
      error instanceof SqliteError &&
      error.code === "SQLITE_CONSTRAINT_UNIQUE" &&
      error.message.includes("users.phone")
    ) {
      return { ok: false, error: "phoneTaken" };
    }
    throw error;
  }
}

/**
 * An approved producer of the market, or undefined: a coordinator keeps offers only for the
 * producers selling in their own market (pending or suspended ones cannot sell anyway).
 */
export function findAssistableProducer(
  tx: Tx,
  { marketId, producerId }: { marketId: number; producerId: number },
) {
  const found = findInMarket(tx, marketId, producerId);
  if (found?.role !== "producer" || found.status !== "approved") return undefined;
  const { id, userId, farmName } = found.producer;
  return { id, userId, farmName, name: found.name };
}

export function getAssistableProducer(scope: { marketId: number; producerId: number }) {
  return findAssistableProducer(db(), scope);
}

/** What a coordinator did to one of the producer's offers or products, for the audit row. */
export type ChangeForProducer = {
  action: "offer.create" | "offer.update" | "offer.pause" | "offer.resume" | "product.create";
  entityType: "offer" | "product";
  entityId: number;
  data: {
    productName: string;
    unit: string;
    /** The market day of an offer (YYYY-MM-DD). */
    date?: string;
    before?: Record<string, unknown>;
    after: Record<string, unknown>;
  };
};

/** Writes the audit row of a coordinator's change, inside the change's own transaction. */
export function recordChangeForProducer(tx: Tx, by: OnBehalf, change: ChangeForProducer) {
  recordAudit(tx, { marketId: by.marketId, actorUserId: by.coordinatorId, ...change });
}

/**
 * The coordinators' latest changes to this producer's offers and products, newest first. The
 * rows are found through the audit log's (entity type, entity id) index with the producer's
 * own offer and product ids, so the market's thousands of pickup-desk rows are never read.
 */
export function listChangesForProducer({
  producerId,
  marketId,
  limit = CHANGES_SHOWN,
}: {
  producerId: number;
  marketId: number;
  limit?: number;
}) {
  const ownOffers = db()
    .select({ id: sql<string>`CAST(${offers.id} AS TEXT)` })
    .from(offers)
    .where(eq(offers.producerId, producerId));
  const ownProducts = db()
    .select({ id: sql<string>`CAST(${products.id} AS TEXT)` })
    .from(products)
    .where(eq(products.producerId, producerId));
  return auditEntries({
    marketId,
    about: or(
      and(eq(auditLog.entityType, "offer"), inArray(auditLog.entityId, ownOffers)),
      and(eq(auditLog.entityType, "product"), inArray(auditLog.entityId, ownProducts)),
    ),
    limit,
  }).map(({ id, action, data, createdAt, actor }) => ({
    id,
    action,
    at: createdAt,
    actor,
    ...readChange(data),
  }));
}

function readChange(data: string): ChangeForProducer["data"] {
  try {
    const parsed = JSON.parse(data) as Partial<ChangeForProducer["data"]>;
    return {
      productName: String(parsed.productName ?? ""),
      unit: String(parsed.unit ?? ""),
      date: typeof parsed.date === "string" ? parsed.date : undefined,
      before: parsed.before ?? undefined,
      after: parsed.after ?? {},
    };
  } catch {
    return { productName: "", unit: "", after: {} };
  }
}
