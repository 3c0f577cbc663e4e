/** `npm run db:seed`: migrates, then loads the demo data into an empty database. */
import { db } from "../app/infra/db.server";
import { env } from "../app/infra/env.server";
import { migrateDatabase } from "./migrations.server";
import { seedDemo } from "./seed-demo";

migrateDatabase(db());
const { seeded } = seedDemo();
console.log(
  seeded
    ? `Seeded demo data into ${env().DATABASE_URL}`
    : `${env().DATABASE_URL} already has a market; nothing seeded (delete the file to start over).`,
);
