import { getFormProps, useForm } from "@conform-to/react";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, SelectField } from "../components/fields";
import { setFlash } from "../flash.server";
import { supportedLanguages } from "../i18n";
import { getTranslator, languageCookie } from "../i18n.server";
import { AccountSchema } from "../lib/account-schemas";
import { parseForm } from "../lib/form-parse";
import { readFormData, rejectForm } from "../lib/forms.server";
import { formatPeruvianMobile } from "../lib/phone";
import {
  channelAvailability,
  getNotificationSettings,
  saveNotificationSettings,
} from "../models/notifications.server";
import { requireUser } from "../session.server";

const CHANNELS = [
  { channel: "email", field: "notifyEmail" },
  { channel: "sms", field: "notifySms" },
  { channel: "whatsapp", field: "notifyWhatsapp" },
] as const;

function settingsOf(userId: number) {
  const settings = getNotificationSettings(userId);
  if (!settings) throw new Response("Not found", { status: 404 });
  return settings;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { t } = await getTranslator(request);
  const settings = settingsOf(user.id);
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
  });
}

/** Plain forms only: no JavaScript needed (see root.tsx). */
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Qhatu" }];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseForm(await readFormData(request), AccountSchema);
  if (submission.status !== "success") return rejectForm(submission);
  const settings = settingsOf(user.id);
  const unavailable = channelAvailability(settings);
  const channels: Partial<Record<"email" | "sms" | "whatsapp", boolean>> = {};
  for (const { channel, field } of CHANNELS) {
    const ticked = submission.value[field] === "on";
    if (unavailable[channel]) {
      // The page offers no box for it: a ticked one is a tampered or stale form.
      if (ticked) {
        return rejectForm(submission, {
          fieldErrors: { [field]: ["account.errors.channelUnavailable"] },
        });
      }
      continue;
    }
    channels[channel] = ticked;
  }
  const { locale } = submission.value;
  saveNotificationSettings({ userId: user.id, locale, channels });
  const headers = new Headers();
  headers.append("Set-Cookie", await languageCookie.serialize(locale));
  headers.append("Set-Cookie", await setFlash({ key: "account.flash.saved" }));
  return redirect("/cuenta", { headers });
}

export default function AccountPage() {
  const { t } = useTranslation();
  const { email, phone, locale, chosen, unavailable } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
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
                {meta.errors?.length ? (
                  <p id={meta.errorId} className="field-error">
                    {meta.errors.map((e) => t(e)).join(" ")}
                  </p>
                ) : null}
              </div>
            );
          })}
          {CHANNELS.filter(({ channel }) => unavailable[channel]).map(({ field }) => {
            const meta = fields[field];
            return meta.errors?.length ? (
              <p key={field} id={meta.errorId} className="field-error" role="alert">
                {meta.errors.map((e) => t(e)).join(" ")}
              </p>
            ) : null;
          })}
          {notes.length ? (
            <ul className="hint account-unavailable">
              {notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          ) : null}
        </fieldset>
        <SelectField field={fields.locale} label={t("account.language")}>
          {supportedLanguages.map((lng) => (
            <option key={lng} value={lng} lang={lng}>
              {t(`language.${lng}`)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button primary">
          {t("account.save")}
        </button>
      </Form>
    </section>
  );
}
