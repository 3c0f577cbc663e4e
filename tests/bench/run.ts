/**
 * `npm run bench` (not part of `npm test`): how fast Qhatu is on this machine, against the
 * production build on a database with 600+ offers and 4,000 consumers.
 *   (a) reservations over HTTP, many consumers at once (a quarter of them with a family basket
 *       beside their items): orders/s, p50/p99, oversell check;
 *   (b) the ceiling: the reservation model called in-process in a loop;
 *   (c) the catalogue /feria: requests/s and latency;
 *   (d) bytes: HTML and JavaScript (gzip) of /feria, /canasta, the pickup desk and
 *       /pedidos/:codigo, and the service worker;
 *   (e) the server's own figures at its shutdown: event loop delay and memory (RSS);
 *   (f) the ceiling: a bare Remix action running one reservation (tests/bench/ceiling-server.ts),
 *       to which every throughput above is also given as a ratio, so machines compare.
 * Prints one table and writes it to tests/bench/RESULTS.md.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { checkoutForm } from "../support/checkout";
import { freePort, startServer, TEST_SECRET } from "../support/server";
import { coldConnections, warmLoad } from "./load";
import {
  buildScene,
  BUNDLE_PRICE_CENTS,
  BUNDLES,
  CEILING_DB_FILE,
  CONSUMERS,
  DB_FILE,
  OFFER_PRICE_CENTS,
  oversold,
  PRODUCERS,
  PRODUCTS_EACH,
  type Scene,
  TMP,
} from "./scene";
import { spawn } from "node:child_process";

async function checkoutForms(origin: string, scene: Scene) {
  const forms: URLSearchParams[] = [];
  for (let i = 0; i < CONSUMERS; i += 50) {
    const batch = scene.cookies.slice(i, i + 50).map((cookie) => checkoutForm(origin, cookie));
    forms.push(...(await Promise.all(batch)));
  }
  return forms;
}

async function benchReservations(origin: string, scene: Scene) {
  const forms = await checkoutForms(origin, scene);
  const requests = scene.cookies.map((cookie, i) => ({
    path: "/canasta/confirmar",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({
      intent: "confirm",
      slotId: String(scene.slotIds[i % scene.slotIds.length]),
      paymentMethod: "cash",
      idempotencyKey: crypto.randomUUID(),
      seenPrices: forms[i].get("seenPrices") ?? "",
    }).toString(),
  }));
  const load = warmLoad({
    origin,
    connections: 100,
    requests,
    accept: (status, headers) =>
      status === 302 && String(headers.location ?? "").startsWith("/pedidos/"),
  });
  // Once the rush is under way, a wave of 50 new visitors.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const cold = await coldConnections(origin, 50);
  return { ...(await load), cold };
}

/**
 * Anonymous visitors, or signed-in families (each request another person's session, with their
 * own cart): both served from the two-second cache, the latter with their own header.
 */
async function benchCatalogue(origin: string, cookies: string[] = []) {
  let next = 0;
  return autocannon({
    url: `${origin}/feria`,
    connections: 20,
    duration: 10,
    headers: { "accept-encoding": "gzip" },
    requests: [
      {
        setupRequest: (request) =>
          cookies.length
            ? {
                ...request,
                headers: { ...request.headers, cookie: cookies[next++ % cookies.length] },
              }
            : request,
      },
    ],
  });
}

/** The raw (compressed) bytes of a response, as the network carries them. */
function gzipBytes(url: string, cookie = ""): Promise<{ bytes: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { "accept-encoding": "gzip", cookie } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const raw = Buffer.concat(chunks);
          const gzipped = res.headers["content-encoding"] === "gzip";
          const body = (gzipped ? zlib.gunzipSync(raw) : raw).toString("utf8");
          resolve({ bytes: gzipped ? raw.length : zlib.gzipSync(raw).length, body });
        });
      })
      .on("error", reject);
  });
}

