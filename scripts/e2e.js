// `npm run test:e2e`: makes sure Debian's Chromium is there, builds, then runs Playwright.
// Playwright's own browser download cannot work here (no internet), so it is never used.
import { execSync } from "node:child_process";
import fs from "node:fs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const sh = (command) => execSync(command, { stdio: "inherit" });

if (!fs.existsSync(CHROMIUM)) {
  if (process.getuid?.() === 0) {
    console.log("Installing Debian's chromium for the end-to-end tests…");
    sh("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium");
  } else {
    console.error(
      `${CHROMIUM} is missing: install Debian's chromium (sudo apt-get install chromium).`,
    );
    process.exit(1);
  }
}

sh("npx remix build");
sh("node scripts/build-sw.js");
const args = process.argv.slice(2).join(" ");
try {
  sh(`npx playwright test ${args}`);
} catch {
  process.exit(1);
}
