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
import type { MarketDay } from "../../../db/schema";
import {
  createOffer,
  setOfferStatus,
  updateOffer,
  type OfferChangeResult,
} from "./producer-offers.server";

export const OFFER_INTENTS = ["create", "update", "pause", "resume"] as const;

/**
 * Applies one offer form for `producerId` on `day`. Returns null when the change was made (the
 * page then redirects), else the refusal to answer with: 400 for bad input, 409 for a rule
 * (closed, already offered, below what is reserved), each with the values typed. Anything not
 * the producer's (or, with `by`, not of the coordinator's market) is a thrown 404.
 */
export function applyOfferForm({
  formData,
  producerId,
  day,
  by,
}: {
  formData: FormData;
  producerId: number;
  day: Pick<MarketDay, "id" | "status" | "cutoffAt" | "marketId" | "date">;
  by?: OnBehalf;
}) {
  const formId = String(formData.get("formId") ?? "").slice(0, 40);
  const refuse = (
    fieldErrors: Record<string, string[] | null> | null,
    status = 400,
    reserved?: number,
  ) => refuseForm(formData, { formId, fieldErrors, status, reserved });

  let result: OfferChangeResult;
  const intent = formData.get("intent");
  if (intent === "create" || intent === "update") {
    const submission = parseForm(
      formData,
      intent === "create" ? CreateOfferSchema : UpdateOfferSchema,
    );
    if (submission.status !== "success") return refuse(submission.error);
    const value = submission.value;
    const offer = {
      priceCents: value.price,
      quantity: value.quantity,
      perCustomerLimit: value.perCustomerLimit ?? null,
    };
    result =
      "productId" in value
        ? createOffer({ producerId, day, productId: value.productId, offer, by })
        : updateOffer({ producerId, day, offerId: value.offerId, offer, by });
  } else {
    const submission = parseForm(formData, OfferStatusSchema);
    if (submission.status !== "success") return refuse({ "": ["errors.formInvalid"] });
    const { offerId } = submission.value;
    const status = submission.value.intent === "pause" ? "paused" : "active";
    result = setOfferStatus({ producerId, day, offerId, status, by });
  }
  if (result.ok) return null;
  switch (result.error) {
    case "notFound":
      throw new Response("Not found", { status: 404 });
    case "closed":
      return refuse({ "": ["errors.offersClosed"] }, 409);
    case "alreadyOffered":
      return refuse({ productId: ["errors.alreadyOffered"] }, 409);
    case "belowReserved":
      return refuse({ quantity: ["errors.belowReserved"] }, 409, result.reserved);
  }
}
