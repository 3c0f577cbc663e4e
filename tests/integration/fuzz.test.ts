/**
 * docs/invariants.md #9 under a fuzzer: every form of every page, found by crawling the demo
 * market as each role (consumer, producer, coordinator, and nobody), is sent again with
 * malformed, oversized, wrongly typed and wrongly encoded fields, and every page's address
 * with garbage in its query. Through the whole production build (build/index.js, made by the
 * global setup), in process: no answer may be a 5xx, and a refusal (4xx) may write nothing.
 * Fixed seed and bounded, so a failure replays exactly.
 */
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { requestContactChange } from "../../app/features/access/account-codes.server";
import { seedDemo } from "../../db/seed-demo";
import { loggedInCookie } from "../helpers";
import { formsOf, linksOf, type PageForm } from "../support/html-forms";
import { mutatedSubmissions, random, type Submission } from "../support/fuzz-inputs";

const ORIGIN = "http://localhost:3000";
const SUBMISSIONS_PER_FORM = 40;
const PAGES_PER_ROLE = 45;
/**
 * Writes a refused request may still make: a failed login is counted against throttling, and
 * a wrong one-time code against that code (five and it is dead).
 */
const WRITES_ALLOWED_ON_REFUSAL = new Set(["login_attempts", "sessions", "account_codes"]);

type Role = "anonymous" | "consumer" | "producer" | "coordinator";
const ENTRY_PAGES: Record<Role, string[]> = {
  anonymous: [
    "/",
    "/feria",
    "/canasta",
    "/ingresar",
    "/registro",
    "/recuperar",
    "/recuperar/codigo",
  ],
  consumer: ["/", "/feria", "/canasta", "/canasta/confirmar", "/pedidos", "/cuenta"],
  producer: ["/productor", "/productor/ofertas", "/productor/productos", "/productor/preparacion"],
  coordinator: [
    "/coordinacion",
    "/coordinacion/ferias",
    "/coordinacion/ferias/nueva",
    "/coordinacion/productores",
    "/coordinacion/productores/nuevo",
    "/coordinacion/recojo",
    "/coordinacion/canastas",
    "/coordinacion/liquidaciones",
    "/coordinacion/hojas",
    "/coordinacion/cuentas",
    "/coordinacion/pagos",
    "/coordinacion/pagos/yape",
  ],
};
// Logging out would end the role's session; the rest of its pages are what is being tested.
const SKIPPED = /^\/(salir|build|fotos)\b|\.csv$/;

let handle: (request: Request) => Promise<Response>;
const cookies = {} as Record<Role, string>;

beforeAll(async () => {
  // @ts-expect-error -- the production build has no type declarations
  const build = (await import("../../build/index.js")) as ServerBuild;
  handle = createRequestHandler(build, "production");
  seedDemo();
  const userId = (where: string) =>
    (db().$client.prepare(`SELECT id FROM users WHERE ${where}`).get() as { id: number }).id;
  cookies.anonymous = "";
  cookies.consumer = await loggedInCookie(userId("phone = '+51987654321'"));
  cookies.producer = await loggedInCookie(userId("phone = '+51984111222'"));
  cookies.coordinator = await loggedInCookie(userId("email = 'coordinacion@qhatu.pe'"));
  // A producer's offers kept by a coordinator: past the crawl's page budget from the list.
  const demoProducer = db()
    .$client.prepare(
      "SELECT p.id FROM producers p JOIN users u ON u.id = p.user_id WHERE u.phone = '+51984111222'",
    )
    .get() as { id: number };
  ENTRY_PAGES.coordinator.push(`/coordinacion/productores/${demoProducer.id}/ofertas`);
  // The in-person code form, and the demo consumer's /cuenta waiting for a new phone's code.
  const consumerId = userId("phone = '+51987654321'");
  ENTRY_PAGES.coordinator.push(`/coordinacion/cuentas/${consumerId}`);
  requestContactChange({
    user: { id: consumerId, phone: "+51987654321", email: null },
    contact: { kind: "phone", value: "+51987650000" },
    ip: "fuzz",
  });
  recordWrites();
});

/** Temporary triggers that note every row written, by table, on this connection. */
function recordWrites() {
  const client = db().$client;
  client.exec("CREATE TEMP TABLE IF NOT EXISTS fuzz_writes (name TEXT)");
  const tables = client
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  for (const { name } of tables) {
    for (const event of ["INSERT", "UPDATE", "DELETE"]) {
      client.exec(
        `CREATE TEMP TRIGGER IF NOT EXISTS fuzz_${event}_${name} AFTER ${event} ON main."${name}"
         BEGIN INSERT INTO fuzz_writes VALUES ('${name}'); END`,
      );
    }
  }
}

function takeWrites(): string[] {
  const client = db().$client;
  const rows = client.prepare("SELECT name FROM fuzz_writes").all() as { name: string }[];
  client.exec("DELETE FROM fuzz_writes");
  return rows.map((r) => r.name);
}

async function send(role: Role, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (cookies[role]) headers.set("Cookie", cookies[role]);
  headers.set("Accept-Language", "es");
  try {
    return await handle(new Request(ORIGIN + path, { ...init, headers, redirect: "manual" }));
  } catch (error) {
    return new Response(`handler threw: ${String(error)}`, { status: 599 });
  }
}