async function pageWeight(origin: string, pathname: string, cookie = "") {
  const page = await gzipBytes(origin + pathname, cookie);
  const scripts = new Set<string>();
  for (const m of page.body.matchAll(
    /<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g,
  ))
    scripts.add(m[1]);
  let js = 0;
  const loaded = new Map<string, string>();
  for (const src of scripts) {
    const file = await gzipBytes(origin + src);
    loaded.set(src, file.body);
    js += file.bytes;
  }
  return { html: page.bytes, js, files: scripts.size, lazyJs: await lazyWeight(origin, loaded) };
}

/**
 * What a page loads later, on demand (`import("/build/…")`: the desk's offline code after
 * hydration, the QR decoder when the camera opens), with the files those import that it lacks.
 */
async function lazyWeight(origin: string, loaded: Map<string, string>) {
  const pending = [...loaded.values()].flatMap((body) =>
    [...body.matchAll(/import\("(\/build\/[^"]+\.js)"\)/g)].map((m) => m[1]),
  );
  let bytes = 0;
  while (pending.length > 0) {
    const src = pending.pop()!;
    if (loaded.has(src)) continue;
    const file = await gzipBytes(origin + src);
    loaded.set(src, file.body);
    bytes += file.bytes;
    for (const m of file.body.matchAll(/(?:from|import)\s*"(\/build\/[^"]+\.js)"/g)) {
      pending.push(m[1]);
    }
  }
  return bytes;
}

/**
 * (b) The reservation model in-process, 5,000 orders: one transaction each (`reserveOrder`), or
 * grouped as the checkout makes them (`reserveOrderSoon`: those of one turn of the event loop
 * share a commit).
 */
async function inProcessCeiling(scene: Scene) {
  const { reserveOrder } = await import("../../app/features/ordering/reserve.server");
  const { reserveOrderSoon } = await import("../../app/features/ordering/reserve-queue.server");
  const { closeDb, db, startCheckpointer } = await import("../../app/infra/db.server");
  // As the checkout form sends them: the reservation compares every line against these.
  const seenPrices = {
    offers: new Map(scene.offerIds.map((id) => [id, OFFER_PRICE_CENTS])),
    bundles: new Map(scene.bundleIds.map((id) => [id, BUNDLE_PRICE_CENTS])),
  };
  const input = (i: number) => ({
    consumerId: scene.userIds[i % CONSUMERS],
    marketDayId: scene.marketDayId,
    slotId: scene.slotIds[i % scene.slotIds.length],
    lines: [
      { offerId: scene.offerIds[(i * 13) % scene.offerIds.length], quantity: 1 },
      { offerId: scene.offerIds[(i * 31 + 5) % scene.offerIds.length], quantity: 1 },
    ],
    bundles: i % 4 === 0 ? [{ bundleId: scene.bundleIds[i % BUNDLES], quantity: 1 }] : [],
    idempotencyKey: `inproc-${i}-${crypto.randomUUID()}`,
    seenPrices,
  });
  // Configured as the server is: WAL checkpoints on a timer, not in the commit path.
  const stopCheckpointer = startCheckpointer(db());
  const N = 5000;
  const timed = async (run: () => Promise<{ ok: boolean }[]>) => {
    const started = process.hrtime.bigint();
    const ok = (await run()).filter((r) => r.ok).length;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { perSecond: Math.round(ok / seconds), ok };
  };
  const single = await timed(async () =>
    Array.from({ length: N }, (_, i) => reserveOrder(input(i))),
  );
  const grouped = await timed(() =>
    Promise.all(Array.from({ length: N }, (_, i) => reserveOrderSoon(input(N + i)))),
  );
  stopCheckpointer();
  closeDb();
  return { single, grouped };
}

/**
 * (f) A bare Remix action running one reservation, on its own copy of the scene, with as many
 * connections as (a): the most orders/s Remix can answer on this machine.
 */
