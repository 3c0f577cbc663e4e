import { sql } from "drizzle-orm";
import { db } from "./db.server";

/** Reads from the database (a real table, not just `SELECT 1`, so a broken file shows). */
export function checkDatabase(): { ok: boolean } {
  try {
    db().get(sql`SELECT count(*) FROM markets`);
    return { ok: true };
  } catch (error) {
    console.error("Health check: database unreadable", error);
    return { ok: false };
  }
}
