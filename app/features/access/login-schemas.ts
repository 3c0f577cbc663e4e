/**
 * The log-in, sign-up and language forms.
 * Shared by the server (authoritative) and the browser (instant feedback); zod/mini keeps the
 * browser bundle small. Messages are i18n keys; components translate them.
 */
import { enum as oneOf, maxLength, object, optional, string, superRefine } from "zod/mini";
import { LOCALES } from "../../../db/schema-enums";
import { CUSCO_PROVINCES } from "../../lib/cusco";
import {
  contactField,
  newPasswordField,
  optionalText,
  redirectToField,
  required,
  requiredLine,
} from "../../lib/form-fields";

export const LoginSchema = object({
  contact: contactField,
  password: string(required).check(maxLength(128, { error: "errors.passwordTooLong" })),
  redirectTo: redirectToField,
});

export const SignupSchema = object({
  name: requiredLine(2, 80, { tooShort: "errors.nameTooShort", tooLong: "errors.nameTooLong" }),
  contact: contactField,
  password: newPasswordField,
  locale: oneOf(LOCALES, { error: "errors.chooseOption" }),
  role: oneOf(["consumer", "producer"], { error: "errors.chooseOption" }),
  farmName: optionalText(80),
  community: optionalText(80),
  province: optional(oneOf(CUSCO_PROVINCES, { error: "errors.provinceInvalid" })),
  redirectTo: redirectToField,
}).check(
  superRefine((value, ctx) => {
    if (value.role !== "producer") return;
    for (const field of ["farmName", "province"] as const) {
      if (!value[field]) {
        ctx.issues.push({
          code: "custom",
          path: [field],
          message: "errors.required",
          input: value,
        });
      }
    }
  }),
);

export const LanguageSchema = object({
  locale: oneOf(LOCALES),
  redirectTo: redirectToField,
});
