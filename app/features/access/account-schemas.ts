/**
 * The forms of the account page (/cuenta), in zod/mini like app/lib/form-fields.ts: the language
 * and a checkbox per notification channel (a ticked box sends "on", an unticked one nothing);
 * a new password; a new phone or email, then the code sent to it.
 */
import { enum as oneOf, literal, maxLength, object, optional, string } from "zod/mini";
import { LOCALES } from "../../../db/schema-enums";
import { codeField } from "./recovery-schemas";
import { contactField, newPasswordField } from "../../lib/form-fields";

/** Each notification channel and the checkbox that chooses it. */
export const NOTIFY_CHANNEL_FIELDS = [
  { channel: "email", field: "notifyEmail" },
  { channel: "sms", field: "notifySms" },
  { channel: "whatsapp", field: "notifyWhatsapp" },
] as const;

const checkbox = optional(literal("on", { error: "errors.formInvalid" }));

export const AccountSchema = object({
  locale: oneOf(LOCALES, { error: "errors.languageInvalid" }),
  notifyEmail: checkbox,
  notifySms: checkbox,
  notifyWhatsapp: checkbox,
});

/** The page's forms, told apart by their `intent`; the channels form predates it. */
export const ACCOUNT_INTENTS = ["settings", "password", "contact", "confirmContact"] as const;
export type AccountIntent = (typeof ACCOUNT_INTENTS)[number];

export const AccountIntentSchema = object({
  intent: optional(literal(ACCOUNT_INTENTS, { error: "accountAccess.errors.intentInvalid" })),
});

const currentPassword = string({ error: "errors.required" }).check(
  maxLength(128, { error: "errors.passwordTooLong" }),
);

export const PasswordChangeSchema = object({
  intent: literal("password"),
  currentPassword,
  password: newPasswordField,
});

export const ContactChangeSchema = object({
  intent: literal("contact"),
  contact: contactField,
  currentPassword,
});

export const ContactConfirmSchema = object({
  intent: literal("confirmContact"),
  code: codeField,
});
