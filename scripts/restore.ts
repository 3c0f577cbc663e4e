/**
 * `npm run restore -- <backup folder>`: puts a backup made by `npm run backup` in place for a
 * stopped server: DATABASE_URL and the photos in DATA_DIR/fotos. Checks the backup first and
 * refuses while the database is open (a server still running). The replaced database is
 * kept beside it as `<file>.before-restore-<time>`. See app/infra/backup.server.ts.
 */
import { env } from "../app/infra/env.server";
import { restoreBackup, RestoreRefused } from "../app/infra/backup.server";
import { photoDirectory } from "../app/features/producers/photos.server";

const folder = process.argv[2];
if (!folder) {
  console.error(
    "Usage: npm run restore -- <backup folder>  (e.g. backups/qhatu-2026-05-09T143012.345Z)",
  );
  process.exit(2);
}

const config = env();
try {
  const { restored, keptAs, manifest, photos } = await restoreBackup({
    backupFolder: folder,
    databaseFile: config.DATABASE_URL,
    photoDirectory: photoDirectory(),
  });
  console.log(`Restored the backup of ${manifest.createdAt} (integrity ${manifest.integrity}):`);
  console.log(`  database: ${restored}`);
  console.log(`  photos: ${photos.files} files into ${photoDirectory()}`);
  for (const [table, rows] of Object.entries(manifest.counts)) {
    console.log(`    ${table.padEnd(28)} ${String(rows).padStart(9)}`);
  }
  if (keptAs)
    console.log(`  the database it replaced is kept as ${keptAs} (delete it when satisfied)`);
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  console.error(
    error instanceof RestoreRefused ? `Restore refused: ${message}` : `Restore failed: ${message}`,
  );
  process.exitCode = 1;
}
