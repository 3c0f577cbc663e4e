/** The small rules behind the server's hardening (the HTTP behaviour is in e2e/hardening.spec.ts). */
import { describe, expect, it } from "vitest";
import {
  bodyLimitFor,
  BodyTooLargeError,
  FORM_BODY_LIMIT,
  isBodyTooLarge,
  PHOTO_BODY_LIMIT,
  WEBHOOK_BODY_LIMIT,
} from "../../app/infra/body-limit.server";
import { loggablePath } from "../../app/infra/logger.server";
import { headerSafeLocation } from "../../app/infra/remix-handler.server";
import { inlineScriptHashes, withScriptHashes } from "../../app/infra/security-headers.server";
import { ProfileSchema } from "../../app/features/producers/coord-producers-schemas";
import { parseForm } from "../../app/lib/form-parse";
import { localPath } from "../../app/lib/form-fields";
import { LoginSchema, SignupSchema } from "../../app/features/access/login-schemas";
import { ProductSchema } from "../../app/features/producers/producer-schemas";

describe("redirect targets", () => {
  it.each([
    ["/feria", "/feria"],
    ["/。evil.example", "/%E3%80%82evil.example"],
    ["/feria?q=🌽", "/feria?q=%F0%9F%8C%BD"],
    ["/productores/ñandú-chacra", "/productores/%C3%B1and%C3%BA-chacra"],
    ["/canasta#resumen", "/canasta#resumen"],
  ])("%s is kept on this site as %s", (target, expected) => {
    expect(localPath(target)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "/.//evil.example",
    "/a/../..//evil.example",
    "/%2e%2e//evil.example",
    "/\\evil.example",
    "https://evil.example",
    "/\tevil",
    "feria",
    `/${"a".repeat(600)}`,
  ])("%s is refused", (target) => {
    expect(localPath(target)).toBeUndefined();
  });

  it("a login form with a refused target logs in without it, not with an error", () => {
    const submission = parseForm(
      new URLSearchParams({ contact: "987654321", password: "x", redirectTo: "//evil.example" }),
      LoginSchema,
    );
    expect(submission.status).toBe("success");
    expect(submission.status === "success" && submission.value.redirectTo).toBeUndefined();
  });

  it("a Location header never carries a character a header cannot", () => {
    expect(headerSafeLocation("/feria?q=🌽 x")).toBe("/feria?q=%F0%9F%8C%BD%20x");
    expect(headerSafeLocation("/ñ")).toBe("/%C3%B1");
    expect(headerSafeLocation("/ya%20codificado")).toBe("/ya%20codificado");
  });
});

describe("invisible characters", () => {
  const signup = (fields: Record<string, string>) =>
    parseForm(
      new URLSearchParams({
        name: "Rosa Quispe",
        contact: "987654321",
        password: "una-clave-larga",
        locale: "es",
        role: "consumer",
        ...fields,
      }),
      SignupSchema,
    );

  it.each([
    ["a right-to-left override in a name", { name: "Rosa \u202eepsiuQ" }],
    ["a zero-width space in a name", { name: "Ro\u200bsa" }],
    ["a right-to-left override in an email", { contact: "rosa@\u202eep.elpmaxe" }],
    ["a format character in a phone number", { contact: "987\u2066654321" }],
    ["a control character in a name", { name: "Rosa\u0007" }],
    ["a line break in a name", { name: "Rosa\nQuispe" }],
  ])("%s is refused with a message", (_, fields) => {
    const result = signup(fields);
    expect(result.status).toBe("error");
    expect(JSON.stringify(result.reply())).toContain("errors.invisibleCharacters");
  });

  it("accents, ñ, apostrophes and Quechua letters are kept", () => {
    expect(signup({ name: "Ñusta Q'illa Huamán" }).status).toBe("success");
  });

  it("texts of several lines keep their line breaks but not hidden characters", () => {
    const profile = (story: string) =>
      parseForm(
        new URLSearchParams({ intent: "profile", farmName: "Chacra", province: "Cusco", story }),
        ProfileSchema,
      ).status;
    expect(profile("Sembramos papa.\nY también oca.")).toBe("success");
    expect(profile("Sembramos\u202e papa")).toBe("error");
    const product = (name: string) =>
      parseForm(
        new URLSearchParams({ intent: "save", name, categoryId: "1", unit: "kg" }),
        ProductSchema,
      ).status;
    expect(product("Papa nativa")).toBe("success");
    expect(product("Papa\u200d nativa")).toBe("error");
  });
});

describe("request body caps", () => {
  it("photo forms get room for a phone photo, webhooks a little, every other form a few KB", () => {
    expect(bodyLimitFor("/productor/productos")).toBe(PHOTO_BODY_LIMIT);
    expect(bodyLimitFor("/coordinacion/canastas/12")).toBe(PHOTO_BODY_LIMIT);
    // The Yape/Plin setup uploads the wallet's QR image; the proof form its screenshot.
    expect(bodyLimitFor("/coordinacion/pagos/yape")).toBe(PHOTO_BODY_LIMIT);
    expect(bodyLimitFor("/pedidos/ABC123")).toBe(PHOTO_BODY_LIMIT);
    expect(bodyLimitFor("/webhooks/stripe")).toBe(WEBHOOK_BODY_LIMIT);
    for (const path of [
      "/canasta",
      "/canasta/confirmar",
      "/ingresar",
      "/coordinacion/recojo/3",
      "/coordinacion/pagos",
    ]) {
      expect(bodyLimitFor(path)).toBe(FORM_BODY_LIMIT);
    }
    expect(PHOTO_BODY_LIMIT).toBeGreaterThan(10 * 1024 * 1024);
    expect(FORM_BODY_LIMIT).toBeLessThanOrEqual(64 * 1024);
  });

  it("the too-large error is recognized through the fetch polyfill's wrapping", () => {
    const wrapped = new Error(`Invalid response body: ${new BodyTooLargeError(10).message}`);
    expect(isBodyTooLarge(wrapped)).toBe(true);
    expect(isBodyTooLarge(new Error("x", { cause: new BodyTooLargeError(10) }))).toBe(true);
    expect(isBodyTooLarge(new Error("Unexpected end of form"))).toBe(false);
  });
});

describe("logs", () => {
  it("keep a query's names, never its values", () => {
    expect(loggablePath("/feria?q=987654321&page=2")).toBe("/feria?q=…&page=…");
    expect(loggablePath("/ingresar?redirectTo=%2Fcuenta")).toBe("/ingresar?redirectTo=…");
    expect(loggablePath("/coordinacion/recojo")).toBe("/coordinacion/recojo");
  });
});

describe("CSP for shared pages", () => {
  it("allows exactly the page's inline scripts by hash, in place of the nonce", () => {
    const html =
      '<script>window.a=1</script><script type="module" src="/build/x.js"></script><script type="module">import "/build/y.js"</script>';
    const hashes = inlineScriptHashes(html);
    expect(hashes).toHaveLength(2);
    const policy = withScriptHashes("default-src 'self'; script-src 'self' 'nonce-abc'", hashes);
    expect(policy).toBe(`default-src 'self'; script-src 'self' ${hashes.join(" ")}`);
    expect(withScriptHashes("script-src 'self' 'nonce-abc'", [])).toBe("script-src 'self'");
  });
});
