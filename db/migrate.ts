/** `npm run db:migrate`: applies the committed migrations to DATABASE_URL. */
import { migrateDatabase } from "./migrations.server";
import { db } from "../app/infra/db.server";
import { env } from "../app/infra/env.server";

migrateDatabase(db());
console.log(`Migrated ${env().DATABASE_URL}`);
