/**
 * Clean shutdown on SIGTERM (what systemd and container runtimes send) or SIGINT: stop taking
 * connections, let the requests in flight finish (bounded), refuse new requests on open
 * keep-alive connections with a 503, stop the background loop between jobs, checkpoint and
 * close the database, exit 0. Every order acknowledged before is in the database file.
 */
import type { Server } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { NextFunction, Request, Response } from "express";
import { logger } from "./logger.server";

export const SHUTDOWN_TIMEOUT_MS = 10_000;

export function createShutdown({
  stopApp,
  timeoutMs = SHUTDOWN_TIMEOUT_MS,
}: {
  /** Stops background work and closes the database; resolves when done. */
  stopApp: () => Promise<void>;
  timeoutMs?: number;
}) {
  let stopping = false;
  let server: Server | undefined;
  // How long the event loop was held up, over the server's life: the last log line says it,
  // with the memory held, so a slow Saturday (or `npm run bench`) leaves its figures behind.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();

  /** During shutdown: answer nothing new, and close each connection after its answer. */
  function refuseWhenStopping(_req: Request, res: Response, next: NextFunction) {
    if (!stopping) return next();
    res.setHeader("Connection", "close");
    res.setHeader("Retry-After", "5");
    res.status(503).type("text/plain").send("Restarting, try again in a few seconds.");
  }

  async function shutdown(signal: string): Promise<number> {
    if (stopping) return 0;
    stopping = true;
    const started = Date.now();
    logger().info({ signal }, "shutting down: no new connections, finishing requests");
    if (server) {
      const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => {
        logger().warn({ afterMs: timeoutMs }, "requests still running at the deadline: closing");
        server!.closeAllConnections();
      }, timeoutMs);
      await closed;
      clearTimeout(force);
    }
    await stopApp();
    loopDelay.disable();
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    logger().info(
      {
        ms: Date.now() - started,
        eventLoopDelayMs: {
          p50: ms(loopDelay.percentile(50)),
          p99: ms(loopDelay.percentile(99)),
          max: ms(loopDelay.max),
        },
        rssMb: Math.round(process.memoryUsage().rss / 1e6),
        // CPU time of the whole run: per request, a figure that other load on the machine
        // does not change much, unlike requests per second.
        cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
      },
      "stopped cleanly",
    );
    return 0;
  }

  return {
    refuseWhenStopping,
    attach(listening: Server) {
      server = listening;
      for (const signal of ["SIGTERM", "SIGINT"] as const) {
        process.once(signal, () => {
          shutdown(signal).then(
            (code) => flushAndExit(code),
            (error: unknown) => {
              logger().error({ err: error }, "shutdown failed");
              flushAndExit(1);
            },
          );
        });
      }
    },
    shutdown,
  };
}

function flushAndExit(code: number) {
  logger().flush?.();
  process.exit(code);
}
