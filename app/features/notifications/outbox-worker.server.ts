/**
 * Delivers the notification outbox. Each run claims due rows (pending, next_attempt_at <= now)
 * by pushing their next_attempt_at a lease ahead inside an IMMEDIATE transaction, then sends
 * outside any transaction and marks each row sent. While the lease lasts no other loop (another
 * process, or this one's next tick) can claim the row; when it runs out — the process died
 * between claim and send, or between send and mark — the row is simply due again. So delivery
 * is at least once, and the dedupe key keeps the same message from being queued twice.
 *
 * A failed send keeps the row pending with attempts + 1, its error, and an exponential backoff;
 * after MAX_ATTEMPTS, or at once for a failure no retry can fix, it is marked failed and kept.
 */
import { and, asc, eq, inArray, lte } from "drizzle-orm";
import { notificationOutbox, orders, users } from "../../../db/schema";
import { db } from "../../infra/db.server";
import { transportsFromEnv } from "./channels.server";
import { renderMessage } from "./render.server";
import { PermanentError, type Recipient, type Transports } from "./types.server";

export const LEASE_MS = 5 * 60_000;
export const BASE_BACKOFF_MS = 30_000;
export const MAX_BACKOFF_MS = 6 * 3600_000;
/** About 8.5 hours of retries with the backoff below before a message is marked failed. */
export const MAX_ATTEMPTS = 10;
const BATCH = 10;

