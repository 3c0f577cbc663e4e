/**
 * The start of an open form that carries a password (log in, sign up, a new password by code):
 * readOpenForm with the password never sent back, and `refuse` for the action's own refusals,
 * which never send it back either.
 */
import type { $ZodType } from "zod/v4/core";
import { refuseForm } from "./forms.server";
import { readOpenForm } from "./open-form.server";

const hideFields = ["password"];

export async function readPasswordForm<Schema extends $ZodType>(request: Request, schema: Schema) {
  const form = await readOpenForm(request, schema, hideFields);
  if (!form.ok) return form;
  const { submission } = form;
  const refuse = (refusal: Omit<NonNullable<Parameters<typeof refuseForm>[1]>, "hideFields">) =>
    refuseForm(submission, { ...refusal, hideFields });
  return { ...form, refuse };
}
