/**
 * Before each test file: its own copy of the migrated template, so files run in parallel
 * without sharing rows, against real SQLite (no mocked database).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll } from "vitest";
import { closeDb } from "../../app/infra/db.server";
import { TEMPLATE_DB, TMP_DIR } from "./paths";

const file = path.join(TMP_DIR, `test-${process.pid}-${crypto.randomBytes(4).toString("hex")}.db`);
fs.copyFileSync(TEMPLATE_DB, file);
process.env.DATABASE_URL = file;
process.env.NODE_ENV = "test";
process.env.DEMO_DATA = "off";
process.env.SESSION_SECRET = "test-secret-test-secret-test-secret-00";

afterAll(() => {
  closeDb();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
});
