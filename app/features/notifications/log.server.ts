/**
 * Development and tests: prints the message instead of sending it, so every flow can be seen
 * locally. The address is masked (the log must not collect phone numbers or emails); the text
 * is whole, since reading it is the point. NOTIFY_LOG_FILE also appends each message to a file
 * (the end-to-end tests read one-time codes from it).
 */
import fs from "node:fs";
import type { Transport } from "./types.server";

/** "+51987654321" → "+51 9•• ••• 321", "rosa.quispe@example.pe" → "r•••@example.pe". */
export function maskAddress(address: string | null): string {
  if (!address) return "(no address)";
  const at = address.indexOf("@");
  if (at > 0) return `${address[0]}•••${address.slice(at)}`;
  const digits = address.replace(/\D/g, "");
  return `+${digits.slice(0, 2)} ${digits[2] ?? ""}•• ••• ${digits.slice(-3)}`;
}

export function logTransport(
  print: (line: string) => void = console.info,
  file = process.env.NOTIFY_LOG_FILE,
): Transport {
  return async (to, message) => {
    const line = `[notification] to ${to.name} <${maskAddress(to.email ?? to.phone)}>\n  ${message.subject}\n  ${message.text.replace(/\n/g, "\n  ")}`;
    print(line);
    if (file) fs.appendFileSync(file, `${line}\n`);
  };
}
