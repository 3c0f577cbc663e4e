import { describe, expect, it } from "vitest";
import { formatPeruvianMobile, normalizePeruvianMobile } from "../../app/lib/phone";
import { LoginSchema, SignupSchema } from "../../app/features/access/login-schemas";

describe("Peruvian mobile numbers", () => {
  it.each([
    ["987654321", "+51987654321"],
    ["987 654 321", "+51987654321"],
    ["987-654-321", "+51987654321"],
    ["+51987654321", "+51987654321"],
    ["+51 987 654 321", "+51987654321"],
    ["51987654321", "+51987654321"],
    ["0051 987654321", "+51987654321"],
    ["(+51) 987.654.321", "+51987654321"],
  ])("accepts %s as people type it", (input, expected) => {
    expect(normalizePeruvianMobile(input)).toBe(expected);
  });

  it.each(["887654321", "98765432", "9876543210", "084234567", "+1 987654321", "abcdefghi", ""])(
    "refuses %s",
    (input) => {
      expect(normalizePeruvianMobile(input)).toBeNull();
    },
  );

  it("formats for display as +51 9XX XXX XXX", () => {
    expect(formatPeruvianMobile("+51987654321")).toBe("+51 987 654 321");
  });
});

describe("form schemas", () => {
  it("turns a phone or an email into a tagged, normalized contact", () => {
    const phone = LoginSchema.parse({ contact: " 987 654 321 ", password: "x" });
    expect(phone.contact).toEqual({ kind: "phone", value: "+51987654321" });
    const email = LoginSchema.parse({ contact: "Rosa@Example.PE", password: "x" });
    expect(email.contact).toEqual({ kind: "email", value: "rosa@example.pe" });
  });

  it("says which rule a bad sign-up breaks, as translation keys", () => {
    const result = SignupSchema.safeParse({
      name: "R",
      contact: "12345",
      password: "12345678",
      locale: "fr",
      role: "producer",
    });
    expect(result.success).toBe(false);
    const byField = Object.fromEntries(
      result.error!.issues.map((i) => [i.path.join("."), i.message]),
    );
    expect(byField).toMatchObject({
      name: "errors.nameTooShort",
      contact: "errors.contactInvalid",
      password: "errors.passwordCommon",
      locale: "errors.chooseOption",
    });
  });

  it("asks producers for their farm and province", () => {
    const result = SignupSchema.safeParse({
      name: "Juan Mamani",
      contact: "984111222",
      password: "papa nativa de altura",
      locale: "qu",
      role: "producer",
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path[0], i.message])).toEqual([
      ["farmName", "errors.required"],
      ["province", "errors.required"],
    ]);
  });

  it("bounds password length at 8 and 128 with no composition rules", () => {
    const base = { name: "Rosa", contact: "987654321", locale: "es", role: "consumer" };
    expect(SignupSchema.safeParse({ ...base, password: "abcdefg" }).success).toBe(false);
    expect(SignupSchema.safeParse({ ...base, password: "abcdefgh" }).success).toBe(true);
    expect(SignupSchema.safeParse({ ...base, password: "a".repeat(128) }).success).toBe(true);
    expect(SignupSchema.safeParse({ ...base, password: "a".repeat(129) }).success).toBe(false);
  });

  it("only keeps same-site redirect paths", () => {
    const parse = (redirectTo: string) =>
      LoginSchema.parse({ contact: "987654321", password: "x", redirectTo }).redirectTo;
    expect(parse("/pedidos?x=1")).toBe("/pedidos?x=1");
    expect(parse("https://evil.example")).toBeUndefined();
    expect(parse("//evil.example")).toBeUndefined();
    expect(parse("/\\evil.example")).toBeUndefined();
    // Browsers drop tabs and newlines from URLs: "/<tab>/evil" would become "//evil".
    for (const sneaky of [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil",
      "/a b",
      "/x\u0000",
      "/\\/evil",
    ]) {
      expect(parse(sneaky), JSON.stringify(sneaky)).toBeUndefined();
    }
    expect(parse("/feria?categoria=papas#oferta-3")).toBe("/feria?categoria=papas#oferta-3");
  });
});
