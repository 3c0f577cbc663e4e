import { describe, expect, it } from "vitest";
import { parseEnv } from "../../app/infra/env.server";

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

  it("refuses one Stripe secret without the other, naming the missing one", () => {
    expect(() => parseEnv({ STRIPE_SECRET_KEY: "sk_test_x" })).toThrow(/STRIPE_WEBHOOK_SECRET/);
    expect(() => parseEnv({ STRIPE_WEBHOOK_SECRET: "whsec_x" })).toThrow(/STRIPE_SECRET_KEY/);
    expect(() => parseEnv({ STRIPE_SECRET_KEY: "sk_test_x", STRIPE_WEBHOOK_SECRET: " " })).toThrow(
      /STRIPE_WEBHOOK_SECRET/,
    );
    expect(
      parseEnv({ STRIPE_SECRET_KEY: "sk_test_x", STRIPE_WEBHOOK_SECRET: "whsec_x" }),
    ).toMatchObject({ STRIPE_SECRET_KEY: "sk_test_x", STRIPE_WEBHOOK_SECRET: "whsec_x" });
    // Neither: card payments are simply off.
    expect(parseEnv({}).STRIPE_SECRET_KEY).toBeUndefined();
  });

  it("takes only an http or https address for the Stripe API", () => {
    for (const bad of ["localhost:3209", "ftp://x", "127.0.0.1:3209", "file:///tmp/stripe"]) {
      expect(() => parseEnv({ STRIPE_API_URL: bad }), bad).toThrow(/STRIPE_API_URL/);
    }
    for (const good of ["http://127.0.0.1:3209", "https://api.stripe.com"]) {
      expect(parseEnv({ STRIPE_API_URL: good }).STRIPE_API_URL).toBe(good);
    }
  });

  it("keeps the origin of PUBLIC_URL for links in messages, and only an http or https one", () => {
    expect(parseEnv({ PUBLIC_URL: "https://feria.example.pe/inicio" }).PUBLIC_URL).toBe(
      "https://feria.example.pe",
    );
    for (const bad of ["feria.example.pe", "javascript:alert(1)", "file:///etc/passwd"]) {
      expect(() => parseEnv({ PUBLIC_URL: bad }), bad).toThrow(/PUBLIC_URL/);
    }
    expect(parseEnv({}).PUBLIC_URL).toBeUndefined();
  });
});
