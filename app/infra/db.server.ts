/**
 * The one database connection of the process. better-sqlite3 is synchronous: every
 * transaction is a synchronous function (never `await` inside one).
 */
import fs from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/schema";
import { env } from "./env.server";
import { logger } from "./logger.server";
import { foldText } from "../lib/text";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/**
 * Where a model function runs its queries: a transaction, as `db().transaction(...)` hands it
 * to its callback, or the database itself for a read that needs none. Writes that must go
 * together take the transaction their caller opened.
 */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0] | Db;

/**
 * Opens a SQLite file with the pragmas Qhatu relies on.
 *
 * synchronous: in WAL mode, NORMAL makes every committed transaction durable against a
 * killed or crashed *process* (the commit is in the WAL file before the reply is sent), which
 * is what docs/invariants.md #8 promises ("an order shown as confirmed survives a killed
 * process"). Only an OS crash or power cut can lose the last transactions before the next
 * checkpoint; FULL closes that too, at a cost in reservation throughput
 * (measured on this machine: 1,087 vs 1,549 reservations/s in-process, before the checkpoint
 * timer below). Set SQLITE_SYNCHRONOUS=FULL where the host has no UPS.
 */
export function openDatabase(file: string, synchronous: "NORMAL" | "FULL" = "NORMAL"): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma(`synchronous = ${synchronous}`);
  sqlite.pragma("foreign_keys = ON");
  // Writers wait for each other instead of failing with SQLITE_BUSY.
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("cache_size = -20000");
  sqlite.pragma("temp_store = MEMORY");
  // For searches that ignore case and accents ("chuno" finds "Chuño"): SQLite has no unaccent.
  sqlite.function("fold", { deterministic: true }, (value: unknown) =>
    typeof value === "string" ? foldText(value) : null,
  );
  return drizzle(sqlite, { schema }) as Db;
}

// Kept on globalThis so `remix dev` reloads reuse the connection instead of leaking one.
const globalForDb = globalThis as unknown as { __qhatuDb?: Db };

export function db(): Db {
  if (!globalForDb.__qhatuDb) {
    const config = env();
    globalForDb.__qhatuDb = openDatabase(config.DATABASE_URL, config.SQLITE_SYNCHRONOUS);
  }
  return globalForDb.__qhatuDb;
}

/**
 * Copies the WAL into the database file from a worker thread with its own connection, every
 * `intervalMs`. In the commit path (SQLite's automatic checkpoint) this halved reservation
 * throughput; on a timer in the main thread it blocked every request for the copy and its
 * fsync, tens to hundreds of milliseconds a second under a rush: the checkout's tail latency.
 * A PASSIVE checkpoint never waits for writers, so the worker never holds a checkout up.
 * The automatic checkpoint stays as a backstop at 10,000 pages (40 MB) in case the worker stops.
 */
const CHECKPOINT_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require("better-sqlite3");
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
const timer = setInterval(() => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (error) {
    parentPort.postMessage(String(error && error.message));
  }
}, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export function startCheckpointer(database: Db, intervalMs = 250) {
  database.$client.pragma("wal_autocheckpoint = 10000");
  const file = database.$client.name;
  if (database.$client.memory) return () => {};
  const worker = new Worker(CHECKPOINT_WORKER, {
    eval: true,
    workerData: { file: path.resolve(file), intervalMs },
  });
  worker.unref();
  worker.on("message", (message: string) =>
    logger().error({ err: message }, "WAL checkpoint failed"),
  );
  worker.on("error", (error) => logger().error({ err: error }, "WAL checkpoint worker failed"));
  return () => worker.postMessage("stop");
}

/**
 * A query (or set of statements) prepared once per connection. Hot paths use it: building a
 * query with the ORM and having SQLite prepare it again costs more than running it.
 */
export function preparedOnce<T>(build: (database: Db) => T): () => T {
  const cache = new WeakMap<Db, T>();
  return () => {
    const database = db();
    let prepared = cache.get(database);
    if (prepared === undefined) {
      prepared = build(database);
      cache.set(database, prepared);
    }
    return prepared;
  };
}

/**
 * Remembers a read for `ttlMs`. For data read on nearly every request that changes rarely
 * (the market, its next market day, the catalogue's filter choices); nothing that decides an
 * order may rely on it. Keyed to the connection too, so tests that swap databases never see
 * another's rows.
 */
export function rememberFor<A, T>(ttlMs: number, read: (arg: A) => T, keyOf: (arg: A) => string) {
  const cache = new Map<string, { value: T; until: number; db: Db }>();
  return (arg: A): T => {
    const key = keyOf(arg);
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.until > now && hit.db === db()) return hit.value;
    const value = read(arg);
    if (cache.size > 100) cache.clear();
    cache.set(key, { value, until: now + ttlMs, db: db() });
    return value;
  };
}

/**
 * At shutdown: copies the WAL into the database file and empties it, then closes, so the file
 * alone holds everything (a backup or a copy of just the .db is complete).
 */
export function checkpointAndClose() {
  const database = globalForDb.__qhatuDb;
  if (!database) return;
  try {
    database.$client.pragma("wal_checkpoint(TRUNCATE)");
  } catch (error) {
    logger().error(
      { err: error },
      "final WAL checkpoint failed; the WAL is kept and replayed at start",
    );
  }
  closeDb();
}

/** Closes the process connection (tests and graceful shutdown). */
export function closeDb() {
  globalForDb.__qhatuDb?.$client.close();
  globalForDb.__qhatuDb = undefined;
}
