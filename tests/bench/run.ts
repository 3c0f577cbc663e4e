/**
 * `npm run bench` (not part of `npm test`): how fast Qhatu is on this machine, against the
 * production build on a database with 600+ offers and 4,000 consumers.
 *   (a) reservations over HTTP, many consumers at once (a quarter of them with a family basket
 *       beside their items): orders/s, p50/p99, oversell check;
 *   (b) the ceiling: the reservation model called in-process in a loop;
 *   (c) the catalogue /feria: requests/s and latency;
 *   (d) bytes: HTML and JavaScript (gzip) of /feria, /canasta and /pedidos/:codigo;
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
import { createCookie } from "@remix-run/node";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { checkoutForm } from "../support/checkout";
import { freePort, startServer, TEST_SECRET } from "../support/server";
import { spawn } from "node:child_process";

const PRODUCERS = 160;
const PRODUCTS_EACH = 4; // 640 offers
const CONSUMERS = 4000;
const TMP = path.resolve("tests/.tmp");
const DB_FILE = path.join(TMP, "bench.db");
const CEILING_DB_FILE = path.join(TMP, "bench-ceiling.db");

const BUNDLES = 8;
/** What the scene's offers and family baskets cost (the checkout form carries the prices shown). */
const OFFER_PRICE_CENTS = 350;
const BUNDLE_PRICE_CENTS = 1200;

type Scene = {
  marketDayId: number;
  bundleIds: number[];
  slotIds: number[];
  offerIds: number[];
  cookies: string[];
  userIds: number[];
};

async function buildScene(file: string): Promise<Scene> {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  process.env.DATABASE_URL = file;
  process.env.DEMO_DATA = "off";
  const { db, closeDb } = await import("../../app/infra/db.server");
  const { migrateDatabase } = await import("../../db/migrations.server");
  const f = await import("../factories");
  const { cartBundles, cartItems, sessions } = await import("../../db/schema");
  migrateDatabase(db());
  const cookie = createCookie("qhatu_session", { secrets: [TEST_SECRET], path: "/" });
  const scene = await (async () => {
    const market = f.createMarket({ name: "Mercado de carga" });
    const categories = Array.from({ length: 12 }, (_, i) =>
      f.createCategory({ marketId: market.id, slug: `cat-${i}`, position: i }),
    );
    const { day, slots } = f.createMarketDay({
      marketId: market.id,
      date: "2031-06-07",
      ordersOpenAt: new Date(Date.now() - 3600_000),
      cutoffAt: new Date(Date.now() + 86_400_000),
      slotCapacity: 1000,
    });
    const offerIds: number[] = [];
    db().$client.transaction(() => {
      for (let p = 0; p < PRODUCERS; p++) {
        const { producer } = f.createProducer({
          marketId: market.id,
          profile: { province: "Calca", community: `Comunidad ${p}` },
        });
        for (let i = 0; i < PRODUCTS_EACH; i++) {
          const product = f.createProduct({
            producerId: producer.id,
            categoryId: categories[(p + i) % 12].id,
            name: `Papa nativa ${p}-${i}`,
          });
          offerIds.push(
            f.createOffer({
              marketDayId: day.id,
              producerId: producer.id,
              productId: product.id,
              quantity: 2_000,
              priceCents: OFFER_PRICE_CENTS,
            }).id,
          );
        }
      }
    })();
    // Family baskets of four offers each, drawing on the same stock as the items bought alone.
    const bundleIds = Array.from(
      { length: BUNDLES },
      (_, b) =>
        f.createBundle({
          marketId: market.id,
          marketDayId: day.id,
          name: `Canasta ${b}`,
          priceCents: BUNDLE_PRICE_CENTS,
          contents: [0, 1, 2, 3].map((k) => ({
            offerId: offerIds[(b * 41 + k * 7) % offerIds.length],
            quantity: 1 + (k % 2),
          })),
        }).id,
    );
    const cookies: string[] = [];
    const userIds: number[] = [];
    const inserts: { id: string; userId: number }[] = [];
    db().$client.transaction(() => {
      for (let c = 0; c < CONSUMERS; c++) {
        const user = f.createUser({ phone: `+5192${String(c).padStart(7, "0")}` });
        userIds.push(user.id);
        for (let k = 0; k < 3; k++) {
          db()
            .insert(cartItems)
            .values({
              userId: user.id,
              offerId: offerIds[(c * 3 + k * 97) % offerIds.length],
              quantity: 1 + (k % 2),
            })
            .onConflictDoNothing()
            .run();
        }
        if (c % 4 === 0) {
          db()
            .insert(cartBundles)
            .values({ userId: user.id, bundleId: bundleIds[c % BUNDLES], quantity: 1 })
            .run();
        }
        const id = crypto.randomBytes(24).toString("base64url");
        // Fresh 30-day sessions, as after a login (so none is due for its daily extension).
        db()
          .insert(sessions)
          .values({ id, userId: user.id, expiresAt: new Date(Date.now() + 30 * 86_400_000) })
          .run();
        inserts.push({ id, userId: user.id });
      }
    })();
    for (const { id } of inserts) cookies.push((await cookie.serialize(id)).split(";")[0]);
    return {
      marketDayId: day.id,
      bundleIds,
      slotIds: slots.map((s) => s.id),
      offerIds,
      cookies,
      userIds,
    };
  })();
  db().$client.pragma("wal_checkpoint(TRUNCATE)");
  closeDb();
  return scene;
}

