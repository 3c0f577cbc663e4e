/**
 * The producers' outbox in the service worker (app/service-worker/outbox.ts), on fake-indexeddb
 * with a stubbed fetch: which forms are kept, that they are sent in order, one run at a time,
 * kept while the network fails or the person is signed out, and that each answer is shown
 * once, escaped.
 */
import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  flushOutbox,
  isQueueable,
  outboxNotice,
  queueFormPost,
} from "../../app/service-worker/outbox";
import { forgetOutboxDb, outboxDb } from "../../app/service-worker/outbox-store";
import { formatTime } from "../../app/lib/format";

const ORIGIN = "https://qhatu.test";
const PAGE_KEY = "3f1c2a9e-0d1b-4c55-9a7e-1b2c3d4e5f60";

function formPost(path: string, fields: Record<string, string>) {
  return new Request(ORIGIN + path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });

type Sent = { url: string; body: string; headers: Headers; credentials?: RequestCredentials };
let sent: Sent[];

/** fetch answering each call with `answer` (a Response, or a thrown network error). */
function stubFetch(answer: (call: Sent, index: number) => Response | Promise<Response>) {
  sent = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    const call = {
      url,
      body: String(init.body),
      headers: new Headers(init.headers),
      credentials: init.credentials,
    };
    sent.push(call);
    return answer(call, sent.length - 1);
  });
}

const offline = () => {
  throw new TypeError("Failed to fetch");
};

const queued = async () => (await outboxDb()).getAll("queue");
const page = (path: string) => new URL(ORIGIN + path);

