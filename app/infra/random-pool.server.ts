/**
 * Random bytes for the values every request needs (its id and CSP nonce; an order's pickup
 * code), drawn from a block filled by the same CSPRNG 4 KB at a time. `crypto.randomBytes` for
 * a few bytes costs a call into OpenSSL each time: about 6% of an anonymous catalogue page's
 * CPU under load. Each byte is handed out once.
 */
import crypto from "node:crypto";

const BLOCK = 4096;
let pool = Buffer.alloc(0);
let used = BLOCK;

/** `bytes` random bytes, never handed out before (a refill takes a new block, not the old one). */
export function pooledRandomBytes(bytes: number): Buffer {
  if (bytes > BLOCK) return crypto.randomBytes(bytes);
  if (used + bytes > pool.length) {
    pool = crypto.randomFillSync(Buffer.allocUnsafe(BLOCK));
    used = 0;
  }
  const taken = pool.subarray(used, used + bytes);
  used += bytes;
  return taken;
}

export function randomToken(bytes: number, encoding: "hex" | "base64"): string {
  return pooledRandomBytes(bytes).toString(encoding);
}