function oversold(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const row = db
      .prepare(
        `
      SELECT
        (SELECT count(*) FROM offers WHERE reserved > quantity) AS oversold,
        (SELECT count(*) FROM pickup_slots WHERE booked > capacity) AS overbooked,
        (SELECT count(*) FROM offers o WHERE o.reserved != coalesce((
           SELECT sum(oi.quantity) FROM order_items oi JOIN orders r ON r.id = oi.order_id
           WHERE oi.offer_id = o.id AND r.status IN ('confirmed','pending_payment')), 0)) AS drift,
        (SELECT count(*) FROM orders) AS orders,
        (SELECT count(DISTINCT order_id) FROM order_bundles) AS withBaskets`,
      )
      .get() as {
      oversold: number;
      overbooked: number;
      drift: number;
      orders: number;
      withBaskets: number;
    };
    return row;
  } finally {
    db.close();
  }
}

/**
 * Each consumer's checkout form as their page renders it (with the prices it shows), read
 * before the clock starts: the benchmark measures reserving, not rendering the page.
 */
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
  let next = 0;
  let placed = 0;
  const started = Date.now();
  const result = await autocannon({
    url: `${origin}/canasta/confirmar`,
    connections: 100,
    amount: CONSUMERS,
    requests: [
      {
        method: "POST",
        setupRequest: (request) => {
          const i = next++ % CONSUMERS;
          return {
            ...request,
            headers: {
              ...request.headers,
              "content-type": "application/x-www-form-urlencoded",
              cookie: scene.cookies[i],
            },
            body: new URLSearchParams({
              intent: "confirm",
              slotId: String(scene.slotIds[i % scene.slotIds.length]),
              paymentMethod: "cash",
              idempotencyKey: crypto.randomUUID(),
              seenPrices: forms[i].get("seenPrices") ?? "",
            }).toString(),
          };
        },
        onResponse: (status, _body, _context, headers) => {
          if (status === 302 && String(headers?.location ?? "").startsWith("/pedidos/")) placed++;
        },
      },
    ],
  });
  const seconds = (Date.now() - started) / 1000;
  return { result, placed, seconds };
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
  for (const src of scripts) js += (await gzipBytes(origin + src)).bytes;
  return { html: page.bytes, js, files: scripts.size };
}

