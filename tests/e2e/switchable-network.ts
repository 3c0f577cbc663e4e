/**
 * A network the test can cut: a TCP relay in front of the test server. Playwright's
 * `context.setOffline` does not reach a service worker's own fetches, so an offline test talks
 * to the app through this relay and "loses the signal" by closing it (every connection dropped,
 * new ones refused at once) as well as setting the context offline (navigator.onLine).
 */
import net from "node:net";
import type { BrowserContext } from "@playwright/test";
import { BASE_URL } from "../../playwright.config";

export type SwitchableNetwork = {
  /** The app's address through the relay: open pages here, not at baseURL. */
  url: string;
  goOffline(context: BrowserContext): Promise<void>;
  goOnline(context: BrowserContext): Promise<void>;
  close(): Promise<void>;
};

export async function switchableNetwork(): Promise<SwitchableNetwork> {
  const target = new URL(BASE_URL);
  const sockets = new Set<net.Socket>();
  let online = true;
  const server = net.createServer((client) => {
    if (!online) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://localhost:${port}`,
    async goOffline(context) {
      online = false;
      for (const socket of sockets) socket.destroy();
      await context.setOffline(true);
    },
    async goOnline(context) {
      online = true;
      await context.setOffline(false);
    },
    close: () =>
      new Promise<void>((resolve) => {
        online = false;
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
