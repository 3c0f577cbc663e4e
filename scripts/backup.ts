/**
 * `npm run backup [-- <backup directory>]`: a consistent backup of DATABASE_URL and the photos
 * in DATA_DIR/fotos, taken while the server keeps taking orders, checked, into BACKUP_DIR
 * (or the directory given, else DATA_DIR/backups); keeps the newest BACKUP_KEEP.
 * See app/infra/backup.server.ts and README "Backups".
 */
import path from "node:path";
import { env } from "../app/infra/env.server";
import { runBackup } from "../app/infra/backup.server";
import { photoDirectory } from "../app/features/producers/photos.server";

const config = env();
const backupDirectory =
  process.argv[2] ?? config.BACKUP_DIR ?? path.join(config.DATA_DIR, "backups");

try {
  const started = Date.now();
  const { folder, manifest, pruned } = await runBackup({
    databaseFile: config.DATABASE_URL,
    photoDirectory: photoDirectory(),
    backupDirectory,
    keep: config.BACKUP_KEEP,
  });
  console.log(`Backup of ${path.resolve(config.DATABASE_URL)} in ${Date.now() - started} ms:`);
  console.log(`  ${folder}`);
  console.log(`  integrity: ${manifest.integrity}`);
  console.log(`  photos: ${manifest.photos.files} files, ${manifest.photos.bytes} bytes`);
  console.log("  rows:");
  for (const [table, rows] of Object.entries(manifest.counts)) {
    console.log(`    ${table.padEnd(28)} ${String(rows).padStart(9)}`);
  }
  if (pruned.length > 0) console.log(`  removed ${pruned.length} older: ${pruned.join(", ")}`);
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
