/**
 * The background loop of the server process (no extra server at this scale): each job
 * runs on its own interval, one run at a time, and a failing run is logged and tried again at
 * the next tick instead of stopping the loop. Started by startApp(), never by an import.
 */
import { scheduledBackups } from "./backup.server";
import { logger } from "./logger.server";
import { deliverDueNotifications } from "../features/notifications/outbox-worker.server";
import { queueScheduledNotifications } from "../features/notifications/reminders.server";
import {
  expireAbandonedSessions,
  expireUnpaidHolds,
  refundCancelledPayments,
  refundShortfalls,
} from "../features/payments/payment-jobs.server";

export type BackgroundJob = {
  name: string;
  everyMs: number;
  run: (now: Date) => unknown | Promise<unknown>;
};

/** The jobs the server runs. Each issue adds its own here. */
export function backgroundJobs(): BackgroundJob[] {
  return [
    { name: "notifications", everyMs: 5_000, run: (now) => deliverDueNotifications(now) },
    { name: "reminders", everyMs: 60_000, run: (now) => queueScheduledNotifications(now) },
    { name: "card-holds", everyMs: 30_000, run: (now) => expireUnpaidHolds(now) },
    { name: "card-refunds", everyMs: 30_000, run: (now) => refundCancelledPayments(now) },
    { name: "card-sessions", everyMs: 30_000, run: (now) => expireAbandonedSessions(now) },
    { name: "card-shortfalls", everyMs: 60_000, run: (now) => refundShortfalls(now) },
    // Only when BACKUP_INTERVAL_MINUTES is set (README "Backups").
    ...scheduledBackups(),
  ];
}

/**
 * Starts every job; returns a function that stops them (tests, shutdown) and resolves once
 * the runs in progress have finished: a shutdown never cuts a job in the middle.
 */
export function startBackgroundLoop(jobs: BackgroundJob[] = backgroundJobs()) {
  const running = new Set<Promise<void>>();
  const timers = jobs.map((job) => {
    let busy = false;
    const tick = () => {
      if (busy) return;
      busy = true;
      const run = (async () => {
        try {
          await job.run(new Date());
        } catch (error) {
          logger().error({ err: error, job: job.name }, "background job failed");
        } finally {
          busy = false;
        }
      })();
      running.add(run);
      void run.finally(() => running.delete(run));
    };
    const timer = setInterval(tick, job.everyMs);
    // The loop never keeps the process alive by itself.
    timer.unref();
    return timer;
  });
  return async () => {
    timers.forEach(clearInterval);
    await Promise.all(running);
  };
}
