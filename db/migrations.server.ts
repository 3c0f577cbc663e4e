import path from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { Db } from "../app/db.server";

/** Where drizzle-kit writes migrations; resolved from the working directory (the project root). */
export const MIGRATIONS_FOLDER = path.resolve("db/migrations");

/** Applies every committed migration not yet applied. Idempotent. */
export function migrateDatabase(database: Db) {
  migrate(database, { migrationsFolder: MIGRATIONS_FOLDER });
}
