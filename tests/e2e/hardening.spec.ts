/**
 * What an attacker (or a flaky phone) can send the production server: bodies far over their
 * cap, redirect targets a header cannot carry, a database that stops answering. The server
 * must answer each with a clear 4xx (or a 500 page naming the request id), keep its memory,
 * keep answering /healthz, send its security headers, and log without personal data.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { createCookie } from "@remix-run/node";
import Database from "better-sqlite3";
import { expect, test } from "@playwright/test";
import { startServer, TEST_SECRET } from "../support/server";

const DB_FILE = path.resolve(`tests/.tmp/hardening-${process.pid}.db`);
const DATA_DIR = path.resolve(`tests/.tmp/hardening-data-${process.pid}`);
const PRODUCER_PHONE = "+51984111222";
const CONSUMER_PHONE = "+51987654321";

let server: Awaited<ReturnType<typeof startServer>>;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(DB_FILE + suffix, { force: true });
  fs.rmSync(DATA_DIR, { recursive: true, force: true });
  server = await startServer(
    DB_FILE,
    { DEMO_DATA: "auto", DATA_DIR, CATALOGUE_CACHE_MS: "2000" },
    { captureOutput: true },
  );
});

test.afterAll(async () => {
  await server?.stop();
});

/** A session for a demo account, written as the login would, and its signed cookie. */
async function sessionCookie(phone: string) {
  const db = new Database(DB_FILE);
  try {
    db.pragma("busy_timeout = 5000");
    const { id: userId } = db.prepare("SELECT id FROM users WHERE phone = ?").get(phone) as {
      id: number;
    };
    const id = crypto.randomBytes(24).toString("base64url");
    db.prepare(
      "INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)",
    ).run(id, userId, Date.now() + 86_400_000, Date.now());
    const cookie = createCookie("qhatu_session", { secrets: [TEST_SECRET], path: "/" });
    return (await cookie.serialize(id)).split(";")[0];
  } finally {
    db.close();
  }
}

function count(sql: string): number {
  const db = new Database(DB_FILE, { readonly: true });
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function residentMegabytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/**
 * Streams `megabytes` of body with chunked encoding (no Content-Length), as fast as the
 * server takes it, and resolves with the answer's status and how long it took.
 */
function sendChunked(
  url: string,
  { megabytes, contentType, cookie }: { megabytes: number; contentType: string; cookie?: string },
) {
  return new Promise<{ status: number; ms: number; body: string }>((resolve, reject) => {
    const started = Date.now();
    const request = http.request(url, {
      method: "POST",
      headers: {
        "Content-Type": contentType,
        "Transfer-Encoding": "chunked",
        ...(cookie ? { Cookie: cookie } : {}),
      },
    });
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    let answered = false;
    const pump = () => {
      while (!answered && sent < megabytes * 1024 * 1024) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      if (!answered) request.end();
    };
    request.on("response", (response) => {
      answered = true;
      let body = "";
      response.on("data", (c: Buffer) => (body += c.toString("utf8")));
      response.on("end", () =>
        resolve({ status: response.statusCode!, ms: Date.now() - started, body }),
      );
    });
    // The server hangs up after answering: writes after that fail, and that is the point.
    request.on("error", (error) => (answered ? undefined : reject(error)));
    pump();
  });
}

test("a 100 MB chunked body to a form or a photo form gets 413 quickly; memory holds and /healthz answers", async () => {
  const producer = await sessionCookie(PRODUCER_PHONE);
  const before = residentMegabytes(server.child.pid!);
  const products = count("SELECT count(*) AS n FROM products");
  const baskets = count("SELECT count(*) AS n FROM basket_items");
  let healthChecks = 0;
  let polling = true;
  const health = (async () => {
    while (polling) {
      const response = await fetch(`${server.origin}/healthz`);
      expect(response.status).toBe(200);
      healthChecks++;
      await new Promise((r) => setTimeout(r, 100));
    }
  })();

  const [form, photo] = await Promise.all([
    sendChunked(`${server.origin}/canasta`, {
      megabytes: 100,
      contentType: "application/x-www-form-urlencoded",
    }),
    sendChunked(`${server.origin}/productor/productos`, {
      megabytes: 100,
      contentType: "multipart/form-data; boundary=----qhatu",
      cookie: producer,
    }),
  ]);
  polling = false;
  await health;

  expect(form.status).toBe(413);
  expect(form.body).toContain("Lo que enviaste es demasiado grande");
  expect(photo.status).toBe(413);
  expect(form.ms).toBeLessThan(10_000);
  expect(photo.ms).toBeLessThan(10_000);
  expect(healthChecks).toBeGreaterThan(0);
  expect(residentMegabytes(server.child.pid!) - before).toBeLessThan(50);
  expect(count("SELECT count(*) AS n FROM products")).toBe(products);
  expect(count("SELECT count(*) AS n FROM basket_items")).toBe(baskets);
});

test("a declared Content-Length over the cap is refused without reading the body", async () => {
  const response = await new Promise<number>((resolve, reject) => {
    const request = http.request(`${server.origin}/idioma`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": String(64 * 1024 * 1024),
      },
    });
    request.on("response", (r) => resolve(r.statusCode!));
    request.on("error", reject);
    // Only the first chunk: the answer must not wait for the other 64 MB.
    request.write("locale=qu&redirectTo=%2F&".padEnd(1024, "x"));
  });
  expect(response).toBe(413);
});

