/** Development: prints the message instead of sending it, so every flow can be seen locally. */
import type { Transport } from "./types.server";

export function logTransport(print: (line: string) => void = console.info): Transport {
  return async (to, message) => {
    const address = to.email ?? to.phone ?? "(no address)";
    print(
      `[notification] to ${to.name} <${address}>\n  ${message.subject}\n  ${message.text.replace(/\n/g, "\n  ")}`,
    );
  };
}