async function inProcessCeiling(scene: Scene) {
  const { reserveOrder } = await import("../../app/features/ordering/reserve.server");
  const { closeDb, db, startCheckpointer } = await import("../../app/infra/db.server");
  // As the checkout form sends them: the reservation compares every line against these.
  const seenPrices = {
    offers: new Map(scene.offerIds.map((id) => [id, OFFER_PRICE_CENTS])),
    bundles: new Map(scene.bundleIds.map((id) => [id, BUNDLE_PRICE_CENTS])),
  };
  // Configured as the server is: WAL checkpoints on a timer, not in the commit path.
  const stopCheckpointer = startCheckpointer(db());
  const N = 5000;
  const started = process.hrtime.bigint();
  let ok = 0;
  for (let i = 0; i < N; i++) {
    const result = reserveOrder({
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
    if (result.ok) ok++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  stopCheckpointer();
  closeDb();
  return { perSecond: Math.round(ok / seconds), ok };
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
    const url = `http://localhost:${port}/reservar`;
    await autocannon({ url, method: "POST", connections: 10, amount: 300 }); // warm-up
    let placed = 0;
    const started = Date.now();
    const result = await autocannon({
      url,
      method: "POST",
      connections: 100,
      amount: CONSUMERS,
      requests: [
        {
          method: "POST",
          onResponse: (status) => {
            if (status === 204) placed++;
          },
        },
      ],
    });
    return { perSecond: Math.round(placed / ((Date.now() - started) / 1000)), result };
  } finally {
    child.kill("SIGTERM");
  }
}

type ServerFigures = {
  eventLoopDelayMs?: { p50: number; p99: number; max: number };
  rssMb?: number;
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

async function main() {
  fs.mkdirSync(TMP, { recursive: true });
  console.log("Building the benchmark database…");
  const scene = await buildScene(DB_FILE);
  // (f) gets the scene as it starts, before (a) and (b) use stock and slots (and no WAL of an
  // earlier run, which SQLite would replay onto this copy).
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(CEILING_DB_FILE + suffix, { force: true });
  fs.copyFileSync(DB_FILE, CEILING_DB_FILE);
  const server = await startServer(DB_FILE, {}, { captureOutput: true });
  let rows: string[][] = [];
  try {
    console.log("(c) catalogue…");
    const catalogue = await benchCatalogue(server.origin);
    const catalogueLoggedIn = await benchCatalogue(server.origin, scene.cookies.slice(0, 1000));
    console.log("(d) bytes…");
    const feria = await pageWeight(server.origin, "/feria");
    const canasta = await pageWeight(server.origin, "/canasta", scene.cookies[0]);
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
    const ceiling = await inProcessCeiling(scene);
    console.log("(f) the framework's ceiling…");
    const bare = await benchCeiling(scene);
    const ratio = (perSecond: number) => `${(perSecond / bare.perSecond).toFixed(2)} × (f)`;

    const r = reservations.result;
    const ordersPerSecond = Math.round(reservations.placed / reservations.seconds);
    const loggedIn = catalogueLoggedIn;
    rows = [
      ["measure", "result", "target", ""],
      [
        "(f) ceiling: bare Remix action, one reservation (100 connections)",
        `${bare.perSecond} orders/s, p50 ${bare.result.latency.p50} ms, p99 ${bare.result.latency.p99} ms`,
        "(the unit of the ratios)",
        "",
      ],
      [
        "(a) reservations over HTTP (100 connections)",
        `${ordersPerSecond} orders/s = ${ratio(ordersPerSecond)} (${reservations.placed} orders, ${check.withBaskets} with a family basket, ${r.non2xx - reservations.placed} other non-2xx, ${r.errors} connection errors, ${r.timeouts} timeouts)`,
        "≥ 1,000 orders/s",
        mark(ordersPerSecond >= 1000),
      ],
      [
        "(a) latency p50 / p99",
        `${r.latency.p50} ms / ${r.latency.p99} ms`,
        "p99 ≤ 250 ms",
        mark(r.latency.p99 <= 250),
      ],
      [
        "(a) oversell check",
        `${check.oversold} oversold offers, ${check.overbooked} overbooked slots, ${check.drift} counters adrift`,
        "0",
        mark(check.oversold + check.overbooked + check.drift === 0),
      ],
      [
        "(b) reservation model in-process (1 in 4 with a family basket)",
        `${ceiling.perSecond} orders/s = ${ratio(ceiling.perSecond)}`,
        "≥ 5,000/s",
        mark(ceiling.perSecond >= 5000),
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
  fs.writeFileSync(path.resolve("tests/bench/RESULTS.md"), text);
  console.log(`\n${text}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