const noRedirect = { redirect: "manual" as const };
const form = (fields: Record<string, string>) => ({
  method: "POST",
  body: new URLSearchParams(fields),
  ...noRedirect,
});

test("same-site redirect targets with characters outside ASCII are encoded, never a 500", async () => {
  const cases: [string, string][] = [
    ["/。evil.example", "/%E3%80%82evil.example"],
    ["/feria?q=🌽", "/feria?q=%F0%9F%8C%BD"],
    ["/productores/ñandú-chacra", "/productores/%C3%B1and%C3%BA-chacra"],
    // Resolves to "//evil.example": refused, back home.
    ["/.//evil.example", "/"],
    ["//evil.example", "/"],
  ];
  for (const [target, location] of cases) {
    const response = await fetch(
      `${server.origin}/idioma`,
      form({ locale: "qu", redirectTo: target }),
    );
    expect(response.status, target).toBe(302);
    expect(
      new URL(response.headers.get("location")!, server.origin).pathname +
        new URL(response.headers.get("location")!, server.origin).search,
      target,
    ).toBe(location);
  }

  // Adding to the basket without an account, back to a search with an emoji.
  const offerId = count(
    "SELECT min(o.id) AS n FROM offers o JOIN market_days d ON d.id = o.market_day_id WHERE d.status = 'open' AND o.status = 'active'",
  );
  const added = await fetch(
    `${server.origin}/canasta`,
    form({ intent: "add", offerId: String(offerId), quantity: "1", redirectTo: "/feria?q=🌽" }),
  );
  expect(added.status).toBe(302);
  expect(added.headers.get("location")).toMatch(/\/feria\?q=%F0%9F%8C%BD$/);

  // Logging in through such a link works and lands there.
  const login = await fetch(
    `${server.origin}/ingresar`,
    form({ contact: "987654321", password: "feria2026", redirectTo: "/productores/ñandú-chacra" }),
  );
  expect(login.status).toBe(302);
  expect(login.headers.get("location")).toMatch(/\/productores\/%C3%B1and%C3%BA-chacra$/);

  // The login page, opened while logged in with such a link, sends the person on.
  const cookie = await sessionCookie(CONSUMER_PHONE);
  const again = await fetch(`${server.origin}/ingresar?redirectTo=%2F%E3%80%82`, {
    headers: { Cookie: cookie },
    ...noRedirect,
  });
  expect(again.status).toBe(302);
  expect(again.headers.get("location")).toMatch(/\/%E3%80%82$/);
});

function scriptsOf(html: string) {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({
    attributes: m[1],
    inline: m[2].length > 0,
    content: m[2],
  }));
}