async function benchCeiling(scene: Scene) {
  const port = await freePort();
  const child = spawn("node", ["--import", "tsx", "tests/bench/ceiling-server.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      NODE_ENV: "production",
      DATABASE_URL: CEILING_DB_FILE,
      SESSION_SECRET: TEST_SECRET,
      CEILING_SCENE: JSON.stringify({
        consumerIds: scene.userIds,
        marketDayId: scene.marketDayId,
        slotIds: scene.slotIds,
        offerIds: scene.offerIds,
        priceCents: OFFER_PRICE_CENTS,
      }),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("ready")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`ceiling server exited (${code})`)));
    });
    const origin = `http://localhost:${port}`;
    const request = { path: "/reservar", headers: {}, body: "" };
    const accept = (status: number) => status === 204;
    await warmLoad({ origin, connections: 10, requests: Array(300).fill(request), accept });
    const result = await warmLoad({
      origin,
      connections: 100,
      requests: Array(CONSUMERS).fill(request),
      accept,
    });
    return { perSecond: Math.round(result.accepted / result.seconds), result };
  } finally {
    child.kill("SIGTERM");
  }
}

type ServerFigures = {
  eventLoopDelayMs?: { p50: number; p99: number; max: number };
  rssMb?: number;
  cpuMs?: number;
};

