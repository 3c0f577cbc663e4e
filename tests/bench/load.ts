/**
 * The bench's load generator for writes: `connections` keep-alive connections, opened and
 * warmed before the clock starts, each sending its next request as soon as the last is
 * answered.
 *
 * Why not autocannon here: it opens its connections as it starts, all at once, against a
 * server that is already saturated by the first of them. Node 20's libuv accepts one new
 * connection per turn of the event loop, and a turn under full load handles every ready
 * request (about 100 × 2.5 ms), so the last of 100 new connections waited 5–7 s to be accepted:
 * that, not the checkout, was the seconds-long p99 (a bare Node server answering in 2 ms shows
 * the same, see docs/speed.md). A family's browser sends its checkout on the connection that
 * loaded the checkout page, and a reverse proxy keeps its connections to Node open: warm
 * connections are what a rush looks like. Cold ones are measured apart (`coldConnections`).
 */
import http from "node:http";

export type LoadRequest = { path: string; headers: Record<string, string>; body: string };
export type LoadResult = {
  seconds: number;
  /** Requests whose response `accept` took. */
  accepted: number;
  /** Other answers and connection errors. */
  refused: number;
  latencyMs: { p50: number; p99: number; max: number };
};

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

function send(agent: http.Agent, origin: string, request: LoadRequest) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request(
      `${origin}${request.path}`,
      { method: "POST", agent, headers: request.headers },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end(request.body);
  });
}

function round(ms: number) {
  return Math.round(ms * 10) / 10;
}

export async function warmLoad(options: {
  origin: string;
  connections: number;
  requests: LoadRequest[];
  accept: (status: number, headers: http.IncomingHttpHeaders) => boolean;
}): Promise<LoadResult> {
  const { origin, connections, requests, accept } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  // Open every connection first, on a quiet server.
  await Promise.all(
    Array.from({ length: connections }, () =>
      fetchThrough(agent, `${origin}/healthz`).catch(() => undefined),
    ),
  );
  const latencies: number[] = [];
  let next = 0;
  let accepted = 0;
  let refused = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < requests.length) {
        const request = requests[next++];
        const t0 = performance.now();
        try {
          const { status, headers } = await send(agent, origin, request);
          if (accept(status, headers)) accepted++;
          else refused++;
        } catch {
          refused++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    seconds,
    accepted,
    refused,
    latencyMs: {
      p50: round(percentile(latencies, 0.5)),
      p99: round(percentile(latencies, 0.99)),
      max: round(latencies.at(-1) ?? 0),
    },
  };
}

function fetchThrough(agent: http.Agent | false, url: string) {
  return new Promise<void>((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on("end", () => resolve());
      })
      .on("error", reject);
  });
}

/**
 * How long `count` new connections opened at once wait for their first answer (GET /healthz):
 * run while a load saturates the server, it is what a wave of new visitors meets in a rush
 * when Node faces them directly, without a proxy holding connections open.
 */
export async function coldConnections(origin: string, count: number) {
  const latencies = await Promise.all(
    Array.from({ length: count }, async () => {
      const t0 = performance.now();
      await fetchThrough(false, `${origin}/healthz`).catch(() => undefined);
      return performance.now() - t0;
    }),
  );
  latencies.sort((a, b) => a - b);
  return { p50: round(percentile(latencies, 0.5)), max: round(latencies.at(-1) ?? 0) };
}
