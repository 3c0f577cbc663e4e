/**
 * SIGTERM (what systemd and container runtimes send) in the middle of a burst of checkouts:
 * every request gets a whole answer or a clean refusal (503, or a connection refused before
 * anything was sent), every order the server acknowledged is in the database with its stock
 * and place, and the process exits 0 within the shutdown bound.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { checkoutForm } from "../support/checkout";
import { counterDrift } from "../support/invariants";
import { openSceneDatabase, sessionCookieFor } from "../support/scene-database";
import { startServer } from "../support/server";

const SHOPPERS = 120;
const DB_FILE = path.resolve(`tests/.tmp/shutdown-${process.pid}.db`);

async function buildScene() {
  const { db, f, schema, release } = await openSceneDatabase(DB_FILE);
  const scenario = f.openMarketDayScenario({
    date: "2031-06-14",
    pickupEnd: "09:00",
    slotCapacity: 200,
    ...f.oneFarmPerOffer(4, (i) => ({ quantity: 1000, priceCents: 150 * (i + 1) })),
  });
  const offers = Object.values(scenario.offers);
  const cookies: string[] = [];
  for (let i = 0; i < SHOPPERS; i++) {
    const user = f.createUser({ phone: `+5194${String(i).padStart(7, "0")}` });
    db()
      .insert(schema.cartItems)
      .values({ userId: user.id, offerId: offers[i % 4].id, quantity: 1 + (i % 3) })
      .run();
    cookies.push(await sessionCookieFor(user.id));
  }
  release();
  return cookies;
}

type Outcome =
  | { kind: "answer"; status: number; location: string | null }
  | { kind: "refused"; code: string }
  | { kind: "broken"; detail: string };

/** Posts a checkout; a connection refused or reset before any answer is a clean refusal. */
async function checkOut(origin: string, cookie: string, fields: URLSearchParams): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetch(`${origin}/canasta/confirmar`, {
      method: "POST",
      body: fields,
      headers: { Cookie: cookie },
      redirect: "manual",
    });
  } catch (error) {
    const code = String((error as { cause?: { code?: string } }).cause?.code ?? error);
    return ["ECONNREFUSED", "ECONNRESET", "UND_ERR_SOCKET"].includes(code)
      ? { kind: "refused", code }
      : { kind: "broken", detail: code };
  }
  try {
    // A whole answer: the body arrives to its end.
    await response.arrayBuffer();
  } catch (error) {
    return { kind: "broken", detail: `truncated ${response.status}: ${String(error)}` };
  }
  return { kind: "answer", status: response.status, location: response.headers.get("location") };
}

test("SIGTERM during a burst of checkouts loses no acknowledged order and exits 0", async () => {
  test.setTimeout(120_000);
  const cookies = await buildScene();
  const server = await startServer(DB_FILE, {}, { captureOutput: true });
  const forms = await Promise.all(cookies.map((c) => checkoutForm(server.origin, c)));

  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    server.child.once("exit", (code) => resolve({ code, at: Date.now() })),
  );
  // Most of the shoppers check out at once; once the first answers are back (so some are
  // done and the rest in flight) the server gets SIGTERM, and the last shoppers arrive after.
  let answered = 0;
  const send = (i: number) =>
    checkOut(server.origin, cookies[i], forms[i]).finally(() => answered++);
  const firstWave = forms.slice(0, 90).map((_, i) => send(i));
  await expect.poll(() => answered, { intervals: [5] }).toBeGreaterThanOrEqual(5);
  const signalled = Date.now();
  server.child.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 20));
  const lateWave = forms.slice(90).map((_, i) => send(90 + i));
  const outcomes = await Promise.all([...firstWave, ...lateWave]);
  const { code, at } = await exited;

  expect(code).toBe(0);
  expect(at - signalled).toBeLessThan(12_000);
  expect(outcomes.filter((o) => o.kind === "broken")).toEqual([]);
  const answers = outcomes.filter((o) => o.kind === "answer");
  for (const answer of answers) expect([302, 303, 503]).toContain(answer.status);
  const acknowledged = answers
    .map((a) => /\/pedidos\/([A-Z0-9]+)$/.exec(a.location ?? "")?.[1])
    .filter((c): c is string => Boolean(c));
  console.log(
    `after SIGTERM: ${acknowledged.length} orders acknowledged, ${answers.length - acknowledged.length} refused with 503, ${outcomes.length - answers.length} connections refused`,
  );
  expect(acknowledged.length).toBeGreaterThan(0);
  // The last line says how long the event loop was held up, and the memory held.
  type LogLine = { msg?: string; eventLoopDelayMs?: { p99: number }; rssMb?: number };
  const last = server
    .output()
    .split("\n")
    .flatMap((line): LogLine[] => {
      try {
        return [JSON.parse(line) as LogLine];
      } catch {
        return [];
      }
    })
    .find((line) => line.msg === "stopped cleanly");
  expect(last?.eventLoopDelayMs?.p99).toBeGreaterThan(0);
  expect(last?.rssMb).toBeGreaterThan(20);

  expect(counterDrift(DB_FILE)).toEqual({ offers: [], slots: [] });
  const db = new Database(DB_FILE, { readonly: true });
  try {
    const codes = new Set(
      (db.prepare("SELECT pickup_code AS code FROM orders").all() as { code: string }[]).map(
        (r) => r.code,
      ),
    );
    for (const c of acknowledged) expect(codes.has(c), c).toBe(true);
    expect(codes.size).toBe(acknowledged.length);
    expect((db.pragma("integrity_check") as { integrity_check: string }[])[0].integrity_check).toBe(
      "ok",
    );
  } finally {
    db.close();
  }
  // The final checkpoint folded the WAL into the database file.
  expect(fs.existsSync(`${DB_FILE}-wal`) ? fs.statSync(`${DB_FILE}-wal`).size : 0).toBe(0);
});
