/**
 * Backups and restore (README "Backups", app/infra/backup.server.ts). In process: the
 * configuration, the server's backup timer, keeping the last N, a failed backup leaving
 * nothing behind. Over real processes: `npm run backup` while the production server takes a
 * stream of checkouts, then `npm run restore` into a fresh place (over a stale WAL), a fresh
 * server on it, and restore refused while a server has the database open. Bounded by counts
 * and events (the load runs until the backup has exited), not by timings.
 */
import { execFile, execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { backgroundJobs } from "../../app/infra/background.server";
import { closeDb, db } from "../../app/infra/db.server";
import { parseEnv, resetEnv } from "../../app/infra/env.server";
import {
  backupJob,
  databaseInUse,
  listBackups,
  restoreBackup,
  runBackup,
} from "../../app/infra/backup.server";
import { cartItems } from "../../db/schema";
import * as f from "../factories";
import { loggedInCookie } from "../helpers";
import { checkoutForm } from "../support/checkout";
import { counterDrift } from "../support/invariants";
import { startServer } from "../support/server";
import { TMP_DIR } from "../setup/paths";

const WORK = path.join(TMP_DIR, `backup-${process.pid}-${crypto.randomBytes(3).toString("hex")}`);
const TSX = path.resolve("node_modules/.bin/tsx");
const WORKERS = 10;
const SHOPPERS = 40;
/** Orders placed after the backup has exited, so the snapshot is mid-stream. */
const ORDERS_AFTER_BACKUP = 30;
/** A cap on the whole stream, whatever happens. */
const MAX_ORDERS = 3000;

/** Servers this file started; stopped here too should a test time out in the middle. */
const servers: Awaited<ReturnType<typeof startServer>>[] = [];
afterAll(async () => {
  const running = servers.filter((s) => s.child.exitCode === null && s.child.signalCode === null);
  await Promise.all(running.map((server) => server.stop()));
  fs.rmSync(WORK, { recursive: true, force: true });
});

function cli(script: "backup" | "restore", args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      TSX,
      [`scripts/${script}.ts`, ...args],
      { env: { ...process.env, BACKUP_INTERVAL_MINUTES: "", ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) || 1 : 0, stdout, stderr }),
    );
  });
}

/** Photo-like files named as the app names them, and a half-written one a backup must skip. */
function writePhotos(directory: string, count: number) {
  fs.mkdirSync(directory, { recursive: true });
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = crypto.randomBytes(16).toString("hex");
    for (const width of [320, 960]) {
      fs.writeFileSync(path.join(directory, `${key}-${width}.webp`), crypto.randomBytes(300 + i));
      names.push(`${key}-${width}.webp`);
    }
  }
  fs.writeFileSync(path.join(directory, `${names[0]}.123.abcd.tmp`), "half");
  return names.sort();
}

/**
 * The NODE_ENV the servers must run with. The global setup builds build/ once per run; `remix
 * build` takes its mode from NODE_ENV, so under vitest (NODE_ENV=test) it makes a
 * development-mode bundle that calls React's jsxDEV, which React's production runtime lacks.
 * Such a build runs with NODE_ENV=test (not "production": cookies without Secure, nothing else
 * that matters here); a production build runs as in production. No build at all: make one.
 */
function buildMode() {
  const build = path.resolve("build/index.js");
  if (!fs.existsSync(build)) {
    execFileSync("npx", ["remix", "build"], {
      stdio: "ignore",
      env: { ...process.env, NODE_ENV: "production" },
    });
  }
  return /\bjsxDEV\b/.test(fs.readFileSync(build, "utf8")) ? "test" : "production";
}

function integrity(file: string) {
  const database = new Database(file, { readonly: true });
  try {
    return database.pragma("integrity_check", { simple: true });
  } finally {
    database.close();
  }
}

