/**
 * Form schemas shared by the server (authoritative) and the browser (instant feedback).
 * Messages are i18n keys under "errors.*"; components translate them.
 * Named zod imports keep zod's locale bundle out of the browser build.
 */
import { enum as zodEnum, object, optional, string } from "zod";
import { LOCALES } from "../../db/schema-enums";
import { isCommonPassword } from "./common-passwords";
import { CUSCO_PROVINCES } from "./cusco";
import { normalizePeruvianMobile } from "./phone";

const required = { error: "errors.required" };

/** Phone or email, as a person types it; becomes a tagged, normalized value. */
export const contactField = string(required)
  .trim()
  .max(254, { error: "errors.contactInvalid" })
  .transform((raw, ctx) => {
    if (raw.includes("@")) {
      const email = raw.toLowerCase();
      if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { kind: "email" as const, value: email };
    } else {
      const phone = normalizePeruvianMobile(raw);
      if (phone) return { kind: "phone" as const, value: phone };
    }
    ctx.addIssue({ code: "custom", message: "errors.contactInvalid" });
    return { kind: "email" as const, value: "" };
  });

export const newPasswordField = string(required)
  .min(8, { error: "errors.passwordTooShort" })
  .max(128, { error: "errors.passwordTooLong" })
  .refine((p) => !isCommonPassword(p), { error: "errors.passwordCommon" });

/** Only same-site paths, so a crafted link cannot send people elsewhere after login. */
export const redirectToField = optional(
  string()
    .max(500)
    .refine((p) => p.startsWith("/") && !p.startsWith("//") && !p.startsWith("/\\")),
).catch(undefined);

export const LoginSchema = object({
  contact: contactField,
  password: string(required).max(128, { error: "errors.passwordTooLong" }),
  redirectTo: redirectToField,
});

export const SignupSchema = object({
  name: string(required)
    .trim()
    .min(2, { error: "errors.nameTooShort" })
    .max(80, { error: "errors.nameTooLong" }),
  contact: contactField,
  password: newPasswordField,
  locale: zodEnum(LOCALES, required),
  role: zodEnum(["consumer", "producer"], required),
  farmName: optional(string().trim().max(80, { error: "errors.textTooLong" })),
  community: optional(string().trim().max(80, { error: "errors.textTooLong" })),
  province: optional(zodEnum(CUSCO_PROVINCES, { error: "errors.provinceInvalid" })),
  redirectTo: redirectToField,
}).superRefine((value, ctx) => {
  if (value.role !== "producer") return;
  if (!value.farmName)
    ctx.addIssue({ code: "custom", path: ["farmName"], message: "errors.required" });
  if (!value.province)
    ctx.addIssue({ code: "custom", path: ["province"], message: "errors.required" });
});

export const LanguageSchema = object({
  locale: zodEnum(LOCALES),
  redirectTo: redirectToField,
});
