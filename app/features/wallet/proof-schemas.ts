/**
 * The proof a family sends for a Yape/Plin order (browser-safe: the same rules in the page and
 * the server). The operation number is checked with the shared rule; the model normalizes it.
 * The optional screenshot is a file part, checked by the photo model, not here.
 */
import { enum as oneOf, literal, maxLength, object, refine, string } from "zod/mini";
import { WALLET_APPS } from "../../../db/schema-enums";
import { required } from "../../lib/form-fields";
import { normalizeOperationNumber } from "./wallet-rules";

/** Longest operation number as typed, spaces and dashes included. */
export const MAX_OPERATION_INPUT = 40;

export const ProofSchema = object({
  intent: literal("proof"),
  app: oneOf(WALLET_APPS, { error: "wallet.errors.appRequired" }),
  operationNumber: string(required).check(
    // Aborts: a too long number is not checked again by the rule below (one message, not two).
    maxLength(MAX_OPERATION_INPUT, { error: "wallet.errors.operationInvalid", abort: true }),
    refine((raw) => normalizeOperationNumber(raw) !== null, {
      error: "wallet.errors.operationInvalid",
    }),
  ),
});