describe("backup configuration and timer", () => {
  it("parses the backup variables: off by default, interval only with a directory", () => {
    const plain = parseEnv({});
    expect(plain.BACKUP_DIR).toBeUndefined();
    expect(plain.BACKUP_INTERVAL_MINUTES).toBeUndefined();
    expect(plain.BACKUP_KEEP).toBe(14);
    expect(() => parseEnv({ BACKUP_INTERVAL_MINUTES: "60" })).toThrow(/BACKUP_DIR/);
    expect(() => parseEnv({ BACKUP_DIR: "/b", BACKUP_INTERVAL_MINUTES: "0" })).toThrow(
      /BACKUP_INTERVAL_MINUTES/,
    );
    expect(() => parseEnv({ BACKUP_KEEP: "0" })).toThrow(/BACKUP_KEEP/);
    expect(
      parseEnv({ BACKUP_DIR: "/b", BACKUP_INTERVAL_MINUTES: "360", BACKUP_KEEP: "7" }),
    ).toMatchObject({ BACKUP_DIR: "/b", BACKUP_INTERVAL_MINUTES: 360, BACKUP_KEEP: 7 });
  });

  it("adds the backup job to the server's loop only when configured", () => {
    const names = () => backgroundJobs().map((job) => job.name);
    try {
      expect(names()).not.toContain("backup");
      process.env.BACKUP_DIR = path.join(WORK, "timer-config");
      process.env.BACKUP_INTERVAL_MINUTES = "30";
      resetEnv();
      expect(names()).toContain("backup");
      expect(backgroundJobs().find((job) => job.name === "backup")?.everyMs).toBe(60_000);
    } finally {
      delete process.env.BACKUP_DIR;
      delete process.env.BACKUP_INTERVAL_MINUTES;
      resetEnv();
    }
  });

  it("backs up once an interval has passed since the newest backup, keeping the last N", async () => {
    // No market here: the app serves the first market, and the next test builds its own.
    const user = f.createUser();
    const photos = path.join(WORK, "timer-data", "fotos");
    const names = writePhotos(photos, 2);
    const backupDirectory = path.join(WORK, "timer-backups");
    const options = {
      databaseFile: process.env.DATABASE_URL!,
      photoDirectory: photos,
      backupDirectory,
      keep: 2,
      intervalMs: 60 * 60_000,
    };
    const job = backupJob(options);
    const t0 = Date.parse("2031-01-01T10:00:00Z");
    await job.run(new Date(t0)); // nothing on disk yet: due at once
    await job.run(new Date(t0 + 59 * 60_000)); // within the interval: nothing
    let backups = await listBackups(backupDirectory);
    expect(backups).toHaveLength(1);
    const first = backups[0];
    expect(first.manifest).toMatchObject({ integrity: "ok", photos: { files: names.length } });
    expect(first.manifest.counts.users).toBeGreaterThanOrEqual(1);
    expect(fs.readdirSync(path.join(first.folder, "fotos")).sort()).toEqual(names);
    expect(integrity(path.join(first.folder, "qhatu.db"))).toBe("ok");
    const copy = new Database(path.join(first.folder, "qhatu.db"), { readonly: true });
    expect(copy.prepare("SELECT phone FROM users WHERE id = ?").pluck().get(user.id)).toBe(
      user.phone,
    );
    copy.close();

    // A restarted server counts from the newest backup on disk, not from its own start.
    const restarted = backupJob(options);
    await restarted.run(new Date(t0 + 30 * 60_000));
    expect(await listBackups(backupDirectory)).toHaveLength(1);
    await restarted.run(new Date(t0 + 60 * 60_000));
    await restarted.run(new Date(t0 + 120 * 60_000));
    backups = await listBackups(backupDirectory);
    expect(backups.map((b) => b.manifest.createdAt)).toEqual([
      new Date(t0 + 60 * 60_000).toISOString(),
      new Date(t0 + 120 * 60_000).toISOString(),
    ]);
    // Unchanged photos are shared with the previous backup, not copied again.
    const photo = (b: (typeof backups)[number]) => path.join(b.folder, "fotos", names[0]);
    expect(fs.statSync(photo(backups[1])).ino).toBe(fs.statSync(photo(backups[0])).ino);
  });

  it("a failed backup throws, leaves no folder behind, keeps the older ones and waits an interval", async () => {
    const backupDirectory = path.join(WORK, "failing-backups");
    const good = await runBackup({
      databaseFile: process.env.DATABASE_URL!,
      photoDirectory: path.join(WORK, "no-photos"),
      backupDirectory,
      keep: 1,
      now: new Date("2031-01-01T00:00:00Z"),
    });
    const job = backupJob({
      databaseFile: path.join(WORK, "missing.db"),
      photoDirectory: path.join(WORK, "no-photos"),
      backupDirectory,
      keep: 1,
      intervalMs: 60 * 60_000,
    });
    const t0 = Date.parse("2031-01-02T00:00:00Z");
    await expect(job.run(new Date(t0))).rejects.toThrow();
    expect(fs.existsSync(path.join(WORK, "missing.db"))).toBe(false);
    expect(fs.readdirSync(backupDirectory)).toEqual([path.basename(good.folder)]);
    // Tried again at the next interval, not at the next tick.
    await job.run(new Date(t0 + 60_000));
    await expect(job.run(new Date(t0 + 60 * 60_000))).rejects.toThrow();
    expect(fs.readdirSync(backupDirectory)).toEqual([path.basename(good.folder)]);
  });
});

