/**
 * The pickup desk's data on the device, in IndexedDB ("qhatu-desk", through idb): the prepared
 * copy of the day, the queue of actions recorded offline (in the order recorded), the conflicts
 * the server sent back (kept until dismissed) and when the queue last went through. IndexedDB,
 * not memory or sessionStorage, so a reload or a closed tab never loses a queued handover.
 * Logging out deletes the database with every other `qhatu-*` one (the service worker's part).
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { DeskCopy, QueuedDeskAction, SyncConflict } from "./desk-copy";

/** The database's name: the service worker counts its queue before a logout (unsent.ts). */
export const DESK_DB = "qhatu-desk";

export type Queued = QueuedDeskAction & { seq?: number };

export type StoredConflict = {
  requestKey: string;
  orderId: number;
  code: string;
  name: string;
  reason: SyncConflict;
  totalCents?: number;
};

interface DeskDB extends DBSchema {
  copy: { key: "current"; value: DeskCopy };
  queue: { key: number; value: Queued };
  conflicts: { key: string; value: StoredConflict };
  meta: { key: "lastSync"; value: string };
}

let opened: Promise<IDBPDatabase<DeskDB>> | null = null;

function deskDb() {
  opened ??= openDB<DeskDB>(DESK_DB, 1, {
    upgrade(db) {
      db.createObjectStore("copy");
      db.createObjectStore("queue", { keyPath: "seq", autoIncrement: true });
      db.createObjectStore("conflicts", { keyPath: "requestKey" });
      db.createObjectStore("meta");
    },
    // Logging out in another tab deletes the database: let it go, reopen on next use.
    blocking() {
      void opened?.then((db) => db.close());
      opened = null;
    },
  });
  return opened;
}

export type DeskState = {
  copy: DeskCopy | null;
  queue: Queued[];
  conflicts: StoredConflict[];
  lastSync: string | null;
};

export async function readDeskState(): Promise<DeskState> {
  const db = await deskDb();
  const [copy, queue, conflicts, lastSync] = await Promise.all([
    db.get("copy", "current"),
    db.getAll("queue"),
    db.getAll("conflicts"),
    db.get("meta", "lastSync"),
  ]);
  return { copy: copy ?? null, queue, conflicts, lastSync: lastSync ?? null };
}

export async function saveCopy(copy: DeskCopy) {
  await (await deskDb()).put("copy", copy, "current");
}

/** Keeps an action recorded at the desk; it stays until the server has answered for it. */
export async function enqueue(action: QueuedDeskAction) {
  await (await deskDb()).add("queue", action);
}

/** The oldest `limit` queued actions, in the order they were recorded. */
export async function oldestQueued(limit: number): Promise<Queued[]> {
  return (await deskDb()).getAll("queue", undefined, limit);
}

/**
 * Once the server has answered for `answered` (by sequence number): removes them from the
 * queue and keeps their conflicts, in one transaction, so an answer is never half applied.
 */
export async function settleQueued(answered: number[], conflicts: StoredConflict[]) {
  const db = await deskDb();
  const tx = db.transaction(["queue", "conflicts", "meta"], "readwrite");
  await Promise.all([
    ...answered.map((seq) => tx.objectStore("queue").delete(seq)),
    ...conflicts.map((c) => tx.objectStore("conflicts").put(c)),
    tx.objectStore("meta").put(new Date().toISOString(), "lastSync"),
    tx.done,
  ]);
}

export async function dismissConflict(requestKey: string) {
  await (await deskDb()).delete("conflicts", requestKey);
}
