/**
 * What the server does once before it listens (called explicitly by server.js, never as an
 * import side effect): apply migrations and, on an empty database, load the demo data.
 */
import { migrateDatabase } from "../db/migrations.server";
import { seedDemo } from "../db/seed-demo";
import { db } from "./db.server";
import { env } from "./env.server";
import { pruneLoginAttempts } from "./models/login-throttle.server";
import { deleteExpiredSessions } from "./models/sessions.server";

export function startApp() {
  const config = env();
  migrateDatabase(db());
  deleteExpiredSessions();
  pruneLoginAttempts();
  if (config.DEMO_DATA === "auto" && seedDemo().seeded) {
    console.log(`Loaded demo data into ${config.DATABASE_URL}`);
  }
}
