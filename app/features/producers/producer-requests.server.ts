/**
 * Request keys of a producer's offer forms: the same key twice is one change. A phone that
 * lost its signal keeps the form and sends it again later (app/service-worker/outbox.ts), and
 * it cannot know whether the server applied the first try before the answer was lost. Read
 * and written inside the change's own IMMEDIATE transaction, so a key is either used with its
 * change or not at all.
 */
import { eq } from "drizzle-orm";
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

export function recordRequest(
  tx: Tx,
  input: { requestKey: string; producerId: number; target: string; outcome: RequestOutcome },
) {
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