type Found = { role: Role; page: string; form: PageForm };

/** Pages reachable from the role's entry pages, and the POST forms on them. */
async function crawl(role: Role) {
  const seen = new Set<string>();
  const perPath = new Map<string, number>();
  const queue = [...ENTRY_PAGES[role]];
  const forms: Found[] = [];
  // A catalogue shows the same "add" form on every card: one of each shape is enough.
  const shapes = new Set<string>();
  while (queue.length > 0 && seen.size < PAGES_PER_ROLE) {
    const page = queue.shift()!;
    const pathname = page.split("?")[0];
    if (seen.has(page) || SKIPPED.test(pathname) || (perPath.get(pathname) ?? 0) >= 2) continue;
    seen.add(page);
    perPath.set(pathname, (perPath.get(pathname) ?? 0) + 1);
    const response = await send(role, page);
    if (!response.headers.get("Content-Type")?.includes("text/html")) continue;
    const html = await response.text();
    queue.push(...linksOf(html));
    for (const form of formsOf(html, page)) {
      const target = form.action.split("?")[0];
      const shape = `${target} ${form.fields
        .map((f) => f.name)
        .sort()
        .join(",")}`;
      if (form.method === "post" && !SKIPPED.test(target) && !shapes.has(shape)) {
        shapes.add(shape);
        forms.push({ role, page, form });
      }
    }
  }
  return { pages: [...seen], forms };
}

function encode(submission: Submission, form: PageForm): RequestInit {
  if (submission.raw) {
    return {
      method: "POST",
      body: submission.raw.body,
      headers: submission.raw.contentType ? { "Content-Type": submission.raw.contentType } : {},
    };
  }
  if (form.enctype === "multipart/form-data" || submission.multipart) {
    const data = new FormData();
    for (const [name, value] of submission.fields) data.append(name, value);
    return { method: "POST", body: data };
  }
  const body = new URLSearchParams();
  for (const [name, value] of submission.fields) body.append(name, value as string);
  return {
    method: "POST",
    body,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  };
}

type Failure = { role: Role; target: string; status: number; what: string; detail: string };

describe("fuzzing every form and page as its own role", () => {
  it("never answers 5xx, and a refusal writes nothing", { timeout: 120_000 }, async () => {
    const rand = random(20261204);
    const failures: Failure[] = [];
    let requests = 0;
    let refused = 0;
    const formsSeen: string[] = [];
    for (const role of ["anonymous", "consumer", "producer", "coordinator"] as const) {
      const { pages, forms } = await crawl(role);
      // Pages with garbage in their query.
      for (const page of pages) {
        for (const query of garbageQueries(rand)) {
          const target = `${page.split("?")[0]}?${query}`;
          const response = await send(role, target);
          requests++;
          if (response.status >= 500)
            failures.push({ role, target, status: response.status, what: "GET", detail: query });
        }
      }
      for (const { form } of forms) {
        formsSeen.push(`${role} ${form.action} [${form.fields.map((f) => f.name).join(",")}]`);
        for (const submission of mutatedSubmissions(form, rand, SUBMISSIONS_PER_FORM)) {
          takeWrites();
          const response = await send(role, form.action, encode(submission, form));
          requests++;
          const writes = takeWrites().filter((t) => !WRITES_ALLOWED_ON_REFUSAL.has(t));
          if (response.status >= 400) refused++;
          if (response.status >= 500 || (response.status >= 400 && writes.length > 0)) {
            failures.push({
              role,
              target: form.action,
              status: response.status,
              what: submission.what,
              detail:
                response.status >= 500
                  ? (await response.text()).slice(0, 200)
                  : `wrote ${[...new Set(writes)].join(", ")}`,
            });
          }
        }
      }
    }
    console.log(
      `fuzz: ${formsSeen.length} forms, ${requests} requests, ${refused} refused, ${failures.length} failures`,
    );
    expect(formsSeen.length, formsSeen.join("\n")).toBeGreaterThan(25);
    expect(requests).toBeGreaterThan(1500);
    // Most of what the fuzzer sends is wrong, and is refused as such.
    expect(refused).toBeGreaterThan(requests / 3);
    expect(failures.slice(0, 15)).toEqual([]);
  });
});

/** Query strings a person or a robot might send: wrong types, huge, badly encoded. */
function garbageQueries(rand: () => number): string[] {
  const values = [
    "%FF%FE",
    "%",
    "-1",
    "99999999999999999999",
    "2026-02-30",
    "0000-00-00",
    "🌽".repeat(50),
    "a".repeat(5000),
    "%00",
    "<script>",
    "1e309",
  ];
  const names = [
    "q",
    "page",
    "fecha",
    "categoria",
    "provincia",
    "estado",
    "redirectTo",
    "aviso",
    "de",
    "hecho",
    "dia",
  ];
  return Array.from({ length: 3 }, () => {
    const n = names[Math.floor(rand() * names.length)];
    const v = values[Math.floor(rand() * values.length)];
    return rand() < 0.2 ? `${n}=${v}&${n}=${v}` : `${n}=${v}`;
  });
}
