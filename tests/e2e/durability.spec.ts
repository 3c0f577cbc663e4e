/**
 * docs/invariants.md #8: what the server acknowledged survives a killed process. A second server
 * on its own database acknowledges a sign-up, is killed with SIGKILL (no shutdown code runs),
 * and the account is still in the file afterwards.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, freshPhone, test } from "./fixtures";

/** A port nobody is listening on, so the health check cannot reach another server. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
const DB_FILE = path.resolve(`tests/.tmp/durability-${process.pid}.db`);

async function waitForHealth(url: string) {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not start`);
}

test("an acknowledged sign-up survives kill -9", async () => {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(DB_FILE + suffix, { force: true });
  const PORT = await freePort();
  const server = spawn("node", ["server.js"], {
    env: {
      ...process.env,
      PORT: String(PORT),
      DATABASE_URL: DB_FILE,
      NODE_ENV: "production",
      SESSION_SECRET: "x".repeat(40),
      DEMO_DATA: "auto",
    },
    stdio: "ignore",
  });
  try {
    await waitForHealth(`http://localhost:${PORT}/healthz`);
    const phone = freshPhone();
    const response = await fetch(`http://localhost:${PORT}/registro`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        name: "Dora Kill",
        contact: phone,
        password: "trucha de pomacanchi",
        locale: "es",
        role: "consumer",
      }),
    });
    expect(response.status).toBe(302);
    server.kill("SIGKILL");
    await new Promise((resolve) => server.once("exit", resolve));

    const db = new Database(DB_FILE, { readonly: true });
    const row = db.prepare("SELECT name FROM users WHERE phone = ?").get(`+51${phone}`) as
      { name: string } | undefined;
    db.close();
    expect(row?.name).toBe("Dora Kill");
  } finally {
    server.kill("SIGKILL");
  }
});
