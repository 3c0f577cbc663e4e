/**
 * The outbox's IndexedDB database, `qhatu-outbox` (cleared with every other `qhatu-*` one when
 * the person logs out). Three stores:
 * - `queue`: forms kept while offline, in the order they were made (auto-increment ids);
 * - `results`: what the server answered to forms sent later, until a page has shown them once;
 * - `sent`: the request keys already sent with their bodies, so a form sent again from an old
 *   cached page with other values gets a key of its own (a key names one change).
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";

export const OUTBOX_DB = "qhatu-outbox";

export type QueuedForm = {
  id?: number;
  /** Where the form posts, as the page had it ("/productor?index"). */
  url: string;
  /** The urlencoded body as posted, with the request key it is sent with. */
  body: string;
  requestKey: string;
  /** The body the page posted (its own key, if any), to recognize a second tap. */
  postedBody: string;
  queuedAt: number;
  /** The last try was answered "sign in": kept until the person signs in again. */
  needsSignIn?: boolean;
};

export type SentResult = {
  id?: number;
  ok: boolean;
  /** Words from the server ("Oca: cambios guardados"), or the outbox's own. */
  message: string;
  /** "notSent": a form that could not be kept (a photo upload), not an answer. */
  kind: "answer" | "notSent";
  at: number;
};

interface OutboxSchema extends DBSchema {
  queue: { key: number; value: QueuedForm };
  results: { key: number; value: SentResult };
  sent: { key: string; value: { requestKey: string; postedBody: string; at: number } };
}

export type OutboxDb = IDBPDatabase<OutboxSchema>;

let opening: Promise<OutboxDb> | null = null;

/** The database, opened once per worker (a failed open is retried next time). */
export function outboxDb(): Promise<OutboxDb> {
  opening ??= openDB<OutboxSchema>(OUTBOX_DB, 1, {
    upgrade(db) {
      db.createObjectStore("queue", { keyPath: "id", autoIncrement: true });
      db.createObjectStore("results", { keyPath: "id", autoIncrement: true });
      db.createObjectStore("sent", { keyPath: "requestKey" });
    },
    // Logging out deletes the database: let go of it so the deletion is not blocked.
    blocking(_current, _next, event) {
      (event.target as IDBDatabase | null)?.close();
      opening = null;
    },
    terminated() {
      opening = null;
    },
  }).catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

/** For tests: forget the open connection (after the database was deleted under it). */
export function forgetOutboxDb() {
  opening = null;
}