/** The server's last JSON log line with this message (its shutdown line carries its figures). */
function lastLogLine(output: string, msg: string): ServerFigures | undefined {
  const lines = output.split("\n").flatMap((line): (ServerFigures & { msg?: string })[] => {
    try {
      return [JSON.parse(line)];
    } catch {
      return [];
    }
  });
  return lines.reverse().find((line) => line.msg === msg);
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mark = (pass: boolean) => (pass ? "✅" : "❌");

/**
 * (b) in a process of its own, on the database (a) left, as a fresh server would run it: the
 * bench's own heap (thousands of prepared requests) would otherwise slow it down.
 */
async function inProcessInChild(scene: Scene) {
  // INPROCESS_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles it (with
  // BENCH_ONLY=checkout, it runs after the checkout part, on the database that part left).
  const nodeArgs = process.env.INPROCESS_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn("node", [...nodeArgs, "--import", "tsx", "tests/bench/run.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: DB_FILE,
      DEMO_DATA: "off",
      BENCH_INPROCESS_SCENE: JSON.stringify({ ...scene, cookies: [] }),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const line = output.split("\n").find((l) => l.startsWith("RESULT "));
  if (code !== 0 || !line) throw new Error(`in-process bench failed (${code}): ${output}`);
  return JSON.parse(line.slice("RESULT ".length)) as Awaited<ReturnType<typeof inProcessCeiling>>;
}

async function main() {
  fs.mkdirSync(TMP, { recursive: true });
  if (process.env.BENCH_INPROCESS_SCENE) {
    const scene = JSON.parse(process.env.BENCH_INPROCESS_SCENE) as Scene;
    console.log(`RESULT ${JSON.stringify(await inProcessCeiling(scene))}`);
    return;
  }
  console.log("Building the benchmark database…");
  const scene = await buildScene(DB_FILE);
  // `BENCH_ONLY=inprocess npm run bench`: only (b), e.g. under `node --cpu-prof` to profile the
  // reservation model alone.
  if (process.env.BENCH_ONLY === "inprocess") {
    console.log(await inProcessCeiling(scene), oversold(DB_FILE));
    return;
  }
  // (f) gets the scene as it starts, before (a) and (b) use stock and slots (and no WAL of an
  // earlier run, which SQLite would replay onto this copy).
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(CEILING_DB_FILE + suffix, { force: true });
  fs.copyFileSync(DB_FILE, CEILING_DB_FILE);
  const server = await startServer(DB_FILE, {}, { captureOutput: true });
  // `BENCH_ONLY=anonymous`, `signed-in` or `checkout`: only that part of (c) or (a), with the server's own figures, e.g. with
  // SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the checkout.
  if (process.env.BENCH_ONLY === "anonymous" || process.env.BENCH_ONLY === "signed-in") {
    const anonymous = process.env.BENCH_ONLY === "anonymous";
    const r = await benchCatalogue(server.origin, anonymous ? [] : scene.cookies.slice(0, 1000));
    await server.stop();
    const cpuMs = lastLogLine(server.output(), "stopped cleanly")?.cpuMs ?? 0;
    const { average, total } = r.requests;
    const { p50, p97_5 } = r.latency;
    console.log({ perSecond: average, p50, p97_5, cpuMsPerRequest: (cpuMs / total).toFixed(3) });
    return;
  }
  if (process.env.BENCH_ONLY === "checkout") {
    const result = await benchReservations(server.origin, scene);
    await server.stop();
    console.log({ perSecond: Math.round(result.accepted / result.seconds), ...result });
    if (process.env.INPROCESS_NODE_ARGS) console.log(await inProcessInChild(scene));
    console.log(lastLogLine(server.output(), "stopped cleanly"), oversold(DB_FILE));
    fs.writeFileSync(path.join(TMP, "server.log"), server.output());
    return;
  }
  let rows: string[][] = [];
  try {
    console.log("(c) catalogue…");
    const catalogue = await benchCatalogue(server.origin);
    const catalogueLoggedIn = await benchCatalogue(server.origin, scene.cookies.slice(0, 1000));
    console.log("(d) bytes…");
    const feria = await pageWeight(server.origin, "/feria");
    const canasta = await pageWeight(server.origin, "/canasta", scene.cookies[0]);
    const desk = await pageWeight(server.origin, "/coordinacion/recojo", scene.coordinatorCookie);
    const worker = await gzipBytes(`${server.origin}/sw.js`);
    console.log("(a) reservations over HTTP…");
    const reservations = await benchReservations(server.origin, scene);
    const check = oversold(DB_FILE);
    const firstCode = new Database(DB_FILE, { readonly: true })
      .prepare("SELECT pickup_code, consumer_id FROM orders ORDER BY id LIMIT 1")
      .get() as { pickup_code: string; consumer_id: number };
    const orderCookie = scene.cookies[scene.userIds.indexOf(firstCode.consumer_id)];
    const pedido = await pageWeight(
      server.origin,
      `/pedidos/${firstCode.pickup_code}`,
      orderCookie,
    );
    await server.stop();
    const figures = lastLogLine(server.output(), "stopped cleanly");

    // Same file, now that the server has stopped: plenty of stock is left.
    console.log("(b) in-process ceiling…");
    const ceiling = await inProcessInChild(scene);
    const afterB = oversold(DB_FILE);
    console.log("(f) the framework's ceiling…");
    const bare = await benchCeiling(scene);
    const ratio = (perSecond: number) => `${(perSecond / bare.perSecond).toFixed(2)} × (f)`;

    const r = reservations;
    const ordersPerSecond = Math.round(r.accepted / r.seconds);
    const loggedIn = catalogueLoggedIn;
    rows = [
      ["measure", "result", "target", ""],
      [
        "(f) ceiling: bare Remix action, one reservation (100 connections)",
        `${bare.perSecond} orders/s, p50 ${bare.result.latencyMs.p50} ms, p99 ${bare.result.latencyMs.p99} ms`,
        "(the unit of the ratios)",
        "",
      ],
      [
        "(a) reservations over HTTP (100 connections)",
        `${ordersPerSecond} orders/s = ${ratio(ordersPerSecond)} (${r.accepted} orders, ${check.withBaskets} with a family basket, ${r.refused} refused or failed)`,
        "≥ 1,000 orders/s",
        mark(ordersPerSecond >= 1000),
      ],
      [
        "(a) latency p50 / p99",
        `${r.latencyMs.p50} ms / ${r.latencyMs.p99} ms (max ${r.latencyMs.max} ms)`,
        "p99 ≤ 250 ms",
        mark(r.latencyMs.p99 <= 250),
      ],
      [
        "(a) 50 new connections opened at once during (a): first answer p50 / max",
        `${r.cold.p50} ms / ${r.cold.max} ms`,
        "(for reference: see docs/speed.md)",
        "",
      ],
      [
        "(a) oversell check",
        `${check.oversold} oversold offers, ${check.overbooked} overbooked slots, ${check.drift} counters adrift`,
        "0",
        mark(check.oversold + check.overbooked + check.drift === 0),
      ],
      [
        "(b) reservation model in-process (1 in 4 with a family basket), grouped commits as the checkout makes them",
        `${ceiling.grouped.perSecond} orders/s = ${ratio(ceiling.grouped.perSecond)} (one transaction each: ${ceiling.single.perSecond}/s); after (a) and (b), ${afterB.oversold + afterB.overbooked + afterB.drift} oversold, overbooked or adrift`,
        "≥ 5,000/s",
        mark(
          ceiling.grouped.perSecond >= 5000 &&
            afterB.oversold + afterB.overbooked + afterB.drift === 0,
        ),
      ],
      [
        "(c) /feria anonymous (20 connections, 10 s)",
        `${Math.round(catalogue.requests.average)} req/s = ${ratio(catalogue.requests.average)}, p50 ${catalogue.latency.p50} ms, p97.5 ${catalogue.latency.p97_5} ms (≥ p95)`,
        "≥ 3,000 req/s",
        mark(catalogue.requests.average >= 3000),
      ],
      [
        "(c) /feria signed in (20 connections, 10 s)",
        `${Math.round(loggedIn.requests.average)} req/s = ${ratio(loggedIn.requests.average)}, p50 ${loggedIn.latency.p50} ms, p97.5 ${loggedIn.latency.p97_5} ms (≥ p95)`,
        "≥ 1,000 req/s, p95 ≤ 50 ms",
        mark(loggedIn.requests.average >= 1000 && loggedIn.latency.p97_5 <= 50),
      ],
      [
        "(e) server: event loop delay p50 / p99 / max over the run; memory at the end",
        figures?.eventLoopDelayMs
          ? `${figures.eventLoopDelayMs.p50} / ${figures.eventLoopDelayMs.p99} / ${figures.eventLoopDelayMs.max} ms; RSS ${figures.rssMb} MB`
          : "(not reported)",
        "(for reference)",
        "",
      ],
      [
        "(d) /feria HTML / JS (gzip)",
        `${kb(feria.html)} / ${kb(feria.js)} (${feria.files} files)`,
        "JS ≤ 100 KB",
        mark(feria.js <= 100 * 1024),
      ],
      [
        "(d) /canasta HTML / JS (gzip)",
        `${kb(canasta.html)} / ${kb(canasta.js)} (${canasta.files} files)`,
        "JS ≤ 100 KB",
        mark(canasta.js <= 100 * 1024),
      ],
      [
        "(d) pickup desk /coordinacion/recojo HTML / JS (gzip), + loaded on demand (offline desk, camera QR decoder)",
        `${kb(desk.html)} / ${kb(desk.js)} (${desk.files} files) + ${kb(desk.lazyJs)}`,
        "(for reference)",
        "",
      ],
      [
        "(d) service worker /sw.js (gzip / raw)",
        `${kb(worker.bytes)} / ${kb(Buffer.byteLength(worker.body))}`,
        "(for reference)",
        "",
      ],
      [
        "(d) /pedidos/:codigo HTML / JS (gzip)",
        `${kb(pedido.html)} / ${kb(pedido.js)} (${pedido.files} files)`,
        "JS ≤ 100 KB",
        mark(pedido.js <= 100 * 1024),
      ],
    ];
  } finally {
    await server.stop();
  }
  const table = rows.map((row) => `| ${row.join(" | ")} |`);
  table.splice(1, 0, "| --- | --- | --- | --- |");
  const text = [
    "# Benchmark results",
    "",
    `Run on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${os.cpus().length} cores, Node ${process.version}, ` +
      `${PRODUCERS * PRODUCTS_EACH} offers, ${CONSUMERS} consumers, SQLite synchronous=NORMAL. The load generator shares the machine with the server.`,
    "",
    ...table,
    "",
  ].join("\n");
  // The profiles written by hand below the table stay (they are not measured by this script).
  const resultsFile = path.resolve("tests/bench/RESULTS.md");
  const previous = fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, "utf8") : "";
  const kept = previous.indexOf("\n## Profiles");
  fs.writeFileSync(resultsFile, kept === -1 ? text : text + previous.slice(kept));
  console.log(`\n${text}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
