/** Small helpers every form action shares. */
import { json } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import { isBodyTooLarge } from "../infra/body-limit.server";
import type { FormReply } from "./form-reply";

/** True when the hidden honeypot field (see app/ui/fields.tsx) was filled: a bot. */
export function isHoneypotFilled(formData: FormData): boolean {
  const value = formData.get("website");
  return typeof value === "string" && value.length > 0;
}

/**
 * The posted form; anything that is not a form (JSON, garbage) is a 415, and a body over its
 * cap (app/infra/body-limit.server.ts) a 413 with the localized "too large" page, never a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch (error) {
    throw unreadableBody(error);
  }
  assertReasonableForm(formData);
  return formData;
}

/** The answer to a body that could not be read: too large (413) or not a form (415). */
export function unreadableBody(error: unknown): Response {
  return isBodyTooLarge(error)
    ? new Response("Request body too large", { status: 413 })
    : new Response("Expected a form submission", { status: 415 });
}

const MAX_FIELDS = 400;
const MAX_LIST_INDEX = 200;

/**
 * Refuses forms no page of ours can produce: too many fields, or list indexes such as
 * "items[1000000000]", which would make the form parser build a huge sparse array and block
 * the server for everyone.
 */
export function assertReasonableForm(formData: FormData) {
  let fields = 0;
  for (const name of formData.keys()) {
    if (++fields > MAX_FIELDS) throw new Response("Too many form fields", { status: 413 });
    for (const match of name.matchAll(/\[(\d+)\]/g)) {
      if (Number(match[1]) > MAX_LIST_INDEX)
        throw new Response("Form list index out of range", { status: 400 });
    }
  }
}

type Replyable = {
  reply(options?: {
    formErrors?: string[];
    fieldErrors?: Record<string, string[]>;
    hideFields?: string[];
  }): SubmissionResult<string[]>;
};

type Refusal = {
  status?: number;
  /** Which form of the page is refused, when the page has several. */
  formId?: string;
  formErrors?: string[];
  fieldErrors?: Record<string, string[] | null> | null;
  /** Fields never sent back (passwords). */
  hideFields?: string[];
  /**
   * False for a plain form whose page should show what is stored, not what was typed; or the
   * names of the only fields to send back.
   */
  keepValues?: boolean | string[];
} & Pick<
  FormReply,
  | "values"
  | "reserved"
  | "shortages"
  | "retryInMinutes"
  | "bundleShortages"
  | "priceChanges"
  | "totalCents"
  | "accept"
  | "existingId"
>;

/**
 * Refuses a form: the one reply (app/lib/form-reply.ts) with its errors and the values typed
 * (never the secrets named in `hideFields`), with a 4xx status so nothing downstream mistakes it
 * for success. `form` is conform's submission for the forms conform drives in the browser (its
 * reply keeps conform's state), or the posted FormData for plain forms, whose values come back
 * flat, by the names posted ("items[0].quantity"), and whose errors are exactly those given.
 */
export function refuseForm(
  form: Replyable | FormData,
  {
    status = 400,
    formId,
    formErrors,
    fieldErrors,
    hideFields,
    keepValues = true,
    ...extras
  }: Refusal = {},
) {
  const reply: FormReply =
    "reply" in form
      ? form.reply({
          formErrors,
          fieldErrors: fieldErrors ? withoutNulls(fieldErrors) : undefined,
          hideFields,
        })
      : {
          error: { ...(formErrors ? { "": formErrors } : {}), ...fieldErrors },
          ...(keepValues
            ? {
                initialValue: typedValues(
                  form,
                  hideFields,
                  keepValues === true ? null : keepValues,
                ),
              }
            : {}),
        };
  return json<FormReply>(
    { ...(formId === undefined ? {} : { formId }), ...reply, ...extras },
    {
      status,
    },
  );
}

function withoutNulls(errors: Record<string, string[] | null>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(errors).filter((entry): entry is [string, string[]] => entry[1] !== null),
  );
}

/** The text fields as posted, by name (files are not typed text), or only those in `only`. */
function typedValues(
  formData: FormData,
  hideFields: string[] = [],
  only: string[] | null = null,
): Record<string, string> {
  return Object.fromEntries(
    [...formData].filter(
      (entry): entry is [string, string] =>
        typeof entry[1] === "string" &&
        !hideFields.includes(entry[0]) &&
        (only === null || only.includes(entry[0])),
    ),
  );
}
