/**
 * The secret side of one-time codes (table account_codes). A code is six digits: anyone holding
 * its plain hash could try all million of them, so the database keeps only an HMAC keyed with
 * the session secret, bound to the account and the purpose so that a hash copied onto another
 * row matches nothing. The message that carries a code is rendered when the outbox sends it,
 * so its row holds the code sealed (AES-256-GCM under a key derived from the same secret),
 * never in clear.
 */
import crypto from "node:crypto";
import { env } from "../../infra/env.server";
import { CODE_DIGITS } from "./recovery-schemas";

export type CodePurpose = "reset" | "contact";

/** Six random digits, uniformly (leading zeros kept). */
export function generateCode(): string {
  return crypto
    .randomInt(0, 10 ** CODE_DIGITS)
    .toString()
    .padStart(CODE_DIGITS, "0");
}

function hmac(label: string) {
  return crypto.createHmac("sha256", env().SESSION_SECRET).update(label);
}

export function hashCode({
  userId,
  purpose,
  code,
}: {
  userId: number;
  purpose: CodePurpose;
  code: string;
}): string {
  return hmac(`qhatu/account-code/v1\0${purpose}\0${userId}\0${code}`).digest("base64url");
}

/** Whether `code` is the one behind `codeHash`, compared in constant time. */
export function codeMatches(
  codeHash: string,
  attempt: { userId: number; purpose: CodePurpose; code: string },
): boolean {
  const expected = Buffer.from(codeHash, "base64url");
  const actual = Buffer.from(hashCode(attempt), "base64url");
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

const sealKey = () => hmac("qhatu/account-code-seal/v1").digest();

/** The code encrypted for the outbox row that will carry it: iv, tag and ciphertext, base64url. */
export function sealCode(code: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", sealKey(), iv);
  const sealed = Buffer.concat([cipher.update(code, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64url");
}

/** The code back from `sealCode`, or null when it was not sealed with this secret. */
export function openCode(sealed: string): string | null {
  try {
    const bytes = Buffer.from(sealed, "base64url");
    const decipher = crypto.createDecipheriv("aes-256-gcm", sealKey(), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
