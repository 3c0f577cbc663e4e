/**
 * Sending the desk's queue (desk-store.ts) to POST /coordinacion/recojo/sincronizar, oldest
 * first, a batch at a time. An action leaves the queue only once the server has answered for
 * it; a lost answer means it is sent again, and its request key makes the resend a no-op.
 */
import { SYNC_BATCH, type SyncResult } from "./desk-copy";
import {
  oldestQueued,
  readDeskState,
  settleQueued,
  type Queued,
  type StoredConflict,
} from "./desk-store";

export type SyncOutcome =
  | { state: "done"; sent: number }
  /** The network failed: everything not answered is still queued. */
  | { state: "offline"; sent: number }
  /** The session ended (logged out elsewhere, expired): the queue waits for a new login. */
  | { state: "session"; sent: number }
  /** The server refused the whole request (a 4xx with words); the queue is kept. */
  | { state: "refused"; sent: number; error: string };

/** Well under the server's 64 KB cap on a request body (app/infra/body-limit.server.ts). */
const SYNC_BODY_BYTES = 48 * 1024;

const bodyOf = (batch: Queued[]) =>
  JSON.stringify({ actions: batch.map(({ seq: _seq, ...action }) => action) });

let running: Promise<SyncOutcome> | null = null;

/** Sends what is queued; calls while a run is under way share it. */
export function sendQueue(): Promise<SyncOutcome> {
  running ??= sendAll().finally(() => {
    running = null;
  });
  return running;
}

async function sendAll(): Promise<SyncOutcome> {
  let sent = 0;
  for (;;) {
    const batch = await oldestQueued(SYNC_BATCH);
    if (batch.length === 0) return { state: "done", sent };
    // Under the server's body cap whatever the orders' sizes: the rest goes in the next turn.
    while (batch.length > 1 && bodyOf(batch).length > SYNC_BODY_BYTES) batch.pop();
    let response: Response;
    try {
      response = await fetch("/coordinacion/recojo/sincronizar", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: bodyOf(batch),
        credentials: "same-origin",
      });
    } catch {
      return { state: "offline", sent };
    }
    const json = /application\/json/.test(response.headers.get("Content-Type") ?? "");
    // A login page (redirected) or a 401/403: not the desk's answer.
    if (response.redirected || response.status === 401 || response.status === 403 || !json) {
      return response.status >= 500 ? { state: "offline", sent } : { state: "session", sent };
    }
    const body = (await response.json()) as { results?: SyncResult[]; error?: string };
    if (!response.ok || !body.results) {
      return { state: "refused", sent, error: body.error ?? String(response.status) };
    }
    const { copy } = await readDeskState();
    const orderOf = (id: number) => copy?.orders.find((o) => o.id === id);
    const answered = new Map(body.results.map((r) => [r.requestKey, r]));
    const seqs = batch.filter((a) => answered.has(a.requestKey)).map((a) => a.seq!);
    const conflicts: StoredConflict[] = body.results
      .filter((r) => r.outcome === "conflict")
      .map((r) => ({
        requestKey: r.requestKey,
        orderId: r.orderId,
        code: orderOf(r.orderId)?.code ?? "",
        name: orderOf(r.orderId)?.name ?? "",
        reason: r.reason!,
        totalCents: r.totalCents,
      }));
    await settleQueued(seqs, conflicts);
    sent += seqs.length;
    // An answer that covered nothing would loop for ever: stop and try again later.
    if (seqs.length === 0) return { state: "refused", sent, error: "" };
  }
}

/** Whether the server answers at all: how the desk finds the network back when the browser never said it was gone. */
export async function serverReachable(): Promise<boolean> {
  try {
    return (await fetch("/healthz", { cache: "no-store" })).ok;
  } catch {
    return false;
  }
}

/** Downloads the day's copy for the desk; null when the network or the session failed. */
export async function downloadDay(dayId: number) {
  try {
    const response = await fetch(`/coordinacion/recojo/mesa?dia=${dayId}`, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok || response.redirected) return null;
    return (await response.json()) as import("./desk-copy").DeskCopy;
  } catch {
    return null;
  }
}
