/**
 * Backups and restore of the database and the product photos (README "Backups"), shared by
 * `npm run backup`, `npm run restore` and the server's optional backup timer.
 *
 * A backup is a folder `<BACKUP_DIR>/qhatu-<UTC time>/` holding `qhatu.db`, `fotos/` and
 * `manifest.json` (time, row counts per table, integrity). It is written under a `.partial-`
 * name and renamed only once the copy has been checked, so a folder with the final name is
 * always a whole, checked backup; older ones are deleted only after that.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { z } from "zod";
import type { BackgroundJob } from "./background.server";
import { env } from "./env.server";
import { photoDirectory } from "../features/producers/photos.server";
import { logger } from "./logger.server";

export const DATABASE_FILE = "qhatu.db";
export const PHOTOS_FOLDER = "fotos";
export const MANIFEST_FILE = "manifest.json";
const PARTIAL_PREFIX = ".partial-";
const BACKUP_NAME = /^qhatu-\d{4}-\d\d-\d\dT\d{6}\.\d{3}Z$/;
/** A partial folder this old is what a killed backup left behind, never one still running. */
const STALE_PARTIAL_MS = 24 * 3600_000;

const ManifestSchema = z.object({
  format: z.literal(1),
  createdAt: z.string(),
  sqliteVersion: z.string(),
  integrity: z.string(),
  database: z.object({ file: z.string(), bytes: z.number() }),
  counts: z.record(z.string(), z.number()),
  photos: z.object({ files: z.number(), bytes: z.number() }),
});
export type Manifest = z.infer<typeof ManifestSchema>;

type DatabaseCheck = { integrity: string; counts: Record<string, number>; sqliteVersion: string };
type PhotoCount = { files: number; bytes: number };

/**
 * The SQLite work runs on a worker thread: VACUUM INTO and integrity_check read the whole
 * file, and better-sqlite3 is synchronous, so in the server they would otherwise stop every
 * request for as long as they take. Plain JavaScript in a string because the server is one
 * bundle (build/index.js) with no separate worker file to point a Worker at.
 */
const WORKER_SOURCE = `
const fs = require("node:fs");
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const task = workerData.task;

function snapshot(source, target) {
  // readonly + fileMustExist: a backup never writes to the live database, nor creates an empty one.
  const db = new Database(source, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    db.prepare("VACUUM INTO ?").run(target);
  } finally {
    db.close();
  }
  const fd = fs.openSync(target, "r+");
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  return null;
}

function check(file) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma("integrity_check", { simple: false })
      .map((row) => row.integrity_check).join("; ");
    const tables = db.prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    ).pluck().all();
    const counts = {};
    for (const table of tables) {
      counts[table] = db.prepare('SELECT count(*) FROM "' + table.replaceAll('"', '""') + '"').pluck().get();
    }
    const sqliteVersion = db.prepare("SELECT sqlite_version()").pluck().get();
    return { integrity, counts, sqliteVersion };
  } finally {
    db.close();
  }
}

parentPort.postMessage(task.kind === "snapshot" ? snapshot(task.source, task.target) : check(task.file));
`;

type Task = { kind: "snapshot"; source: string; target: string } | { kind: "check"; file: string };

function offThread(task: { kind: "snapshot"; source: string; target: string }): Promise<null>;
function offThread(task: { kind: "check"; file: string }): Promise<DatabaseCheck>;
function offThread(task: Task): Promise<unknown> {
  // The same better-sqlite3 the app uses, found from this module (or the server bundle).
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, task } });
    let settled = false;
    worker.once("message", (result) => {
      settled = true;
      resolve(result);
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`backup worker stopped with code ${code} and no answer`));
    });
  });
}

/** Checks a database file: integrity_check ("ok" when sound) and the rows of every table. */
export function checkDatabase(file: string): Promise<DatabaseCheck> {
  return offThread({ kind: "check", file: path.resolve(file) });
}

/** `qhatu-2026-05-09T143012.345Z`: sorts by time, and no ":" (not allowed everywhere). */
function backupName(at: Date) {
  return `qhatu-${at.toISOString().replace(/:/g, "")}`;
}

