/** The audit log: who did what to which row of a market, and when. */
import { and, desc, eq, type SQL } from "drizzle-orm";
import { auditLog, users } from "../../db/schema";
import { db, type Tx } from "./db.server";

export type AuditEntry = {
  marketId: number;
  actorUserId: number;
  action: string;
  entityType: string;
  entityId: number | string;
  data?: Record<string, unknown>;
  requestKey?: string | null;
};

/** Writes one audit row, in the caller's transaction so the change and its record go together. */
export function recordAudit(tx: Tx, entry: AuditEntry) {
  return tx
    .insert(auditLog)
    .values({
      marketId: entry.marketId,
      actorUserId: entry.actorUserId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: String(entry.entityId),
      data: JSON.stringify(entry.data ?? {}),
      requestKey: entry.requestKey ?? null,
    })
    .returning()
    .get();
}

/** What was done to one row of a market, newest first, with who did it. */
export function auditHistory({
  marketId,
  entityType,
  entityId,
  limit = 50,
}: {
  marketId: number;
  entityType: string;
  entityId: number;
  limit?: number;
}) {
  return auditEntries({
    marketId,
    about: and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, String(entityId))),
    limit,
  });
}

/** The market's audit rows matching `about`, newest first, with who did each. */
export function auditEntries({
  marketId,
  about,
  limit,
}: {
  marketId: number;
  about: SQL | undefined;
  limit: number;
}) {
  return db()
    .select({
      id: auditLog.id,
      action: auditLog.action,
      data: auditLog.data,
      createdAt: auditLog.createdAt,
      undoneAt: auditLog.undoneAt,
      actor: users.name,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorUserId))
    .where(and(eq(auditLog.marketId, marketId), about))
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all();
}
