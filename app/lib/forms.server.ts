/** Small helpers every form action shares. */
import { json } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";

/** True when the hidden honeypot field (see components/fields.tsx) was filled: a bot. */
export function isHoneypotFilled(formData: FormData): boolean {
  const value = formData.get("website");
  return typeof value === "string" && value.length > 0;
}

/**
 * The form comes back with its errors and the values typed (never the secrets named in
 * `hideFields`), with a 4xx status so nothing downstream mistakes it for success.
 */
type Replyable = {
  reply(options?: {
    formErrors?: string[];
    fieldErrors?: Record<string, string[]>;
    hideFields?: string[];
  }): SubmissionResult<string[]>;
};

export function rejectForm(
  submission: Replyable,
  {
    status = 400,
    formErrors,
    fieldErrors,
    hideFields,
  }: {
    status?: number;
    formErrors?: string[];
    fieldErrors?: Record<string, string[]>;
    hideFields?: string[];
  } = {},
) {
  return json(submission.reply({ formErrors, fieldErrors, hideFields }), { status });
}