describe("backup under load, restore, and refusal while in use", () => {
  it("a backup taken during a stream of checkouts restores every order acknowledged before it", async () => {
    // The scene, in this test file's own database (server A's).
    const databaseA = process.env.DATABASE_URL!;
    const dataA = path.join(WORK, "data-a");
    const photoNames = writePhotos(path.join(dataA, "fotos"), 3);
    const scenario = f.openMarketDayScenario({
      date: "2031-06-14",
      pickupEnd: "09:00",
      slotCapacity: 10_000,
      ...f.oneFarmPerOffer(4, (i) => ({ quantity: 20_000, priceCents: 150 * (i + 1) })),
    });
    const offers = Object.values(scenario.offers);
    const shoppers: { userId: number; cookie: string }[] = [];
    for (let i = 0; i < SHOPPERS; i++) {
      const user = f.createUser({ phone: `+5195${String(i).padStart(7, "0")}` });
      shoppers.push({ userId: user.id, cookie: await loggedInCookie(user.id) });
    }
    const fillCart = (shopper: (typeof shoppers)[number], n: number) =>
      db()
        .insert(cartItems)
        .values({ userId: shopper.userId, offerId: offers[n % 4].id, quantity: 1 + (n % 3) })
        .onConflictDoNothing()
        .run();
    db().$client.pragma("wal_checkpoint(TRUNCATE)");

    const secret = { SESSION_SECRET: process.env.SESSION_SECRET!, NODE_ENV: buildMode() };
    const serverA = await startServer(databaseA, { ...secret, DATA_DIR: dataA });
    servers.push(serverA);
    let serverB: Awaited<ReturnType<typeof startServer>> | undefined;
    try {
      // The stream: each worker checks out its own shoppers in turn, refilling their baskets
      // (through this process's own connection: another writer, as in real life).
      const acknowledged = new Map<string, string>(); // pickup code → the shopper's cookie
      const statuses: number[] = [];
      let backupDone = false;
      let afterBackup = 0;
      const stop = () =>
        (backupDone && afterBackup >= ORDERS_AFTER_BACKUP) || statuses.length >= MAX_ORDERS;
      const worker = async (w: number) => {
        for (let n = 0; !stop(); n++) {
          const shopper = shoppers[(w + n * WORKERS) % SHOPPERS];
          fillCart(shopper, n + w);
          const response = await fetch(`${serverA.origin}/canasta/confirmar`, {
            method: "POST",
            body: await checkoutForm(serverA.origin, shopper.cookie),
            headers: { Cookie: shopper.cookie },
            redirect: "manual",
          });
          await response.arrayBuffer();
          statuses.push(response.status);
          const code = /\/pedidos\/([A-Z0-9]+)$/.exec(response.headers.get("location") ?? "")?.[1];
          if (code) acknowledged.set(code, shopper.cookie);
          if (backupDone) afterBackup++;
        }
      };
      let failure: unknown;
      const load = Promise.all(
        Array.from({ length: WORKERS }, (_, w) =>
          worker(w).catch((error: unknown) => {
            failure ??= error;
            backupDone = true;
            afterBackup = ORDERS_AFTER_BACKUP;
          }),
        ),
      );

      while (acknowledged.size < 40 && statuses.length < MAX_ORDERS && !failure) {
        await new Promise((r) => setTimeout(r, 10));
      }
      const before = new Map(acknowledged);
      const ordersBeforeBackup = statuses.length;
      const backupDirectory = path.join(WORK, "backups");
      const backup = await cli("backup", [], {
        DATABASE_URL: databaseA,
        DATA_DIR: dataA,
        BACKUP_DIR: backupDirectory,
      });
      const ordersUntilBackupExited = statuses.length;
      backupDone = true;
      await load;
      if (failure) throw failure;
      console.log(
        `${statuses.length} checkouts, ${ordersUntilBackupExited - ordersBeforeBackup} of them while \`npm run backup\` ran; ${before.size} acknowledged before it started, ${acknowledged.size} in all`,
      );
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(/integrity: ok/);
      expect(backup.stdout).toMatch(/orders\s+\d+/);
      expect(statuses.filter((s) => s !== 302)).toEqual([]);
      expect(ordersUntilBackupExited).toBeLessThan(statuses.length);

      const [saved] = await listBackups(backupDirectory);
      expect(saved.manifest.integrity).toBe("ok");
      expect(fs.readdirSync(backupDirectory)).toEqual([path.basename(saved.folder)]);
      expect(fs.readdirSync(path.join(saved.folder, "fotos")).sort()).toEqual(photoNames);
      // Mid-stream: at least everything acknowledged before, not what came after it exited.
      expect(saved.manifest.counts.orders).toBeGreaterThanOrEqual(before.size);
      expect(saved.manifest.counts.orders).toBeLessThan(acknowledged.size);

      // Server A crashes; its WAL is left behind and, as a stale WAL, copied where the
      // restore goes. Replayed onto the restored file it would mix two databases.
      closeDb();
      serverA.child.kill("SIGKILL");
      await new Promise((resolve) => serverA.child.once("exit", resolve));
      expect(fs.statSync(`${databaseA}-wal`).size).toBeGreaterThan(0);
      const databaseB = path.join(WORK, "b", "qhatu.db");
      const dataB = path.join(WORK, "data-b");
      fs.mkdirSync(path.dirname(databaseB), { recursive: true });
      fs.copyFileSync(`${databaseA}-wal`, `${databaseB}-wal`);
      fs.copyFileSync(`${databaseA}-shm`, `${databaseB}-shm`);

      const restoreEnv = { DATABASE_URL: databaseB, DATA_DIR: dataB };
      const restored = await cli("restore", [saved.folder], restoreEnv);
      expect(restored.code, restored.stderr).toBe(0);
      expect(fs.existsSync(`${databaseB}-wal`)).toBe(false);
      expect(fs.existsSync(`${databaseB}-shm`)).toBe(false);
      expect(integrity(databaseB)).toBe("ok");
      expect(fs.readdirSync(path.join(dataB, "fotos")).sort()).toEqual(photoNames);

      // A fresh server on the restored database (with the backup timer configured too).
      serverB = await startServer(databaseB, {
        ...secret,
        DATA_DIR: dataB,
        BACKUP_DIR: path.join(WORK, "backups-b"),
        BACKUP_INTERVAL_MINUTES: "60",
      });
      servers.push(serverB);
      for (const [code, cookie] of before) {
        const page = await fetch(`${serverB.origin}/pedidos/${code}`, {
          headers: { Cookie: cookie },
        });
        expect(page.status, code).toBe(200);
        expect(await page.text()).toContain(code);
      }

      // Refused while server B, idle between requests, has the database open; nothing touched.
      const sizeBefore = fs.statSync(databaseB).size;
      const refused = await cli("restore", [saved.folder], restoreEnv);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/Restore refused: .* is open in another process/);
      expect(
        fs.readdirSync(path.dirname(databaseB)).filter((n) => !n.startsWith("qhatu.db-")),
      ).toEqual(["qhatu.db"]);
      expect(fs.statSync(databaseB).size).toBe(sizeBefore);
      expect((await fetch(`${serverB.origin}/healthz`)).status).toBe(200);

      expect(counterDrift(databaseB)).toEqual({ offers: [], slots: [] });
      const check = new Database(databaseB, { readonly: true });
      try {
        const codes = new Set(check.prepare("SELECT pickup_code FROM orders").pluck().all());
        for (const code of before.keys()) expect(codes.has(code), code).toBe(true);
        expect(codes.size).toBe(saved.manifest.counts.orders);
        expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
      } finally {
        check.close();
      }

      // Once server B has stopped, the same restore goes ahead and keeps the old file aside.
      await serverB.stop();
      serverB = undefined;
      expect(databaseInUse(databaseB)).toBe(false);
      const again = await restoreBackup({
        backupFolder: saved.folder,
        databaseFile: databaseB,
        photoDirectory: path.join(dataB, "fotos"),
      });
      expect(again.keptAs).toBeDefined();
      const aside = fs
        .readdirSync(path.dirname(databaseB))
        .filter((n) => n.includes(".before-restore-"));
      expect(aside).toHaveLength(1);
      expect(integrity(databaseB)).toBe("ok");
    } finally {
      if (serverA.child.exitCode === null && serverA.child.signalCode === null)
        await serverA.stop();
      await serverB?.stop();
    }
  }, 90_000);
});
