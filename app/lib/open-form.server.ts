/** The start of every action whose form anyone may post: log in, sign up, recover an account. */
import type { $ZodType } from "zod/v4/core";
import { parseForm } from "./form-parse";
import { isHoneypotFilled, readFormData, refuseForm } from "./forms.server";

/**
 * The posted form parsed with `schema`; refused when a bot filled the honeypot or a field is
 * wrong. `hideFields` (passwords) never come back in the refusal.
 */
export async function readOpenForm<Schema extends $ZodType>(
  request: Request,
  schema: Schema,
  hideFields?: string[],
) {
  const formData = await readFormData(request);
  const submission = parseForm(formData, schema);
  if (isHoneypotFilled(formData)) {
    return {
      ok: false as const,
      refusal: refuseForm(submission, { formErrors: ["errors.spam"], hideFields }),
    };
  }
  if (submission.status !== "success") {
    return { ok: false as const, refusal: refuseForm(submission, { hideFields }) };
  }
  return { ok: true as const, submission };
}
