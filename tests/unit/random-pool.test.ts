/** Request ids and CSP nonces come from a pooled block of random bytes: never twice the same. */
import { describe, expect, it } from "vitest";
import { randomToken } from "../../app/infra/random-pool.server";

describe("randomToken", () => {
  it("gives tokens of the asked size, each different, across many refills of the pool", () => {
    const nonces = Array.from({ length: 2000 }, () => randomToken(16, "base64"));
    const ids = Array.from({ length: 2000 }, () => randomToken(6, "hex"));
    expect(nonces.every((n) => Buffer.from(n, "base64").length === 16)).toBe(true);
    expect(ids.every((id) => /^[0-9a-f]{12}$/.test(id))).toBe(true);
    expect(new Set(nonces).size).toBe(nonces.length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("serves a request larger than its block straight from the generator", () => {
    expect(randomToken(5000, "hex")).toMatch(/^[0-9a-f]{10000}$/);
  });
});
