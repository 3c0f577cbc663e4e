/**
 * The treasurer's forms (shared by browser and server): the wallet's setup at
 * /coordinacion/pagos/yape and the decisions on proofs at /coordinacion/pagos. Messages are
 * i18n keys ("coordPayments.errors.*" or the shared "errors.*").
 */
import { literal, object, optional, pipe, string, transform, trim, maxLength } from "zod/mini";
import { idField, requiredLine, visibleLine, wholeNumber } from "../../lib/form-fields";
import { normalizePeruvianMobile } from "../../lib/phone";

const checkbox = optional(literal("on", { error: "errors.formInvalid" }));

/** An optional Peruvian mobile: empty → null, else its E.164 form (or the field's message). */
const walletNumber = pipe(
  optional(string().check(maxLength(40, { error: "coordPayments.errors.numberInvalid" }))),
  transform((raw, ctx) => {
    const text = (raw ?? "").trim();
    if (!text) return null;
    const e164 = normalizePeruvianMobile(text);
    if (!e164) {
      ctx.issues.push({
        code: "custom",
        message: "coordPayments.errors.numberInvalid",
        input: raw,
      });
    }
    return e164;
  }),
);

/** The wallet's setup; turning it on needs a holder and at least one number. */
export const WalletSettingsSchema = pipe(
  object({
    intent: literal("save"),
    enabled: checkbox,
    holderName: optional(
      string().check(
        trim(),
        maxLength(80, { error: "coordPayments.errors.holderTooLong" }),
        visibleLine,
      ),
    ),
    yapeNumber: walletNumber,
    plinNumber: walletNumber,
    removeQr: checkbox,
    proofWaitMinutes: wholeNumber(10, 1440, { invalid: "coordPayments.errors.waitRange" }),
    verifyLeadHours: wholeNumber(0, 168, { invalid: "coordPayments.errors.leadRange" }),
  }),
  transform((value, ctx) => {
    const holderName = value.holderName ?? "";
    if (value.enabled) {
      if (holderName.length < 2) {
        ctx.issues.push({
          code: "custom",
          message: "coordPayments.errors.holderRequired",
          input: holderName,
          path: ["holderName"],
        });
      }
      if (!value.yapeNumber && !value.plinNumber) {
        ctx.issues.push({
          code: "custom",
          message: "coordPayments.errors.numberRequired",
          input: "",
          path: ["yapeNumber"],
        });
      }
    }
    return { ...value, holderName };
  }),
);

/** The proof's version as the page showed it (wallet-proofs.server.ts proofVersion). */
const seen = optional(string().check(maxLength(64, { error: "errors.formInvalid" })));

/** "Verificar" on a waiting proof. */
export const VerifyProofSchema = object({ intent: literal("verify"), proofId: idField, seen });

/** "Rechazar", with the reason the family is told. */
export const RejectProofSchema = object({
  intent: literal("reject"),
  proofId: idField,
  seen,
  reason: requiredLine(3, 200, {
    tooShort: "coordPayments.errors.reasonTooShort",
    tooLong: "coordPayments.errors.reasonTooLong",
  }),
});

/** "Ya lo devolví" / "No llegó el pago" on a lapsed proof. */
export const SettleLapsedSchema = object({
  intent: literal("settle"),
  proofId: idField,
  outcome: literal(["returned", "notReceived"], { error: "errors.formInvalid" }),
});
