/**
 * The offer forms (offer a product, change an offer, pause, resume), read and applied the same
 * way whether the producer sends them from /productor/ofertas or a coordinator sends them for
 * the producer from /coordinacion/productores/:id/ofertas (`by`). The rules themselves live in
 * app/features/producers/producer-offers.server.ts.
 */
import { parseForm } from "../../lib/form-parse";
import { refuseForm } from "../../lib/forms.server";
import { CreateOfferSchema, OfferStatusSchema, UpdateOfferSchema } from "./producer-schemas";
import type { OnBehalf } from "./assisted-producers.server";
import { readRequestKey } from "./request-key";
import type { MarketDay } from "../../../db/schema";
import {
  createOffer,
  setOfferStatus,
  updateOffer,
  type OfferChangeResult,
} from "./producer-offers.server";

export const OFFER_INTENTS = ["create", "update", "pause", "resume"] as const;

/** What one offer form did: the rule's result, or the fields that were not valid. */
export type OfferFormRun = {
  intent: (typeof OFFER_INTENTS)[number] | null;
  /** The product or offer the form was about, when it could be read. */
  productId?: number;
  offerId?: number;
  result:
    | OfferChangeResult
    | { ok: false; error: "invalid"; fieldErrors: Record<string, string[] | null> | null };
};

/**
 * Reads and applies one offer form for `producerId` on `day`, with the form's request key when
 * it carries one (a malformed key is an invalid form, never a change without one).
 */
export function runOfferForm({
  formData,
  producerId,
  day,
  by,
}: {
  formData: FormData;
  producerId: number;
  day: Pick<MarketDay, "id" | "status" | "cutoffAt" | "marketId" | "date">;
  by?: OnBehalf;
}): OfferFormRun {
  const invalid = (fieldErrors: Record<string, string[] | null> | null) =>
    ({ ok: false, error: "invalid", fieldErrors }) as const;
  const key = readRequestKey(formData);
  const rawIntent = formData.get("intent");
  const intent = OFFER_INTENTS.find((i) => i === rawIntent) ?? null;
  if (!key.ok) return { intent, result: invalid({ "": ["errors.formInvalid"] }) };
  const requestKey = key.requestKey;
  if (intent === "create" || intent === "update") {
    const submission = parseForm(
      formData,
      intent === "create" ? CreateOfferSchema : UpdateOfferSchema,
    );
    if (submission.status !== "success") return { intent, result: invalid(submission.error) };
    const value = submission.value;
    const offer = {
      priceCents: value.price,
      quantity: value.quantity,
      perCustomerLimit: value.perCustomerLimit ?? null,
    };
    return "productId" in value
      ? {
          intent,
          productId: value.productId,
          result: createOffer({
            producerId,
            day,
            productId: value.productId,
            offer,
            by,
            requestKey,
          }),
        }
      : {
          intent,
          offerId: value.offerId,
          result: updateOffer({ producerId, day, offerId: value.offerId, offer, by, requestKey }),
        };
  }
  const submission = parseForm(formData, OfferStatusSchema);
  if (submission.status !== "success")
    return { intent, result: invalid({ "": ["errors.formInvalid"] }) };
  const { offerId } = submission.value;
  const status = submission.value.intent === "pause" ? "paused" : "active";
  return {
    intent,
    offerId,
    result: setOfferStatus({ producerId, day, offerId, status, by, requestKey }),
  };
}

/**
 * Applies one offer form for `producerId` on `day`. Returns null when the change was made (the
 * page then redirects), else the refusal to answer with: 400 for bad input, 409 for a rule
 * (closed, already offered, below what is reserved, a request key of another change), each
 * with the values typed. Anything not the producer's (or, with `by`, not of the coordinator's
 * market) is a thrown 404.
 */
export function applyOfferForm(input: Parameters<typeof runOfferForm>[0]) {
  const { formData } = input;
  const formId = String(formData.get("formId") ?? "").slice(0, 40);
  const refuse = (
    fieldErrors: Record<string, string[] | null> | null,
    status = 400,
    reserved?: number,
  ) => refuseForm(formData, { formId, fieldErrors, status, reserved });

  const { result } = runOfferForm(input);
  if (result.ok) return null;
  switch (result.error) {
    case "invalid":
      return refuse(result.fieldErrors);
    case "notFound":
      throw new Response("Not found", { status: 404 });
    case "closed":
      return refuse({ "": ["errors.offersClosed"] }, 409);
    case "keyReused":
      return refuse({ "": ["errors.formInvalid"] }, 409);
    case "alreadyOffered":
      return refuse({ productId: ["errors.alreadyOffered"] }, 409);
    case "belowReserved":
      return refuse({ quantity: ["errors.belowReserved"] }, 409, result.reserved);
  }
}
