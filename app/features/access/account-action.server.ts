/**
 * What the forms of /cuenta do, one function per `intent`: the channels and language, a new
 * password, a new phone or email, and the code that confirms it. Each parses its own schema;
 * a refusal is a 4xx with the values typed (never a password) and writes nothing.
 */
import { redirect } from "@remix-run/node";
import type { User } from "../../../db/schema";
import { setFlash, type Flash } from "../../infra/flash.server";
import { languageCookie } from "../../infra/i18n.server";
import {
  AccountSchema,
  ContactChangeSchema,
  ContactConfirmSchema,
  NOTIFY_CHANNEL_FIELDS as CHANNELS,
  PasswordChangeSchema,
} from "./account-schemas";
import { parseForm } from "../../lib/form-parse";
import { refuseForm } from "../../lib/forms.server";
import { formatPeruvianMobile } from "../../lib/phone";
import { confirmContactChange, requestContactChange } from "./account-codes.server";
import {
  channelAvailability,
  getNotificationSettings,
  saveNotificationSettings,
} from "../notifications/notifications.server";
import { changePassword, checkCurrentPassword, type Contact } from "./users.server";
import { readSessionId } from "../../infra/session.server";

/** Every password field of the page: never sent back into a form. */
export const PASSWORD_FIELDS = ["currentPassword", "password"];

export function showContact(contact: Contact) {
  return contact.kind === "phone" ? formatPeruvianMobile(contact.value) : contact.value;
}

async function backToAccount(flash: Flash, extra?: string) {
  const headers = new Headers();
  if (extra) headers.append("Set-Cookie", extra);
  headers.append("Set-Cookie", await setFlash(flash));
  return redirect("/cuenta", { headers });
}

export async function saveSettings(user: User, formData: FormData) {
  const submission = parseForm(formData, AccountSchema);
  if (submission.status !== "success") return refuseForm(submission);
  const settings = getNotificationSettings(user.id);
  if (!settings) throw new Response("Not found", { status: 404 });
  const unavailable = channelAvailability(settings);
  const channels: Partial<Record<"email" | "sms" | "whatsapp", boolean>> = {};
  for (const { channel, field } of CHANNELS) {
    const ticked = submission.value[field] === "on";
    if (unavailable[channel]) {
      // The page offers no box for it: a ticked one is a tampered or stale form.
      if (ticked) {
        return refuseForm(submission, {
          fieldErrors: { [field]: ["account.errors.channelUnavailable"] },
        });
      }
      continue;
    }
    channels[channel] = ticked;
  }
  const { locale } = submission.value;
  saveNotificationSettings({ userId: user.id, locale, channels });
  return backToAccount({ key: "account.flash.saved" }, await languageCookie.serialize(locale));
}

/**
 * The refusal when the current password typed is wrong (or its tries are used up), else null:
 * changing the password or the contact asks for it first.
 */
async function refuseWrongPassword(
  user: User,
  submission: Parameters<typeof refuseForm>[0] & { value: { currentPassword: string } },
  ip: string,
) {
  const check = await checkCurrentPassword({
    user,
    password: submission.value.currentPassword,
    ip,
  });
  const hideFields = PASSWORD_FIELDS;
  if (check === "locked") {
    return refuseForm(submission, { status: 429, formErrors: ["errors.loginLocked"], hideFields });
  }
  if (check === "wrong") {
    return refuseForm(submission, {
      fieldErrors: { currentPassword: ["accountAccess.errors.wrongPassword"] },
      hideFields,
    });
  }
  return null;
}

/** A new password: the current one first; every other session of the account then ends. */
export async function savePassword(
  user: User,
  formData: FormData,
  { request, ip }: { request: Request; ip: string },
) {
  const submission = parseForm(formData, PasswordChangeSchema);
  const hideFields = PASSWORD_FIELDS;
  if (submission.status !== "success") return refuseForm(submission, { hideFields });
  const refused = await refuseWrongPassword(user, submission, ip);
  if (refused) return refused;
  await changePassword({
    userId: user.id,
    newPassword: submission.value.password,
    keepSessionId: await readSessionId(request),
  });
  return backToAccount({ key: "accountAccess.flash.passwordChanged" });
}

/**
 * A new phone or email: with the current password (a borrowed session must not be able to move
 * the account to another contact, then reset its password), a code goes to it.
 */
export async function askContactChange(user: User, formData: FormData, { ip }: { ip: string }) {
  const submission = parseForm(formData, ContactChangeSchema);
  const hideFields = PASSWORD_FIELDS;
  if (submission.status !== "success") return refuseForm(submission, { hideFields });
  const refused = await refuseWrongPassword(user, submission, ip);
  if (refused) return refused;
  const { contact } = submission.value;
  const result = requestContactChange({ user, contact, ip });
  if (result.status === "unchanged" || result.status === "taken") {
    return refuseForm(submission, {
      fieldErrors: { contact: [`accountAccess.errors.${result.status}`] },
      hideFields,
    });
  }
  if (result.status === "throttled") {
    return refuseForm(submission, {
      status: 429,
      formErrors: ["recovery.errors.tooManyRequests"],
      hideFields,
      retryInMinutes: result.retryInMinutes,
    });
  }
  return backToAccount({
    key: "accountAccess.flash.codeSent",
    values: { contact: showContact(contact) },
  });
}

/** The code sent to the new phone or email: only now does it replace the old one. */
export function confirmContact(user: User, formData: FormData, { ip }: { ip: string }) {
  const submission = parseForm(formData, ContactConfirmSchema);
  if (submission.status !== "success") return refuseForm(submission);
  const result = confirmContactChange({ userId: user.id, code: submission.value.code, ip });
  if (result.status === "locked") {
    return refuseForm(submission, { status: 429, formErrors: ["errors.loginLocked"] });
  }
  if (result.status === "invalid") {
    return refuseForm(submission, { formErrors: ["recovery.errors.codeInvalid"] });
  }
  if (result.status === "taken") {
    return refuseForm(submission, { status: 409, formErrors: ["accountAccess.errors.taken"] });
  }
  return backToAccount({
    key: "accountAccess.flash.contactChanged",
    values: { contact: showContact(result.contact) },
  });
}
