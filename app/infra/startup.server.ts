/**
 * What the server does once before it listens (called explicitly by server.js, never as an
 * import side effect): apply migrations and, on an empty database, load the demo data.
 */
import { migrateDatabase } from "../../db/migrations.server";
import { seedDemo } from "../../db/seed-demo";
import { startBackgroundLoop } from "./background.server";
import { checkpointAndClose, db, startCheckpointer } from "./db.server";
import { logger } from "./logger.server";
import { env } from "./env.server";
import { pruneLoginAttempts } from "../features/access/login-throttle.server";
import { photoDirectory } from "../features/producers/photos.server";
import { deleteExpiredSessions } from "../features/access/sessions.server";

/** Returns what server.js needs from the parsed configuration, and how to stop cleanly. */
export function startApp() {
  const config = env();
  migrateDatabase(db());
  const stopCheckpointer = startCheckpointer(db());
  deleteExpiredSessions();
  pruneLoginAttempts();
  const stopBackground = startBackgroundLoop();
  if (config.DEMO_DATA === "auto" && seedDemo().seeded) {
    logger().info({ database: config.DATABASE_URL }, "loaded demo data");
  }
  return {
    port: config.PORT,
    production: config.NODE_ENV === "production",
    trustProxy: config.TRUST_PROXY === "1",
    catalogueCacheMs: config.CATALOGUE_CACHE_MS,
    photoDirectory: photoDirectory(),
    stripeApiUrl: config.STRIPE_API_URL,
    /** After the HTTP server has drained: background jobs end, the WAL is folded in, the file closed. */
    async stop() {
      await stopBackground();
      stopCheckpointer();
      checkpointAndClose();
    },
  };
}
