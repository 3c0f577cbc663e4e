/**
 * Group commit for the checkout: the reservations that reach the server in the same turn of
 * its event loop are made in one IMMEDIATE transaction, each in its own savepoint
 * (better-sqlite3 nests `reserveOrder`'s transaction as one), so they share one commit and
 * the pages it writes. About half of a reservation's time in-process was its commit.
 *
 * Each reservation is still all or nothing on its own: a refused or failed one rolls back its
 * savepoint only. Nobody is answered before the commit: if the commit fails, every
 * reservation of the batch fails with it, as each would have alone.
 */
import { db } from "../../infra/db.server";
import { reserveOrder, type ReserveInput, type ReserveResult } from "./reserve.server";

/** Enough to share a commit's cost, few enough that one batch holds the loop only briefly. */
const MAX_BATCH = 50;

type Waiting = {
  input: ReserveInput;
  resolve: (result: ReserveResult) => void;
  reject: (error: unknown) => void;
};

const waiting: Waiting[] = [];
let scheduled = false;

/** `reserveOrder`, committed together with the others asked for in this turn of the loop. */
export function reserveOrderSoon(input: ReserveInput): Promise<ReserveResult> {
  return new Promise((resolve, reject) => {
    waiting.push({ input, resolve, reject });
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
}

type Outcome = { ok: true; result: ReserveResult } | { ok: false; error: unknown };

function flush() {
  scheduled = false;
  const batch = waiting.splice(0, MAX_BATCH);
  if (waiting.length > 0) {
    scheduled = true;
    setImmediate(flush);
  }
  const outcomes: Outcome[] = [];
  try {
    db().transaction(
      () => {
        for (const { input } of batch) {
          const outcome = reserveOne(input);
          outcomes.push(outcome);
          // An error that makes SQLite roll the whole transaction back (disk full, I/O) leaves
          // nothing to commit: the batch fails as a whole, below, and nothing runs outside it.
          if (!db().$client.inTransaction) {
            throw outcome.ok
              ? new Error("The reservation batch's transaction ended")
              : outcome.error;
          }
        }
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    for (const { reject } of batch) reject(error);
    return;
  }
  batch.forEach(({ resolve, reject }, i) => {
    const outcome = outcomes[i];
    if (outcome.ok) resolve(outcome.result);
    else reject(outcome.error);
  });
}

function reserveOne(input: ReserveInput): Outcome {
  try {
    return { ok: true, result: reserveOrder(input) };
  } catch (error) {
    return { ok: false, error };
  }
}