async function fsyncFile(file: string) {
  const handle = await fsp.open(file, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename or a new file in `directory` durable; a no-op where directories cannot be synced. */
async function fsyncDirectory(directory: string) {
  try {
    const handle = await fsp.open(directory, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not supported on every platform (Windows); the data files themselves were synced.
  }
}

async function readManifest(folder: string): Promise<Manifest | undefined> {
  try {
    const text = await fsp.readFile(path.join(folder, MANIFEST_FILE), "utf8");
    const parsed = ManifestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The checked backups in a directory, oldest first. Anything else there is left alone. */
export async function listBackups(backupDirectory: string) {
  const directory = path.resolve(backupDirectory);
  let names: string[];
  try {
    names = await fsp.readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const found: { folder: string; manifest: Manifest }[] = [];
  for (const name of names.filter((n) => BACKUP_NAME.test(n)).sort()) {
    const manifest = await readManifest(path.join(directory, name));
    if (manifest?.integrity === "ok") found.push({ folder: path.join(directory, name), manifest });
  }
  return found;
}

/** Keeps the newest `keep` checked backups; also clears partial folders a killed run left. */
export async function pruneBackups(backupDirectory: string, keep: number, now = new Date()) {
  const directory = path.resolve(backupDirectory);
  const backups = await listBackups(directory);
  const removed: string[] = [];
  for (const { folder } of backups.slice(0, Math.max(0, backups.length - keep))) {
    await fsp.rm(folder, { recursive: true, force: true });
    removed.push(folder);
  }
  for (const name of await fsp.readdir(directory)) {
    if (!name.startsWith(PARTIAL_PREFIX)) continue;
    const folder = path.join(directory, name);
    const { mtimeMs } = await fsp.stat(folder);
    if (now.getTime() - mtimeMs > STALE_PARTIAL_MS) {
      await fsp.rm(folder, { recursive: true, force: true });
      removed.push(folder);
    }
  }
  return removed;
}

/** Photo files: the app writes `<name>.<pid>.<random>.tmp` first and renames, so skip those. */
async function photoNames(directory: string) {
  try {
    return (await fsp.readdir(directory)).filter((name) => !name.endsWith(".tmp")).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/**
 * Copies the photos into a backup. Photos are named after their content and never change,
 * so one already in the previous backup is hard-linked instead of copied: fourteen backups
 * do not hold fourteen copies of every photo. Each file's size is checked against the source.
 */
async function copyPhotos(from: string, to: string, previous?: string): Promise<PhotoCount> {
  await fsp.mkdir(to, { recursive: true });
  const count: PhotoCount = { files: 0, bytes: 0 };
  for (const name of await photoNames(from)) {
    const source = await fsp.stat(path.join(from, name));
    if (!source.isFile()) continue;
    const target = path.join(to, name);
    let linked = false;
    if (previous) {
      const earlier = path.join(previous, name);
      const stat = await fsp.stat(earlier).catch(() => undefined);
      if (stat?.size === source.size) {
        linked = await fsp.link(earlier, target).then(
          () => true,
          () => false, // another file system, or no hard links there: copy instead
        );
      }
    }
    if (!linked) {
      await fsp.copyFile(path.join(from, name), target);
      await fsyncFile(target);
    }
    if ((await fsp.stat(target)).size !== source.size) {
      throw new Error(`photo ${name} was copied incompletely`);
    }
    count.files += 1;
    count.bytes += source.size;
  }
  await fsyncDirectory(to);
  return count;
}

export type BackupOptions = {
  databaseFile: string;
  photoDirectory: string;
  backupDirectory: string;
  keep: number;
  now?: Date;
};

/**
 * Takes a backup of a live database, checks it, then keeps the newest `keep`.
 *
 * VACUUM INTO copies the database inside one read transaction: in WAL mode that is a
 * consistent snapshot as of its start, and it never blocks the server's writers (checkouts
 * go on; the WAL only grows until the copy ends). SQLite's online backup API is not used
 * because it restarts from the first page whenever another connection writes, so under a
 * steady stream of checkouts it may never finish.
 */
export async function runBackup(options: BackupOptions) {
  const started = options.now ?? new Date();
  const directory = path.resolve(options.backupDirectory);
  await fsp.mkdir(directory, { recursive: true });
  const name = backupName(started);
  const partial = path.join(
    directory,
    `${PARTIAL_PREFIX}${name}-${process.pid}-${crypto.randomBytes(3).toString("hex")}`,
  );
  await fsp.mkdir(partial);
  try {
    const copy = path.join(partial, DATABASE_FILE);
    await offThread({ kind: "snapshot", source: path.resolve(options.databaseFile), target: copy });
    // Photos after the snapshot: a photo is stored before any row names it, so every photo
    // the snapshot refers to is on disk by now (later ones are extra and harmless).
    const previous = (await listBackups(directory)).at(-1)?.folder;
    const photos = await copyPhotos(
      path.resolve(options.photoDirectory),
      path.join(partial, PHOTOS_FOLDER),
      previous && path.join(previous, PHOTOS_FOLDER),
    );
    const check = await checkDatabase(copy);
    if (check.integrity !== "ok") {
      throw new Error(`the copy failed its integrity check: ${check.integrity}`);
    }
    const manifest: Manifest = {
      format: 1,
      createdAt: started.toISOString(),
      sqliteVersion: check.sqliteVersion,
      integrity: check.integrity,
      database: { file: DATABASE_FILE, bytes: (await fsp.stat(copy)).size },
      counts: check.counts,
      photos,
    };
    const manifestFile = path.join(partial, MANIFEST_FILE);
    await fsp.writeFile(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    await fsyncFile(manifestFile);
    await fsyncDirectory(partial);
    const folder = path.join(directory, name);
    await fsp.rename(partial, folder);
    await fsyncDirectory(directory);
    // Only now that the new backup is checked and in place may old ones go.
    const pruned = await pruneBackups(directory, options.keep, started);
    return { folder, manifest, pruned };
  } catch (error) {
    await fsp.rm(partial, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Whether some process has the database open. A connection in WAL mode keeps a SHARED lock
 * on the database file for as long as it is open (the server's lasts its whole life), even
 * between transactions. With locking_mode=EXCLUSIVE, SQLite must take an EXCLUSIVE lock on
 * the file itself, which fails at once (timeout 0) while any such lock exists, here or in
 * another process; the OS drops a dead process's locks, so a crashed server does not count.
 * Tested against a running server in tests/integration/backup.test.ts. These are POSIX
 * advisory locks: reliable on a local disk, not across machines sharing a network mount.
 * A side effect when the file is free: closing folds any leftover WAL into it.
 */
export function databaseInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const database = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    database.pragma("locking_mode = EXCLUSIVE");
    database.exec("BEGIN EXCLUSIVE");
    database.exec("ROLLBACK");
    return false;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") return true;
    throw error;
  } finally {
    database.close();
  }
}

/** Why a restore did nothing: the message is meant for the person running it. */
export class RestoreRefused extends Error {}

export type RestoreOptions = {
  backupFolder: string;
  databaseFile: string;
  photoDirectory: string;
  now?: Date;
};

/** Copies a backup's photos into the photo directory; photos already there are kept. */
async function restorePhotos(from: string, to: string) {
  await fsp.mkdir(to, { recursive: true });
  const count: PhotoCount = { files: 0, bytes: 0 };
  for (const name of await photoNames(from)) {
    const source = await fsp.stat(path.join(from, name));
    const target = path.join(to, name);
    const present = await fsp.stat(target).catch(() => undefined);
    if (present?.size !== source.size) {
      // Same write-then-rename as the app, so the server never serves half a photo.
      const temporary = `${target}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
      await fsp.copyFile(path.join(from, name), temporary);
      await fsyncFile(temporary);
      await fsp.rename(temporary, target);
    }
    count.files += 1;
    count.bytes += source.size;
  }
  await fsyncDirectory(to);
  return count;
}

/**
 * Puts a backup in place for a stopped server: checks the backup, refuses while the target
 * database is open anywhere, copies the photos, then swaps the database file. The database
 * it replaces is kept beside it as `<file>.before-restore-<time>` (with its WAL, if any), and
 * no -wal, -shm or -journal file of it is left under the restored name: SQLite would replay
 * an old WAL or journal onto the restored file and mix the two databases.
 */
export async function restoreBackup(options: RestoreOptions) {
  const folder = path.resolve(options.backupFolder);
  const manifest = await readManifest(folder);
  if (!manifest) {
    const inside = await listBackups(folder);
    throw new RestoreRefused(
      inside.length > 0
        ? `${folder} is a backup directory, not one backup; the newest is ${inside.at(-1)!.folder}`
        : `${folder} is not a backup (no readable ${MANIFEST_FILE})`,
    );
  }
  const source = path.join(folder, DATABASE_FILE);
  if (!fs.existsSync(source)) throw new RestoreRefused(`${source} is missing`);
  const check = await checkDatabase(source);
  if (check.integrity !== "ok") {
    throw new RestoreRefused(`${source} failed its integrity check: ${check.integrity}`);
  }
  if (JSON.stringify(check.counts) !== JSON.stringify(manifest.counts)) {
    throw new RestoreRefused(`${source} no longer has the rows its manifest lists`);
  }
  const photoSource = path.join(folder, PHOTOS_FOLDER);
  const photoFiles = (await photoNames(photoSource)).length;
  if (photoFiles < manifest.photos.files) {
    throw new RestoreRefused(
      `${photoSource} has ${photoFiles} photos, the manifest lists ${manifest.photos.files}`,
    );
  }

  const target = path.resolve(options.databaseFile);
  const refuseIfInUse = () => {
    let open: boolean;
    try {
      open = databaseInUse(target);
    } catch (error) {
      // Not a database SQLite can open: nothing tells whether it is in use, so a person decides.
      throw new RestoreRefused(
        `cannot check ${target} (${error instanceof Error ? error.message : String(error)}); move it aside to restore in its place`,
      );
    }
    if (open) {
      throw new RestoreRefused(
        `${target} is open in another process (is the server still running?). Stop it first.`,
      );
    }
  };
  refuseIfInUse();
  const photos = await restorePhotos(photoSource, path.resolve(options.photoDirectory));

  await fsp.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.restoring-${process.pid}`;
  await fsp.copyFile(source, temporary);
  await fsyncFile(temporary);
  // Again, right before the swap: copying photos may have taken a while.
  try {
    refuseIfInUse();
  } catch (error) {
    await fsp.rm(temporary, { force: true });
    throw error;
  }
  let keptAs: string | undefined;
  if (fs.existsSync(target)) {
    keptAs = `${target}.before-restore-${(options.now ?? new Date()).toISOString().replace(/:/g, "")}`;
    await fsp.rename(target, keptAs);
  }
  for (const suffix of ["-wal", "-journal", "-shm"]) {
    if (!fs.existsSync(target + suffix)) continue;
    // The old database's own WAL or journal stays with it; the -shm index is rebuilt on open.
    if (keptAs && suffix !== "-shm") await fsp.rename(target + suffix, keptAs + suffix);
    else await fsp.rm(target + suffix, { force: true });
  }
  await fsp.rename(temporary, target);
  await fsyncDirectory(path.dirname(target));
  return { restored: target, keptAs, manifest, photos };
}

/**
 * The server's backup timer, when BACKUP_INTERVAL_MINUTES is set. It looks every minute (or
 * every interval, if shorter) and backs up once the newest backup on disk is an interval old,
 * so a server restarted more often than the interval still backs up. A failed run is logged
 * by the background loop and tried again an interval later, not every minute.
 */
export function scheduledBackups(): BackgroundJob[] {
  const config = env();
  if (!config.BACKUP_INTERVAL_MINUTES || !config.BACKUP_DIR) return [];
  return [
    backupJob({
      databaseFile: config.DATABASE_URL,
      photoDirectory: photoDirectory(),
      backupDirectory: config.BACKUP_DIR,
      keep: config.BACKUP_KEEP,
      intervalMs: config.BACKUP_INTERVAL_MINUTES * 60_000,
    }),
  ];
}

export function backupJob(options: Omit<BackupOptions, "now"> & { intervalMs: number }) {
  let dueAt: number | undefined;
  const job: BackgroundJob = {
    name: "backup",
    everyMs: Math.min(options.intervalMs, 60_000),
    async run(now) {
      if (dueAt === undefined) {
        const newest = (await listBackups(options.backupDirectory)).at(-1)?.manifest.createdAt;
        dueAt = newest ? Date.parse(newest) + options.intervalMs : now.getTime();
      }
      if (now.getTime() < dueAt) return;
      dueAt = now.getTime() + options.intervalMs;
      const { folder, manifest, pruned } = await runBackup({ ...options, now });
      logger().info(
        { folder, counts: manifest.counts, photos: manifest.photos, pruned: pruned.length },
        "backup done",
      );
    },
  };
  return job;
}
