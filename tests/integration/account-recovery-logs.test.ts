/**
 * One-time codes stay out of the server's JSON logs: the production server, over HTTP, sends a
 * reset code by SMS and by email (the log transport stands in and prints them, as it should),
 * a code is used, opened from a link with it in the query, and a coordinator gives one in
 * person; no JSON log line carries any of the codes.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSceneDatabase, sessionCookieFor } from "../support/scene-database";
import { startServer } from "../support/server";

const DB_FILE = path.resolve(`tests/.tmp/recovery-logs-${process.pid}.db`);
const NOTIFY_FILE = path.resolve(`tests/.tmp/recovery-logs-${process.pid}.log`);

let server: Awaited<ReturnType<typeof startServer>>;
let coordinatorCookie: string;
let familyId: number;

beforeAll(async () => {
  const scene = await openSceneDatabase(DB_FILE);
  const marketId = scene.f.createMarket().id;
  const coordinator = scene.f.createCoordinator({ marketId });
  const family = scene.f.createUser({
    name: "Yola Huillca",
    phone: "+51987500001",
    email: "yola.huillca@example.pe",
  });
  scene.f.createMembership({ userId: family.id, marketId, role: "consumer" });
  familyId = family.id;
  coordinatorCookie = await sessionCookieFor(coordinator.id);
  scene.release();
  fs.rmSync(NOTIFY_FILE, { force: true });
  server = await startServer(
    DB_FILE,
    { NOTIFY_LOG: "on", NOTIFY_LOG_FILE: NOTIFY_FILE, LOG_LEVEL: "info" },
    { captureOutput: true },
  );
}, 60_000);

afterAll(async () => {
  await server?.stop();
  for (const file of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, NOTIFY_FILE]) {
    fs.rmSync(file, { force: true });
  }
});

function post(pathname: string, fields: Record<string, string>, cookie?: string) {
  return fetch(server.origin + pathname, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(cookie ? { Cookie: cookie } : {}),
    },
    redirect: "manual",
  });
}

/** The codes the log transport has written so far, in order. */
function codesSent() {
  const log = fs.existsSync(NOTIFY_FILE) ? fs.readFileSync(NOTIFY_FILE, "utf8") : "";
  return [...log.matchAll(/^ {2}.*: (\d{6})$/gm)].map((m) => m[1]);
}

describe("the JSON logs", () => {
  it("never carry a one-time code", { timeout: 60_000 }, async () => {
    expect((await post("/recuperar", { contact: "987 500 001" })).status).toBe(302);
    expect((await post("/recuperar", { contact: "yola.huillca@example.pe" })).status).toBe(302);
    // The outbox loop sends every few seconds.
    await expect.poll(() => codesSent().length, { timeout: 20_000 }).toBe(2);
    const [, emailed] = codesSent();

    const opened = await fetch(
      `${server.origin}/recuperar/codigo?${new URLSearchParams({ contacto: "yola.huillca@example.pe", codigo: emailed })}`,
    );
    expect(opened.status).toBe(200);
    const used = await post("/recuperar/codigo", {
      contact: "yola.huillca@example.pe",
      code: emailed,
      password: "sara lawa con queso",
    });
    expect(used.status).toBe(302);

    const given = await post(
      `/coordinacion/cuentas/${familyId}`,
      { intent: "giveCode" },
      coordinatorCookie,
    );
    expect(given.status).toBe(200);
    const inPerson = /class="code">(\d{3}) (\d{3})</.exec(await given.text())!;
    const codes = [...codesSent(), inPerson[1] + inPerson[2]];

    // Give the logger a moment to flush the last request's line.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const jsonLines = server
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"));
    expect(jsonLines.some((line) => line.includes('"path":"/recuperar/codigo?contacto='))).toBe(
      true,
    );
    for (const code of codes) {
      expect(jsonLines.filter((line) => line.includes(code))).toEqual([]);
    }
    // The log transport is meant to print them (development): the test looked at real codes.
    expect(server.output()).toContain(codes[0]);
  });
});
