import { getFormProps, useForm } from "@conform-to/react";
import { json } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import {
  askContactChange,
  confirmContact,
  PASSWORD_FIELDS,
  savePassword,
  saveSettings,
  showContact,
} from "../features/access/account-action.server";
import { ContactSection, PasswordSection } from "../ui/AccountAccessForms";
import { FieldError, FormErrors, LanguageField } from "../ui/fields";
import { getTranslator } from "../infra/i18n.server";
import {
  ACCOUNT_INTENTS,
  AccountIntentSchema,
  AccountSchema,
  NOTIFY_CHANNEL_FIELDS as CHANNELS,
  type AccountIntent,
} from "../features/access/account-schemas";
import { parseForm } from "../lib/form-parse";
import type { FormReply } from "../lib/form-reply";
import { formatTime } from "../lib/format";
import { readFormData, refuseForm } from "../lib/forms.server";
import { formatPeruvianMobile } from "../lib/phone";
import { pendingContactChange } from "../features/access/account-codes.server";
import {
  channelAvailability,
  getNotificationSettings,
} from "../features/notifications/notifications.server";
import { clientIp, requireUser } from "../infra/session.server";
import { titleMeta } from "../lib/meta";

function settingsOf(userId: number) {
  const settings = getNotificationSettings(userId);
  if (!settings) throw new Response("Not found", { status: 404 });
  return settings;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { t, locale } = await getTranslator(request);
  const settings = settingsOf(user.id);
  const pending = pendingContactChange({ userId: user.id });
  return json({
    title: t("account.title"),
    email: settings.email,
    phone: settings.phone ? formatPeruvianMobile(settings.phone) : null,
    locale: settings.locale,
    chosen: {
      email: settings.notifyEmail,
      sms: settings.notifySms,
      whatsapp: settings.notifyWhatsapp,
    },
    unavailable: channelAvailability(settings),
    pending: pending
      ? { contact: showContact(pending.contact), until: formatTime(pending.expiresAt, locale) }
      : null,
  });
}

/** Plain forms only: no JavaScript needed (see root.tsx). */
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = titleMeta;

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const intent = parseForm(formData, AccountIntentSchema);
  if (intent.status !== "success") return refuseForm(intent, { hideFields: PASSWORD_FIELDS });
  const ip = clientIp(context);
  // The channels form was the page's only form before it had an intent.
  switch (intent.value.intent ?? "settings") {
    case "settings":
      return saveSettings(user, formData);
    case "password":
      return savePassword(user, formData, { request, ip });
    case "contact":
      return askContactChange(user, formData, { ip });
    case "confirmContact":
      return confirmContact(user, formData, { ip });
  }
}

/** Which form a reply belongs to: the intent it was sent with (none or unknown: the first). */
function intentOf(reply: FormReply | undefined): AccountIntent | null {
  if (!reply) return null;
  const sent = (reply.initialValue as Record<string, unknown> | undefined)?.intent;
  return ACCOUNT_INTENTS.find((intent) => intent === sent) ?? "settings";
}

export default function AccountPage() {
  const { t } = useTranslation();
  const { email, phone, locale, chosen, unavailable, pending } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const replyTo = intentOf(reply);
  const replyFor = (intent: AccountIntent) => (replyTo === intent ? reply : undefined);
  const lastResult = replyFor("settings");
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { locale },
    onValidate: ({ formData }) => parseForm(formData, AccountSchema),
  });
  // After a refused form, show the boxes as they were sent, not as stored.
  const sent = lastResult?.initialValue as Record<string, unknown> | undefined;
  const checked = (channel: "email" | "sms" | "whatsapp", field: string) =>
    sent ? sent[field] === "on" : chosen[channel];
  const labels = {
    email: t("account.email", { address: email ?? "" }),
    sms: t("account.sms", { phone: phone ?? "" }),
    whatsapp: t("account.whatsapp", { phone: phone ?? "" }),
  };
  const notes = [
    !email ? t("account.noEmail") : unavailable.email ? t("account.emailOff") : null,
    !phone ? t("account.noPhone") : null,
    phone && unavailable.sms ? t("account.smsOff") : null,
    phone && unavailable.whatsapp ? t("account.whatsappOff") : null,
  ].filter((note): note is string => note !== null);
  return (
    <section className="card narrow account" aria-labelledby="account-title">
      <h1 id="account-title">{t("account.title")}</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors form={form} />
        <input type="hidden" name="intent" value="settings" />
        <fieldset className="field checkbox-group" aria-describedby="account-channels-hint">
          <legend>{t("account.channels")}</legend>
          <p className="hint" id="account-channels-hint">
            {t("account.intro")} {t("account.noneChosen")}
          </p>
          {CHANNELS.filter(({ channel }) => !unavailable[channel]).map(({ channel, field }) => {
            const meta = fields[field];
            return (
              <div className="checkbox" key={channel}>
                <input
                  type="checkbox"
                  id={meta.id}
                  name={meta.name}
                  defaultChecked={checked(channel, field)}
                  aria-invalid={meta.errors?.length ? true : undefined}
                  aria-describedby={meta.errors?.length ? meta.errorId : undefined}
                />
                <label htmlFor={meta.id}>{labels[channel]}</label>
                <FieldError id={meta.errorId} errors={meta.errors} />
              </div>
            );
          })}
          {CHANNELS.filter(({ channel }) => unavailable[channel]).map(({ field }) => {
            const meta = fields[field];
            return <FieldError key={field} id={meta.errorId} errors={meta.errors} alert />;
          })}
          {notes.length ? (
            <ul className="hint account-unavailable">
              {notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          ) : null}
        </fieldset>
        <LanguageField field={fields.locale} label={t("account.language")} />
        <button type="submit" className="button primary">
          {t("account.save")}
        </button>
      </Form>
      <ContactSection
        phone={phone}
        email={email}
        pending={pending}
        confirmReply={replyFor("confirmContact")}
        changeReply={replyFor("contact")}
        retryInMinutes={reply?.retryInMinutes ?? 0}
      />
      <PasswordSection reply={replyFor("password")} />
    </section>
  );
}
