// Starts the production server on a brand-new database, as a fresh install would.
import fs from "node:fs";

for (const suffix of ["", "-wal", "-shm"])
  fs.rmSync(process.env.DATABASE_URL + suffix, { force: true });
await import("../../server.js");
