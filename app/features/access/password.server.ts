/**
 * Password hashing: argon2id at OWASP's minimum parameters (19 MiB, 2 iterations, 1 lane),
 * through @node-rs/argon2 (prebuilt native binary in the npm package, no build step).
 */
import { hash, hashSync, verify } from "@node-rs/argon2";

const ARGON2ID = 2; // Algorithm.Argon2id (a const enum, which isolated modules cannot import)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** For the seed and tests, which build many rows in one synchronous transaction. */
export function hashPasswordSync(password: string): string {
  return hashSync(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verified against when no account matches, so a wrong contact costs as long as a wrong
// password and response times do not reveal which contacts have accounts.
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("qhatu-dummy-password");
  await verifyPassword(await dummyHash, password);
  return false;
}
