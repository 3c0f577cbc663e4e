import path from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { Db } from "../app/infra/db.server";

/** Where drizzle-kit writes migrations; resolved from the working directory (the project root). */
export const MIGRATIONS_FOLDER = path.resolve("db/migrations");

/**
 * Applies every committed migration not yet applied. Idempotent.
 *
 * Foreign keys are off while migrations run: drizzle-kit changes a table's constraints by
 * rebuilding it (copy, DROP, rename), and with foreign keys on, dropping `users` would delete
 * or refuse every row that points at it. PRAGMA foreign_keys is a no-op inside a transaction
 * (drizzle runs all pending migrations in one), so it is switched here, around them, as
 * SQLite's own procedure for schema changes says; then every reference is checked.
 */
export function migrateDatabase(database: Db) {
  const client = database.$client;
  const enforced = client.pragma("foreign_keys", { simple: true }) === 1;
  client.pragma("foreign_keys = OFF");
  try {
    migrate(database, { migrationsFolder: MIGRATIONS_FOLDER });
    const broken = client.pragma("foreign_key_check") as unknown[];
    if (broken.length > 0) {
      throw new Error(
        `migrations left ${broken.length} broken references: ${JSON.stringify(broken.slice(0, 5))}`,
      );
    }
  } finally {
    if (enforced) client.pragma("foreign_keys = ON");
  }
}
