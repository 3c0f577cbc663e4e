// `npm test`: typecheck, lint, unit + integration (Vitest), end-to-end (Playwright).
// Runs every step even when one fails, then prints one summary with pass/fail counts.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const TMP = path.resolve("tests/.tmp");
fs.mkdirSync(TMP, { recursive: true });
const VITEST_JSON = path.join(TMP, "vitest-results.json");
const PLAYWRIGHT_JSON = path.join(TMP, "playwright-results.json");

function step(name, command, args, env = {}) {
  console.log(`\n━━ ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  return { name, ok: result.status === 0, seconds };
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

for (const file of [VITEST_JSON, PLAYWRIGHT_JSON]) fs.rmSync(file, { force: true });

const steps = [
  step("typecheck", "npx", ["tsc", "--noEmit"]),
  step("lint", "npx", ["eslint", "."]),
  step("unit + integration", "npx", [
    "vitest",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile=${VITEST_JSON}`,
  ]),
  step("end-to-end", "node", ["scripts/e2e.js"], { PLAYWRIGHT_JSON_OUTPUT_NAME: PLAYWRIGHT_JSON }),
];

const vitest = readJson(VITEST_JSON);
const unit = vitest
  ? {
      passed: vitest.numPassedTests,
      failed: vitest.numFailedTests,
      skipped: vitest.numPendingTests + vitest.numTodoTests,
    }
  : null;
const playwright = readJson(PLAYWRIGHT_JSON);
const e2e = playwright
  ? {
      passed: playwright.stats.expected + playwright.stats.flaky,
      failed: playwright.stats.unexpected,
      skipped: playwright.stats.skipped,
    }
  : null;

console.log("\n━━ Summary");
for (const s of steps) console.log(`${s.ok ? "PASS" : "FAIL"}  ${s.name} (${s.seconds}s)`);
const line = (label, c) =>
  console.log(
    c
      ? `${label}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`
      : `${label}: did not report`,
  );
line("unit + integration", unit);
line("end-to-end", e2e);

const passed = (unit?.passed ?? 0) + (e2e?.passed ?? 0);
const failed =
  (unit?.failed ?? 0) +
  (e2e?.failed ?? 0) +
  steps.filter((s) => !s.ok && (s.name === "typecheck" || s.name === "lint")).length;
const ok = steps.every((s) => s.ok) && unit && e2e && passed > 0;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