/** The wait before the next try after `attempts` failed ones: 30 s, 1 min, 2 min… capped. */
export function backoffMs(attempts: number) {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

type OutboxRow = typeof notificationOutbox.$inferSelect;

/** Claims up to `limit` due rows for `leaseMs`; the rows returned are this caller's to send. */
export function claimDueNotifications({
  now,
  limit = BATCH,
  leaseMs = LEASE_MS,
}: {
  now: Date;
  limit?: number;
  leaseMs?: number;
}): OutboxRow[] {
  return db().transaction(
    (tx) => {
      const due = tx
        .select()
        .from(notificationOutbox)
        .where(
          and(eq(notificationOutbox.status, "pending"), lte(notificationOutbox.nextAttemptAt, now)),
        )
        .orderBy(asc(notificationOutbox.nextAttemptAt), asc(notificationOutbox.id))
        .limit(limit)
        .all();
      if (due.length === 0) return [];
      tx.update(notificationOutbox)
        .set({ nextAttemptAt: new Date(now.getTime() + leaseMs) })
        .where(
          inArray(
            notificationOutbox.id,
            due.map((r) => r.id),
          ),
        )
        .run();
      return due;
    },
    { behavior: "immediate" },
  );
}

export type WorkerOptions = {
  /** Defaults to the channels configured in the environment. */
  transports?: Transports;
  leaseMs?: number;
  maxAttempts?: number;
  batchSize?: number;
};

export type RunSummary = { sent: number; retrying: number; failed: number };

/**
 * A worker over the outbox. Holds nothing but its transports: a new instance (a restarted
 * process) picks up where an old one stopped.
 */
/**
 * A reminder to pick up an order that has since been cancelled (or expired) would mislead: it
 * is dropped, visibly (failed, with the reason), instead of sent.
 */
function assertStillRelevant(template: string, payload: Record<string, unknown>, now: Date) {
  // A one-time code past its expiry would only confuse: the person asks for another.
  if (isCodeTemplate(template) && !(Number(payload.expiresAt) > now.getTime())) {
    throw new PermanentError("no longer applies: the code has expired");
  }
  if (template !== "pickup_reminder" || typeof payload.orderId !== "number") return;
  const order = db()
    .select({ status: orders.status })
    .from(orders)
    .where(eq(orders.id, payload.orderId))
    .get();
  // Orders are never deleted: only one that exists and no longer stands makes it moot.
  if (order && order.status !== "confirmed") {
    throw new PermanentError(`no longer applies: the order is ${order.status}`);
  }
}

function isCodeTemplate(template: string) {
  return template === "account_code_reset" || template === "account_code_contact";
}

/** Sent to the address in its payload: a code to the address asked for, a reply to who wrote. */
function goesToPayloadAddress(template: string) {
  return isCodeTemplate(template) || template === "command_reply";
}

/**
 * Who a message goes to: the account's own addresses, except for a one-time code, which goes
 * to the address it was asked for (a new phone or email is not on the account yet).
 */
function recipientOf(
  template: string,
  payload: Record<string, unknown>,
  person: { name: string; email: string | null; phone: string | null },
): Recipient {
  if (!goesToPayloadAddress(template)) return person;
  const to = payload.to as { kind?: unknown; value?: unknown } | undefined;
  if (typeof to?.value !== "string" || (to.kind !== "phone" && to.kind !== "email")) {
    throw new PermanentError("payload.to is missing");
  }
  return {
    name: person.name,
    email: to.kind === "email" ? to.value : null,
    phone: to.kind === "phone" ? to.value : null,
  };
}

export function createOutboxWorker(options: WorkerOptions = {}) {
  const transports = options.transports ?? transportsFromEnv();
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const batchSize = options.batchSize ?? BATCH;

  async function deliver(row: OutboxRow, now: Date) {
    // Messages queued for a channel this server does not send on go to the log transport
    // when it is on (development); otherwise they fail, visibly, without retries.
    const transport = transports[row.channel] ?? transports.log;
    if (!transport) throw new PermanentError(`channel ${row.channel} is not configured`);
    const person = row.userId
      ? db()
          .select({
            name: users.name,
            email: users.email,
            phone: users.phone,
            locale: users.locale,
          })
          .from(users)
          .where(eq(users.id, row.userId))
          .get()
      : undefined;
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(row.payload) as Record<string, unknown>;
    } catch {
      throw new PermanentError("payload is not JSON");
    }
    // A reply to a text from a number with no account goes to that number, by no name.
    const recipient =
      person ??
      (row.template === "command_reply"
        ? { name: "", email: null, phone: null, locale: null }
        : undefined);
    if (!recipient) throw new PermanentError("recipient not found");
    assertStillRelevant(row.template, payload, now);
    // The person's language now, not when the message was queued.
    const locale = recipient.locale ?? (typeof payload.locale === "string" ? payload.locale : "es");
    const message = renderMessage({
      template: row.template,
      payload,
      locale,
      name: recipient.name,
    });
    await transport(recipientOf(row.template, payload, recipient), message);
  }

  function markSent(row: OutboxRow) {
    db()
      .update(notificationOutbox)
      .set({ status: "sent", sentAt: new Date(), lastError: null })
      .where(and(eq(notificationOutbox.id, row.id), eq(notificationOutbox.status, "pending")))
      .run();
  }

  function markFailed(row: OutboxRow, error: unknown, now: Date): "retrying" | "failed" {
    const attempts = row.attempts + 1;
    const permanent = error instanceof PermanentError;
    const failed = permanent || attempts >= maxAttempts;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    db()
      .update(notificationOutbox)
      .set({
        attempts,
        lastError: message.slice(0, 1000),
        ...(failed
          ? { status: "failed" as const }
          : { nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)) }),
      })
      .where(and(eq(notificationOutbox.id, row.id), eq(notificationOutbox.status, "pending")))
      .run();
    return failed ? "failed" : "retrying";
  }

  /**
   * Sends what is due at `now`, a batch at a time, until nothing is due or `budgetMs` has gone
   * by (so one tick never runs into the lease of the rows it claimed).
   */
  async function runOnce(now: Date = new Date(), { budgetMs = 60_000 } = {}) {
    const summary: RunSummary = { sent: 0, retrying: 0, failed: 0 };
    const started = Date.now();
    while (Date.now() - started < budgetMs) {
      const rows = claimDueNotifications({ now, limit: batchSize, leaseMs });
      if (rows.length === 0) break;
      await Promise.all(
        rows.map(async (row) => {
          try {
            await deliver(row, now);
          } catch (error) {
            summary[markFailed(row, error, now)]++;
            return;
          }
          markSent(row);
          summary.sent++;
        }),
      );
    }
    return summary;
  }

  return { runOnce };
}

let shared: ReturnType<typeof createOutboxWorker> | undefined;

/** The background loop's job: deliver what is due with the configured transports. */
export function deliverDueNotifications(now: Date) {
  shared ??= createOutboxWorker();
  return shared.runOnce(now);
}