beforeEach(() => {
  // A fresh device for every test.
  vi.stubGlobal("indexedDB", new IDBFactory());
  forgetOutboxDb();
  sent = [];
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe("which forms are kept", () => {
  it.each([
    ["/productor", true],
    ["/productor/", true],
    ["/productor?index", true],
    ["/productor/ofertas", true],
    ["/productor/productos", false],
    ["/productor/ventas", false],
    ["/canasta", false],
    ["/coordinacion/recojo/3", false],
    ["/ingresar", false],
  ])("%s → %s", (path, expected) => {
    expect(isQueueable(page(path))).toBe(expected);
  });
});

describe("queueFormPost", () => {
  it("keeps the body, URL, time and key, and shows the same page again (303)", async () => {
    const before = Date.now();
    const response = await queueFormPost(
      formPost("/productor/ofertas", {
        intent: "update",
        offerId: "7",
        quantity: "12",
        requestKey: `${PAGE_KEY}.offer-7`,
      }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/productor/ofertas");
    const [form] = await queued();
    expect(form).toMatchObject({
      url: `${ORIGIN}/productor/ofertas`,
      requestKey: `${PAGE_KEY}.offer-7`,
    });
    expect(new URLSearchParams(form.body).get("quantity")).toBe("12");
    expect(form.queuedAt).toBeGreaterThanOrEqual(before);
  });

  it("adds a key to a form without one, and goes back to the page without ?index", async () => {
    const response = await queueFormPost(formPost("/productor?index", {}));
    expect(response.headers.get("Location")).toBe("/productor");
    const [form] = await queued();
    expect(form.requestKey).toMatch(/^[\w-]{36}$/);
    expect(new URLSearchParams(form.body).get("requestKey")).toBe(form.requestKey);
  });

  it("keeps a second tap on the same form once", async () => {
    const fields = { requestKey: `${PAGE_KEY}.copy` };
    await queueFormPost(formPost("/productor?index", fields));
    await queueFormPost(formPost("/productor?index", fields));
    expect(await queued()).toHaveLength(1);
  });

  it("gives a new key to the same page's form sent again with other values", async () => {
    const change = (quantity: string) =>
      formPost("/productor/ofertas", {
        intent: "update",
        offerId: "7",
        quantity,
        requestKey: `${PAGE_KEY}.offer-7`,
      });
    await queueFormPost(change("12"));
    await queueFormPost(change("10"));
    const [first, second] = await queued();
    expect(first.requestKey).toBe(`${PAGE_KEY}.offer-7`);
    expect(second.requestKey).not.toBe(first.requestKey);
    // Also once the first was sent: the cached page still carries the sent key.
    stubFetch(() => json({ ok: true, message: "Oca: cambios guardados" }));
    await flushOutbox();
    await queueFormPost(change("8"));
    expect((await queued())[0].requestKey).not.toBe(`${PAGE_KEY}.offer-7`);
  });

  it("does not keep a photo upload: the page says it was not sent", async () => {
    const body = new FormData();
    body.append("photo", new Blob(["x"]), "papa.jpg");
    const response = await queueFormPost(
      new Request(`${ORIGIN}/productor/ofertas`, { method: "POST", body }),
    );
    expect(response.status).toBe(303);
    expect(await queued()).toHaveLength(0);
    expect(await outboxNotice(page("/productor/ofertas"), "es")).toContain(
      "No se envió: sin conexión",
    );
  });

  it("asks for a Background Sync when the browser has it", async () => {
    const register = vi.fn(async () => {});
    vi.stubGlobal("registration", { sync: { register } });
    await queueFormPost(formPost("/productor?index", {}));
    expect(register).toHaveBeenCalledWith("outbox");
  });
});

describe("flushOutbox", () => {
  it("sends the copy form to the index route's action", async () => {
    await queueFormPost(formPost("/productor?index", {}));
    stubFetch(() => json({ ok: true, message: "ok" }));
    await flushOutbox();
    expect(sent[0].url).toBe(`${ORIGIN}/productor?index&_data=routes%2Fproductor._index`);
  });

  async function queueThree() {
    for (const quantity of ["1", "2", "3"])
      await queueFormPost(
        formPost("/productor/ofertas", { intent: "update", offerId: "7", quantity }),
      );
  }

  it("sends in order, with the session cookie and the queued header, and empties the queue", async () => {
    await queueThree();
    stubFetch(() => json({ ok: true, message: "Oca: cambios guardados" }));
    await flushOutbox();
    expect(sent.map((s) => new URLSearchParams(s.body).get("quantity"))).toEqual(["1", "2", "3"]);
    expect(sent.every((s) => s.credentials === "include")).toBe(true);
    expect(sent.every((s) => s.headers.get("X-Qhatu-Queued") === "1")).toBe(true);
    // As a Remix data request, so the action's JSON comes back rather than a page around it.
    expect(sent[0].url).toBe(`${ORIGIN}/productor/ofertas?_data=routes%2Fproductor.ofertas`);
    expect(await queued()).toHaveLength(0);
  });

  it("runs once at a time: calls during a run share it, and nothing is sent twice", async () => {
    await queueThree();
    let inFlight = 0;
    let most = 0;
    stubFetch(async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return json({ ok: true, message: "ok" });
    });
    const first = flushOutbox();
    const second = flushOutbox();
    expect(second).toBe(first);
    await Promise.all([first, second, flushOutbox()]);
    expect(most).toBe(1);
    expect(sent).toHaveLength(3);
  });

  it("keeps everything, in order, while the network fails", async () => {
    await queueThree();
    stubFetch(offline);
    await flushOutbox();
    expect(sent).toHaveLength(1);
    expect(await queued()).toHaveLength(3);
    const notice = await outboxNotice(page("/productor"), "es");
    const time = formatTime(new Date((await queued())[2].queuedAt), "es");
    expect(notice).toContain(`3 cambios por enviar (guardados a las ${time})`);
    // Back online: all three, first one first.
    stubFetch(() => json({ ok: true, message: "ok" }));
    await flushOutbox();
    expect(sent.map((s) => new URLSearchParams(s.body).get("quantity"))).toEqual(["1", "2", "3"]);
  });

  it("keeps a form when the app is not reached (503) or the person was signed out", async () => {
    await queueThree();
    stubFetch(() => new Response("busy", { status: 503 }));
    await flushOutbox();
    expect(await queued()).toHaveLength(3);
    stubFetch(() => json({ ok: false, message: "vuelve a ingresar" }, 401));
    await flushOutbox();
    expect(await queued()).toHaveLength(3);
    expect(await outboxNotice(page("/productor/ofertas"), "es")).toContain(
      "Para enviar tus cambios, vuelve a ingresar con tu cuenta.",
    );
  });

  it("drops a form with its answer on any other answer, refusals included", async () => {
    await queueThree();
    stubFetch((_call, i) =>
      i === 0
        ? json({ ok: true, message: "Oca: cambios guardados" })
        : i === 1
          ? json({ ok: false, message: "Oca: las familias ya reservaron 6" }, 409)
          : new Response("<h1>Error</h1>", {
              status: 500,
              headers: { "Content-Type": "text/html" },
            }),
    );
    await flushOutbox();
    expect(await queued()).toHaveLength(0);
    const notice = await outboxNotice(page("/productor"), "es");
    expect(notice).toContain("Enviado: Oca: cambios guardados");
    expect(notice).toContain("No se aceptó: Oca: las familias ya reservaron 6");
    expect(notice).toContain("No se aceptó: el servidor no lo aceptó (500)");
    expect(notice).not.toContain("por enviar");
  });
});

describe("outboxNotice", () => {
  it("shows each answer once, in the page's language", async () => {
    await queueFormPost(formPost("/productor?index", {}));
    stubFetch(() => json({ ok: true, message: "2 products offered as last week" }));
    await flushOutbox();
    expect(await outboxNotice(page("/productor"), "en")).toContain(
      "Sent: 2 products offered as last week",
    );
    expect(await outboxNotice(page("/productor"), "en")).toBe("");
  });

  it("is empty with nothing to say, and on pages that are not the producer's", async () => {
    expect(await outboxNotice(page("/productor"), "es")).toBe("");
    await queueFormPost(formPost("/productor?index", {}));
    expect(await outboxNotice(page("/canasta"), "es")).toBe("");
    expect(await outboxNotice(page("/productor"), "qu")).toContain("1 t&#39;ikrasqa kachanapaq");
  });

  it("escapes what the server said (product names are typed by people)", async () => {
    await queueFormPost(formPost("/productor?index", {}));
    stubFetch(() =>
      json({ ok: false, message: `<img src=x onerror="alert(1)">: la hora límite pasó` }, 409),
    );
    await flushOutbox();
    const notice = await outboxNotice(page("/productor"), "es");
    expect(notice).not.toContain("<img");
    expect(notice).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(notice).toMatch(/^<div class="notice outbox-notice" role="status">/);
  });
});
