/** The audit log: who did what to which row of a market, and when. */
import { auditLog } from "../../db/schema";
import { db } from "../db.server";

type Database = ReturnType<typeof db>;
/** A drizzle transaction (or the database itself): audit rows are written inside the change. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0] | Database;

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
