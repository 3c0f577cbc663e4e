/**
 * The desk's queue on the device (IndexedDB through fake-indexeddb): kept in the order recorded,
 * an action removed only once the server has answered for it, a failed network keeping
 * everything, and conflicts kept until dismissed.
 */
import "fake-indexeddb/auto";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { QueuedDeskAction, SyncResult } from "../../app/features/desk/offline/desk-copy";
import {
  dismissConflict,
  enqueue,
  readDeskState,
  saveCopy,
} from "../../app/features/desk/offline/desk-store";
import { sendQueue } from "../../app/features/desk/offline/desk-sync";

const action = (orderId: number): QueuedDeskAction => ({
  requestKey: `key-${orderId}-${crypto.randomUUID()}`,
  orderId,
  version: "v",
  intent: "pickup",
  items: [],
  cashReceivedCents: null,
  recordedAt: new Date().toISOString(),
});

const jsonAnswer = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

afterEach(async () => {
  vi.unstubAllGlobals();
  // Empty the queue and conflicts between tests.
  vi.stubGlobal("fetch", async (_url: string, init: RequestInit) => {
    const { actions } = JSON.parse(String(init.body)) as { actions: QueuedDeskAction[] };
    return jsonAnswer({ results: actions.map((a) => ({ ...a, outcome: "done" })) });
  });
  await sendQueue();
  for (const c of (await readDeskState()).conflicts) await dismissConflict(c.requestKey);
  vi.unstubAllGlobals();
});

describe("the desk's queue", () => {
  it("keeps everything when the network fails, and sends in the order recorded", async () => {
    const queued = [action(1), action(2), action(3)];
    for (const a of queued) await enqueue(a);
    vi.stubGlobal("fetch", () => Promise.reject(new TypeError("Failed to fetch")));
    expect(await sendQueue()).toEqual({ state: "offline", sent: 0 });
    expect((await readDeskState()).queue.map((q) => q.requestKey)).toEqual(
      queued.map((a) => a.requestKey),
    );

    const sent: string[] = [];
    vi.stubGlobal("fetch", async (_url: string, init: RequestInit) => {
      const { actions } = JSON.parse(String(init.body)) as { actions: QueuedDeskAction[] };
      sent.push(...actions.map((a) => a.requestKey));
      return jsonAnswer({
        results: actions.map((a): SyncResult => ({
          requestKey: a.requestKey,
          orderId: a.orderId,
          ...(a.orderId === 2
            ? { outcome: "conflict", reason: "handedElsewhere" }
            : { outcome: "done" }),
        })),
      });
    });
    await saveCopy({
      marketId: 1,
      dayId: 1,
      date: "2026-12-05",
      downloadedAt: new Date().toISOString(),
      orders: [],
    });
    expect(await sendQueue()).toEqual({ state: "done", sent: 3 });
    expect(sent).toEqual(queued.map((a) => a.requestKey));
    const state = await readDeskState();
    expect(state.queue).toEqual([]);
    expect(state.lastSync).not.toBeNull();
    expect(state.conflicts).toMatchObject([{ orderId: 2, reason: "handedElsewhere" }]);
  });

  it("keeps an action the server did not answer for, and the whole queue when logged out", async () => {
    const [first, second] = [action(4), action(5)];
    await enqueue(first);
    await enqueue(second);
    vi.stubGlobal("fetch", async () => jsonAnswer({ error: "Forbidden" }, 403));
    expect((await sendQueue()).state).toBe("session");
    expect((await readDeskState()).queue).toHaveLength(2);
    vi.stubGlobal("fetch", async () =>
      jsonAnswer({ results: [{ requestKey: first.requestKey, orderId: 4, outcome: "done" }] }),
    );
    await sendQueue();
    // The second was never answered: still queued, sent again next time.
    expect((await readDeskState()).queue.map((q) => q.requestKey)).toEqual([second.requestKey]);
  });

  it("shares one run between calls made while it is under way", async () => {
    await enqueue(action(6));
    const fetch = vi.fn(async (_url: string, init: RequestInit) => {
      const { actions } = JSON.parse(String(init.body)) as { actions: QueuedDeskAction[] };
      return jsonAnswer({ results: actions.map((a) => ({ ...a, outcome: "done" })) });
    });
    vi.stubGlobal("fetch", fetch);
    const [a, b] = await Promise.all([sendQueue(), sendQueue()]);
    expect(a).toEqual(b);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("sends a queue too large for one request in turns, each under the server's cap", async () => {
    const big = (orderId: number) => ({
      ...action(orderId),
      items: Array.from({ length: 100 }, (_, i) => ({ id: 100_000 + i, delivered: 999 })),
    });
    for (let n = 0; n < 30; n++) await enqueue(big(100 + n));
    const sizes: number[] = [];
    vi.stubGlobal("fetch", async (_url: string, init: RequestInit) => {
      sizes.push(String(init.body).length);
      const { actions } = JSON.parse(String(init.body)) as { actions: QueuedDeskAction[] };
      return jsonAnswer({ results: actions.map((a) => ({ ...a, outcome: "done" })) });
    });
    expect(await sendQueue()).toEqual({ state: "done", sent: 30 });
    expect(sizes.length).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThan(64 * 1024);
  });
});
