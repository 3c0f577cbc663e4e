/** Small helpers every form action shares. */
import { json } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";

/** True when the hidden honeypot field (see components/fields.tsx) was filled: a bot. */
export function isHoneypotFilled(formData: FormData): boolean {
  const value = formData.get("website");
  return typeof value === "string" && value.length > 0;
}

/** The posted form; anything that is not a form (JSON, garbage) is a 415, never a 500. */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("Expected a form submission", { status: 415 });
  }
}

type Replyable = {
  reply(options?: {
    formErrors?: string[];
    fieldErrors?: Record<string, string[]>;
    hideFields?: string[];
  }): SubmissionResult<string[]>;
};

/**
 * The form comes back with its errors and the values typed (never the secrets named in
 * `hideFields`), with a 4xx status so nothing downstream mistakes it for success.
 */
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
