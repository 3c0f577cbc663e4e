/**
 * The forms of assisted producers (/coordinacion/productores/nuevo and a producer's offers
 * page run by a coordinator). Their fields are the very ones of the producer's own sign-up,
 * profile and product forms, so the same rules apply whoever types them.
 */
import {
  enum as oneOf,
  extend,
  maxLength,
  minLength,
  object,
  omit,
  optional,
  pipe,
  string,
  transform,
  trim,
} from "zod/mini";
import { LOCALES } from "../../../db/schema-enums";
import { ProfileSchema } from "./coord-producers-schemas";
import { normalizePeruvianMobile } from "../../lib/phone";
import { ProductSchema } from "./producer-schemas";
import { SignupSchema } from "../access/login-schemas";
import { visibleLine } from "../../lib/form-fields";

/** A Peruvian mobile as typed at the desk ("984 111 222"), normalized. */
const phoneField = pipe(
  string({ error: "coordAssisted.errors.phoneInvalid" }).check(
    trim(),
    maxLength(30, { error: "coordAssisted.errors.phoneInvalid" }),
    visibleLine,
  ),
  transform((raw, ctx) => {
    const phone = normalizePeruvianMobile(raw);
    if (!phone)
      ctx.issues.push({
        code: "custom",
        message: "coordAssisted.errors.phoneInvalid",
        input: raw,
      });
    return phone ?? "";
  }),
);

/** A Peruvian mobile, or nothing: many of these producers share a phone or have none. */
const optionalPhone = optional(phoneField);

/** The phone an assisted account logs in with, set by a coordinator (/coordinacion/cuentas/:id). */
export const AssistedPhoneSchema = object({
  intent: oneOf(["setPhone"], { error: "errors.formInvalid" }),
  phone: phoneField,
});

export const AssistedSignupSchema = object({
  name: SignupSchema.shape.name,
  farmName: ProfileSchema.shape.farmName,
  community: ProfileSchema.shape.community,
  province: ProfileSchema.shape.province,
  phone: optionalPhone,
  locale: oneOf(LOCALES, { error: "errors.chooseOption" }),
  /** Drawn when the form is shown: the same form sent twice signs the person up once. */
  requestKey: string({ error: "errors.formInvalid" }).check(
    minLength(16, { error: "errors.formInvalid" }),
    maxLength(64, { error: "errors.formInvalid" }),
  ),
});
export type AssistedSignupInput = Omit<
  (typeof AssistedSignupSchema)["_zod"]["output"],
  "requestKey"
>;

/** A new product for the producer: the product form's own fields, without editing or photo. */
export const AssistedProductSchema = extend(
  omit(ProductSchema, { intent: true, productId: true }),
  {
    intent: oneOf(["addProduct"]),
  },
);
