/**
 * Once per `vitest run`: a freshly migrated template database that each test file copies, and
 * the production build (the fuzz test sends its requests through the whole of it).
 */
import { execSync } from "node:child_process";
import fs from "node:fs";
import { openDatabase } from "../../app/infra/db.server";
import { migrateDatabase } from "../../db/migrations.server";
import { TEMPLATE_DB, TMP_DIR } from "./paths";

export default function setup() {
  // A production build, as the e2e tests and `npm start` use (vitest's NODE_ENV is "test").
  execSync("npx remix build", { stdio: "ignore", env: { ...process.env, NODE_ENV: "production" } });
  fs.mkdirSync(TMP_DIR, { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(TEMPLATE_DB + suffix, { force: true });
  const database = openDatabase(TEMPLATE_DB);
  migrateDatabase(database);
  // Fold the WAL into the main file so a plain file copy carries the whole schema.
  database.$client.pragma("wal_checkpoint(TRUNCATE)");
  database.$client.close();
  return () => {
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(TEMPLATE_DB + suffix, { force: true });
  };
}
