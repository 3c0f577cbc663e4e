/**
 * The form of the account page (/cuenta), in zod/mini like app/lib/schemas.ts: the language
 * and a checkbox per notification channel (a ticked box sends "on", an unticked one nothing).
 */
import { enum as oneOf, literal, object, optional } from "zod/mini";
import { LOCALES } from "../../db/schema-enums";

const checkbox = optional(literal("on", { error: "errors.formInvalid" }));

export const AccountSchema = object({
  locale: oneOf(LOCALES, { error: "errors.languageInvalid" }),
  notifyEmail: checkbox,
  notifySms: checkbox,
  notifyWhatsapp: checkbox,
});
