/**
 * Request keys of a producer's offer forms: the same key twice is one change. A phone that
 * lost its signal keeps the form and sends it again later (app/service-worker/outbox.ts), and
 * it cannot know whether the server applied the first try before the answer was lost. Read
 * and written inside the change's own IMMEDIATE transaction, so a key is either used with its
 * change or not at all.
 */
import { eq, lt } from "drizzle-orm";
import { producerRequests } from "../../../db/schema";
import type { Tx } from "../../infra/db.server";

/** What a change did, answered again when its key comes back. */
export type RequestOutcome = { kind: "saved" } | { kind: "copied"; count: number };

export type Replay =
  { ok: true; repeated: true; outcome: RequestOutcome } | { ok: false; error: "keyReused" };

/**
 * A key already used: the first answer again, or a refusal when the key was used by another
 * producer or for another change (a forged or mixed-up key never counts as "already done").
 */
export function replayOfRequest(
  tx: Tx,
  { requestKey, producerId, target }: { requestKey: string; producerId: number; target: string },
): Replay | null {
  const seen = tx
    .select()
    .from(producerRequests)
    .where(eq(producerRequests.requestKey, requestKey))
    .get();
  if (!seen) return null;
  if (seen.producerId !== producerId || seen.target !== target)
    return { ok: false, error: "keyReused" };
  return { ok: true, repeated: true, outcome: readOutcome(seen.outcome) };
}

/**
 * How long a key is kept: far longer than a phone stays offline before a market day's cutoff
 * (a week), short enough that the table stays small without a job of its own.
 */
export const REQUEST_KEYS_KEPT_MS = 60 * 24 * 3600_000;

export function recordRequest(
  tx: Tx,
  input: { requestKey: string; producerId: number; target: string; outcome: RequestOutcome },
  now = new Date(),
) {
  // Keys older than any change still to come are let go here (an indexed range, a few rows).
  tx.delete(producerRequests)
    .where(lt(producerRequests.createdAt, new Date(now.getTime() - REQUEST_KEYS_KEPT_MS)))
    .run();
  tx.insert(producerRequests)
    .values({ ...input, outcome: JSON.stringify(input.outcome) })
    .run();
}

function readOutcome(stored: string): RequestOutcome {
  try {
    const parsed = JSON.parse(stored) as Partial<{ kind: string; count: number }>;
    if (parsed.kind === "copied") return { kind: "copied", count: Number(parsed.count) || 0 };
  } catch {
    // A row we wrote ourselves is always JSON; anything else reads as a plain "saved".
  }
  return { kind: "saved" };
}
