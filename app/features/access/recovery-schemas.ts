/**
 * The forms of account recovery (/recuperar, /recuperar/codigo), in zod/mini like
 * app/lib/form-fields.ts: the same contact field as login and the same password rules as sign-up.
 */
import { maxLength, object, pipe, string, transform } from "zod/mini";
import { contactField, newPasswordField, required } from "../../lib/form-fields";

/** How many digits a one-time code has (app/features/access/code-crypto.server.ts makes them). */
export const CODE_DIGITS = 6;

/** A one-time code as people type it ("123 456", "123-456"): its six digits. */
export const codeField = pipe(
  string(required).check(maxLength(20, { error: "recovery.errors.codeFormat" })),
  transform((raw, ctx) => {
    const digits = raw.replace(/[\s\-.]/g, "");
    if (!new RegExp(`^\\d{${CODE_DIGITS}}$`).test(digits)) {
      ctx.issues.push({ code: "custom", message: "recovery.errors.codeFormat", input: raw });
    }
    return digits;
  }),
);

export const RecoveryRequestSchema = object({ contact: contactField });

export const RecoveryCodeSchema = object({
  contact: contactField,
  code: codeField,
  password: newPasswordField,
});
