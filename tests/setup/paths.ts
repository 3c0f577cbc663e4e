import path from "node:path";

/** Scratch files of a test run (databases, reports); ignored by git. */
export const TMP_DIR = path.resolve("tests/.tmp");
/** Migrated once per run, then copied for each test file. */
export const TEMPLATE_DB = path.join(TMP_DIR, "template.db");
