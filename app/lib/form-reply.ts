/**
 * What an action answers when it refuses a form (always with a 4xx status): conform's
 * SubmissionResult — the errors by field name, "" for the whole form, as i18n keys, and the
 * values typed — plus, where a page needs them, which of the page's forms was refused and the
 * data its messages show. Actions (through `refuseForm` in forms.server.ts) and components share
 * this one type, so `useActionData<typeof action>()` needs no cast.
 */
import type { SubmissionResult } from "@conform-to/react";
import type { BundleShortage, Shortage } from "../features/ordering/availability.server";
import type { PriceChange } from "../features/ordering/seen-prices";

export type FormReply = SubmissionResult<string[]> & {
  /** Which form of the page was refused, when the page has several. */
  formId?: string;
  /** Placeholders of the messages (a total, a date). */
  values?: Record<string, string | number>;
  /** Units already reserved, when an offer's quantity asked was below them. */
  reserved?: number;
  /** The lines an order (or an order change) could not have. */
  shortages?: Shortage[];
  /** The family baskets an order could not have. */
  bundleShortages?: BundleShortage[];
  /** The prices that changed since the page was shown (checkout). */
  priceChanges?: PriceChange[];
  /** The order's total at today's prices, with `priceChanges`. */
  totalCents?: number;
  /** What the button accepting `priceChanges` posts: the same choices and key, the new prices as seen. */
  accept?: { seenPrices: string; slotId: string; paymentMethod: string; idempotencyKey: string };
  /** The market day already on the date a copy would have taken. */
  existingId?: number;
  /** Minutes to wait before asking again for a code. */
  retryInMinutes?: number;
};

/** The reply, if it is for the form `formId`. */
export function replyFor<Reply extends FormReply>(
  reply: Reply | undefined,
  formId: string,
): Reply | undefined {
  return reply?.formId === formId ? reply : undefined;
}

/** The errors of the whole form (not of one field). */
export function formErrorsOf(reply: FormReply | undefined): string[] {
  return reply?.error?.[""] ?? [];
}

/** Every error of the reply, the form's first, then its fields'. */
export function allErrorsOf(reply: FormReply | undefined): string[] {
  return Object.values(reply?.error ?? {})
    .flat()
    .filter((e): e is string => Boolean(e));
}

/** What was typed in the field `name`, if the reply carries it as text. */
export function typedIn(reply: FormReply | undefined, name: string): string | undefined {
  const value = reply?.initialValue?.[name];
  return typeof value === "string" ? value : undefined;
}
