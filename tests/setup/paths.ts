import path from "node:path";

/** Scratch files of a test run (databases, reports); ignored by git. */
export const TMP_DIR = path.resolve("tests/.tmp");
/**
 * Migrated once per run, then copied for each test file. Named after the run's main process
 * (inherited by its workers), so two runs side by side never share or delete each other's.
 */
process.env.QHATU_TEST_RUN ??= String(process.pid);
export const TEMPLATE_DB = path.join(TMP_DIR, `template-${process.env.QHATU_TEST_RUN}.db`);