test("every page sends a strict CSP: a fresh nonce on its own scripts, hashes on shared cached pages", async () => {
  const cookie = await sessionCookie(CONSUMER_PHONE);
  const catalogue = await (await fetch(`${server.origin}/feria`)).text();
  // A family basket's page is rendered for each request (not cached), with JavaScript.
  const basketPage = /href="(\/feria\/canastas\/\d+)"/.exec(catalogue)![1];
  const nonces = new Set<string>();
  for (let i = 0; i < 2; i++) {
    const response = await fetch(`${server.origin}${basketPage}`, { headers: { Cookie: cookie } });
    const policy = response.headers.get("content-security-policy")!;
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'self'");
    expect(policy).not.toContain("unsafe-inline");
    const nonce = /'nonce-([^']+)'/.exec(policy)![1];
    nonces.add(nonce);
    const html = await response.text();
    const inline = scriptsOf(html).filter((s) => s.inline);
    expect(inline.length).toBeGreaterThan(0);
    for (const script of inline) expect(script.attributes).toContain(`nonce="${nonce}"`);
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  }
  expect(nonces.size).toBe(2);

  // The catalogue (the public pages' cache), anonymous or signed in: each inline script is
  // allowed by its hash.
  for (const headers of [{}, { Cookie: cookie }] as Record<string, string>[]) {
    const shared = await fetch(`${server.origin}/feria`, { headers });
    const policy = shared.headers.get("content-security-policy")!;
    expect(policy).not.toContain("'nonce-");
    expect(policy).not.toContain("unsafe-inline");
    for (const script of scriptsOf(await shared.text()).filter((s) => s.inline)) {
      const hash = crypto.createHash("sha256").update(script.content, "utf8").digest("base64");
      expect(policy).toContain(`'sha256-${hash}'`);
    }
  }
});

test("a database that stops answering gives a 500 naming the request id, logged with its stack", async () => {
  const cookie = await sessionCookie(CONSUMER_PHONE);
  // Another process holds the write lock longer than the server waits (busy_timeout 5 s).
  const blocker = new Database(DB_FILE);
  blocker.exec("BEGIN EXCLUSIVE");
  const failures: { id: string; page: string; type: string }[] = [];
  try {
    // A page's action (the error page) and a resource route's (a short text).
    for (const [path, fields] of [
      ["/cuenta", { locale: "es", notifyEmail: "on" }],
      ["/idioma", { locale: "en", redirectTo: "/" }],
    ] as const) {
      const response = await fetch(`${server.origin}${path}`, {
        ...form(fields),
        headers: { Cookie: cookie, "Accept-Language": "es" },
      });
      expect(response.status, path).toBe(500);
      failures.push({
        id: response.headers.get("x-request-id")!,
        page: await response.text(),
        type: response.headers.get("content-type") ?? "",
      });
    }
  } finally {
    blocker.exec("ROLLBACK");
    blocker.close();
  }
  expect(failures[0].type).toContain("text/html");
  expect(failures[0].page).toContain("Algo salió mal");
  for (const { id, page } of failures) {
    expect(id).toMatch(/^[\w.-]{6,64}$/);
    expect(page).toContain(`menciona este código: ${id}`);
    expect(page).not.toMatch(/at \w+ \(|node_modules|SqliteError|database is locked/);
    await expect.poll(() => server.output()).toContain(`"reqId":"${id}"`);
    const errorLine = server
      .output()
      .split("\n")
      .filter((l) => l.includes(`"reqId":"${id}"`))
      .map((l) => JSON.parse(l) as { level: string; err?: { stack?: string } })
      .find((l) => l.err);
    expect(errorLine?.level).toBe("error");
    expect(errorLine?.err?.stack).toContain("SqliteError");
  }
});

test("one JSON line per request, with no phone numbers, emails, passwords or cookies", async () => {
  const cookie = await sessionCookie(CONSUMER_PHONE);
  const secrets = ["987654321", "984555666", "rosa.quispe@example.pe", "feria2026", "s3cr3t-Pass"];
  await fetch(
    `${server.origin}/ingresar`,
    form({ contact: "987 654 321", password: "s3cr3t-Pass" }),
  );
  await fetch(
    `${server.origin}/ingresar`,
    form({ contact: "rosa.quispe@example.pe", password: "feria2026" }),
  );
  await fetch(`${server.origin}/feria?q=984555666&page=1`, { headers: { Cookie: cookie } });
  await fetch(`${server.origin}/registro?redirectTo=%2Fferia%3Fq%3Drosa.quispe%40example.pe`);
  await expect.poll(() => server.output()).toContain('"path":"/feria?q=…&page=…"');
  const lines = server
    .output()
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const requests = lines.filter((l) => l.msg === "request");
  expect(requests.length).toBeGreaterThan(4);
  for (const line of requests) {
    expect(line).toMatchObject({
      reqId: expect.any(String),
      method: expect.any(String),
      path: expect.any(String),
      status: expect.any(Number),
      ms: expect.any(Number),
    });
  }
  const sessionValue = cookie.split("=")[1];
  const everything = server.output();
  for (const secret of [...secrets, sessionValue]) expect(everything).not.toContain(secret);
});
