import { describe, expect, it } from "vitest";
import { parseEnv } from "../../app/env.server";

describe("configuration", () => {
  it("works with nothing set, as .env.example promises", () => {
    expect(parseEnv({})).toMatchObject({
      NODE_ENV: "development",
      PORT: 3000,
      DATABASE_URL: "./data/qhatu.db",
      DATA_DIR: "./data",
      SQLITE_SYNCHRONOUS: "NORMAL",
      DEMO_DATA: "auto",
    });
    expect(parseEnv({}).SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("names each bad variable", () => {
    expect(() => parseEnv({ PORT: "tres mil", SQLITE_SYNCHRONOUS: "OFF" })).toThrow(
      /PORT[\s\S]*SQLITE_SYNCHRONOUS|SQLITE_SYNCHRONOUS[\s\S]*PORT/,
    );
  });

  it("requires a real session secret in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET/);
    expect(() => parseEnv({ NODE_ENV: "production", SESSION_SECRET: "short" })).toThrow(
      /SESSION_SECRET/,
    );
    const secret = "a".repeat(32);
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: secret }).SESSION_SECRET).toBe(
      secret,
    );
  });

  it("treats empty values as unset, so a copied .env.example works", () => {
    expect(parseEnv({ SESSION_SECRET: "", PORT: "" }).PORT).toBe(3000);
  });
});
