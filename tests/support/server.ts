/** Starting the production build as a separate process, for tests that need real HTTP. */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";

export const TEST_SECRET = "concurrency-secret-concurrency-secret!!";

/** A port nobody is listening on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string) {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not start`);
}

/**
 * Starts `node server.js` on a database file; resolves once /healthz answers. With
 * `captureOutput`, what the server prints (its JSON log lines) is kept in `output()`.
 */
export async function startServer(
  databaseFile: string,
  env: Record<string, string> = {},
  { captureOutput = false }: { captureOutput?: boolean } = {},
) {
  const port = await freePort();
  // SERVER_NODE_ARGS="--cpu-prof" profiles the server during a benchmark.
  const nodeArgs = process.env.SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child: ChildProcess = spawn("node", [...nodeArgs, "server.js"], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseFile,
      NODE_ENV: "production",
      SESSION_SECRET: TEST_SECRET,
      DEMO_DATA: "off",
      ...env,
    },
    stdio: ["ignore", captureOutput ? "pipe" : "ignore", "inherit"],
  });
  let printed = "";
  child.stdout?.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
  const origin = `http://localhost:${port}`;
  await waitForHealth(`${origin}/healthz`);
  return {
    origin,
    child,
    output: () => printed,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
