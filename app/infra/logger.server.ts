/**
 * The process's one logger: JSON lines on stdout (pino), which systemd's journal, Docker and
 * any log shipper read as they are. Nothing personal goes in: no phone numbers, emails,
 * passwords or cookies (requests are logged by path only, query values hidden; see
 * `loggablePath`), and `redact` drops such fields should a caller ever pass them.
 */
import pino, { type Logger } from "pino";

const PERSONAL_FIELDS = [
  "password",
  "cookie",
  "email",
  "phone",
  "*.password",
  "*.cookie",
  "*.email",
  "*.phone",
  "req.headers.cookie",
  "req.headers.authorization",
  "res.headers['set-cookie']",
];

function defaultLevel() {
  if (process.env.LOG_LEVEL) return process.env.LOG_LEVEL;
  // Vitest's own output is the point there; errors still show.
  return process.env.NODE_ENV === "test" ? "error" : "info";
}

const globalForLogger = globalThis as unknown as { __qhatuLogger?: Logger };

/** The logger (kept on globalThis so `remix dev` reloads reuse it). */
export function logger(): Logger {
  globalForLogger.__qhatuLogger ??= pino({
    level: defaultLevel(),
    base: { app: "qhatu" },
    redact: { paths: PERSONAL_FIELDS, censor: "[hidden]" },
    formatters: { level: (label) => ({ level: label }) },
  });
  return globalForLogger.__qhatuLogger;
}

/** For tests: log into another destination (e.g. a stream they read). */
export function setLogger(next: Logger | undefined) {
  globalForLogger.__qhatuLogger = next;
}

/**
 * A path fit for the log: the query's names are kept (they say what was asked), its values
 * are not (a search, a phone number typed at the desk, a redirect target).
 */
export function loggablePath(originalUrl: string): string {
  const queryAt = originalUrl.indexOf("?");
  if (queryAt < 0) return originalUrl.slice(0, 300);
  const path = originalUrl.slice(0, queryAt).slice(0, 300);
  const names = [
    ...new Set(
      originalUrl
        .slice(queryAt + 1)
        .split("&")
        .map((pair) => pair.split("=")[0])
        .filter(Boolean)
        .map((name) => name.replace(/[^\w.[\]-]/g, "_").slice(0, 40)),
    ),
  ].slice(0, 20);
  return names.length ? `${path}?${names.map((n) => `${n}=…`).join("&")}` : path;
}
