/**
 * Migrations on a database that already holds a market: a migration that rebuilds a table
 * (0006 rebuilds `users` to change its CHECK) keeps every row, and every row that points at
 * it, and leaves foreign keys enforced.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../app/infra/db.server";
import { migrateDatabase, MIGRATIONS_FOLDER } from "../../db/migrations.server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qhatu-migrations-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A copy of the migrations folder holding only those before `tag`. */
function migrationsBefore(tag: string) {
  const folder = path.join(dir, `before-${tag}`);
  fs.cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = path.join(folder, "meta/_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as {
    entries: { tag: string; idx: number }[];
  };
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  for (const entry of journal.entries.slice(cut)) fs.rmSync(path.join(folder, `${entry.tag}.sql`));
  journal.entries = journal.entries.slice(0, cut);
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

describe("migrating a database in use", () => {
  it("0006 rebuilds users keeping accounts, sessions and memberships, with foreign keys on", () => {
    const database = openDatabase(path.join(dir, "in-use.db"));
    const client = database.$client;
    migrate(database, { migrationsFolder: migrationsBefore("0006_account_recovery") });
    const now = Date.now();
    client
      .prepare("INSERT INTO markets (name, slug, city, created_at) VALUES ('M', 'm', 'Cusco', ?)")
      .run(now);
    client
      .prepare(
        "INSERT INTO users (name, phone, password_hash, created_at, updated_at) VALUES ('Rosa', '+51911111111', 'h', ?, ?)",
      )
      .run(now, now);
    client
      .prepare("INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES ('s1', 1, ?, ?)")
      .run(now + 86_400_000, now);
    client
      .prepare(
        "INSERT INTO memberships (user_id, market_id, role, created_at, updated_at) VALUES (1, 1, 'consumer', ?, ?)",
      )
      .run(now, now);

    migrateDatabase(database);

    const count = (table: string) =>
      (client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([count("users"), count("sessions"), count("memberships")]).toEqual([1, 1, 1]);
    expect(client.prepare("SELECT phone, assisted FROM users").get()).toEqual({
      phone: "+51911111111",
      assisted: 0,
    });
    expect(client.pragma("foreign_keys", { simple: true })).toBe(1);
    // The rebuilt table's constraints name it by its final name, and hold.
    const insertWithoutContact = (assisted: number) =>
      client
        .prepare(
          "INSERT INTO users (name, password_hash, assisted, created_at, updated_at) VALUES ('X', 'h', ?, ?, ?)",
        )
        .run(assisted, now, now);
    expect(() => insertWithoutContact(0)).toThrow(/users_contact/);
    expect(() => insertWithoutContact(1)).not.toThrow();
    expect(() =>
      client
        .prepare(
          "INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES ('s2', 999, 1, 1)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    client.close();
  });
});
