/**
 * What the server does once before it listens (called explicitly by server.js, never as an
 * import side effect): apply migrations and, on an empty database, load the demo data.
 */
import { migrateDatabase } from "../db/migrations.server";
import { seedDemo } from "../db/seed-demo";
import { startBackgroundLoop } from "./background.server";
import { db, startCheckpointer } from "./db.server";
import { env } from "./env.server";
import { pruneLoginAttempts } from "./models/login-throttle.server";
import { photoDirectory } from "./models/photos.server";
import { deleteExpiredSessions } from "./models/sessions.server";

/** Returns what server.js needs from the parsed configuration. */
export function startApp(): {
  port: number;
  trustProxy: boolean;
  catalogueCacheMs: number;
  photoDirectory: string;
} {
  const config = env();
  migrateDatabase(db());
  startCheckpointer(db());
  deleteExpiredSessions();
  pruneLoginAttempts();
  startBackgroundLoop();
  if (config.DEMO_DATA === "auto" && seedDemo().seeded) {
    console.log(`Loaded demo data into ${config.DATABASE_URL}`);
  }
  return {
    port: config.PORT,
    trustProxy: config.TRUST_PROXY === "1",
    catalogueCacheMs: config.CATALOGUE_CACHE_MS,
    photoDirectory: photoDirectory(),
  };
}
