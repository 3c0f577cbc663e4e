/**
 * A scene for a test that runs the real server in another process: a fresh database file,
 * migrated and filled with the app's own factories in this process, then let go of so the
 * server can open it; people logged in with sessions the server accepts (its TEST_SECRET).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { createCookie } from "@remix-run/node";
import { TEST_SECRET } from "./server";

/** Opens a new, migrated database at `file` as this process's database. */
export async function openSceneDatabase(file: string) {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  process.env.DATABASE_URL = file;
  process.env.DEMO_DATA = "off";
  const { db, closeDb } = await import("../../app/infra/db.server");
  const { resetEnv } = await import("../../app/infra/env.server");
  // This worker may already have used the app's modules on another database.
  closeDb();
  resetEnv();
  const { migrateDatabase } = await import("../../db/migrations.server");
  migrateDatabase(db());
  return {
    db,
    f: await import("../factories"),
    schema: await import("../../db/schema"),
    /** Folds the WAL into the file and closes it, for the server to open. */
    release() {
      db().$client.pragma("wal_checkpoint(TRUNCATE)");
      closeDb();
    },
  };
}

/** A session for `userId` in this process's database, as the Cookie header the server reads. */
export async function sessionCookieFor(userId: number) {
  const { db } = await import("../../app/infra/db.server");
  const { sessions } = await import("../../db/schema");
  const sessionId = crypto.randomBytes(24).toString("base64url");
  db()
    .insert(sessions)
    .values({ id: sessionId, userId, expiresAt: new Date(Date.now() + 86_400_000) })
    .run();
  const cookie = createCookie("qhatu_session", { secrets: [TEST_SECRET], path: "/" });
  return (await cookie.serialize(sessionId)).split(";")[0];
}
