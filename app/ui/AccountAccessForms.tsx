/**
 * The account page's access forms: the phone and email (a new one is confirmed with a code
 * sent to it) and the password. Plain forms, each with its `intent`; a form shows a server
 * reply only when the reply is its own.
 */
import { getFormProps, useForm } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import {
  ContactChangeSchema,
  ContactConfirmSchema,
  PasswordChangeSchema,
} from "../features/access/account-schemas";
import { parseForm } from "../lib/form-parse";
import type { FormReply } from "../lib/form-reply";
import { ContactField, FormErrors, PasswordField, TextField } from "./fields";

type Reply = FormReply | undefined;

export function ContactSection({
  phone,
  email,
  pending,
  confirmReply,
  changeReply,
  retryInMinutes,
}: {
  phone: string | null;
  email: string | null;
  pending: { contact: string; until: string } | null;
  confirmReply: Reply;
  changeReply: Reply;
  retryInMinutes: number;
}) {
  const { t } = useTranslation();
  const [confirmForm, confirmFields] = useForm<Record<string, unknown>>({
    lastResult: confirmReply,
    onValidate: ({ formData }) => parseForm(formData, ContactConfirmSchema),
  });
  const [changeForm, changeFields] = useForm<Record<string, unknown>>({
    lastResult: changeReply,
    onValidate: ({ formData }) => parseForm(formData, ContactChangeSchema),
  });
  return (
    <section className="card" aria-labelledby="account-contacts-title">
      <h2 id="account-contacts-title">{t("accountAccess.contactsTitle")}</h2>
      <dl className="facts">
        <dt>{t("accountAccess.phone")}</dt>
        <dd>{phone ?? t("accountAccess.none")}</dd>
        <dt>{t("accountAccess.email")}</dt>
        <dd>{email ?? t("accountAccess.none")}</dd>
      </dl>
      {pending ? (
        <Form method="post" className="subform" {...getFormProps(confirmForm)}>
          <h3>{t("accountAccess.confirmTitle", { contact: pending.contact })}</h3>
          <p>
            {t("accountAccess.confirmIntro", { contact: pending.contact, time: pending.until })}
          </p>
          <FormErrors form={confirmForm} />
          <input type="hidden" name="intent" value="confirmContact" />
          <TextField
            field={confirmFields.code}
            label={t("accountAccess.code")}
            inputMode="numeric"
            autoComplete="one-time-code"
          />
          <button type="submit" className="button primary">
            {t("accountAccess.confirmSubmit")}
          </button>
        </Form>
      ) : null}
      <Form method="post" {...getFormProps(changeForm)}>
        <p className="hint">{t("accountAccess.contactIntro")}</p>
        <FormErrors form={changeForm} values={{ count: retryInMinutes }} />
        <input type="hidden" name="intent" value="contact" />
        <ContactField
          field={changeFields.contact}
          label={t("accountAccess.newContact")}
          autoComplete="off"
        />
        <CurrentPasswordField field={changeFields.currentPassword} />
        <button type="submit" className="button">
          {t("accountAccess.contactSubmit")}
        </button>
      </Form>
    </section>
  );
}

/** "Your current password": asked before the password or the contact changes; never kept. */
function CurrentPasswordField({ field }: { field: Parameters<typeof PasswordField>[0]["field"] }) {
  const { t } = useTranslation();
  return <PasswordField field={field} label={t("accountAccess.currentPassword")} />;
}

export function PasswordSection({ reply }: { reply: Reply }) {
  const { t } = useTranslation();
  const [form, fields] = useForm<Record<string, unknown>>({
    lastResult: reply,
    onValidate: ({ formData }) => parseForm(formData, PasswordChangeSchema),
  });
  return (
    <section className="card" aria-labelledby="account-password-title">
      <h2 id="account-password-title">{t("accountAccess.passwordTitle")}</h2>
      <Form method="post" {...getFormProps(form)}>
        <p className="hint">{t("accountAccess.passwordIntro")}</p>
        <FormErrors form={form} />
        <input type="hidden" name="intent" value="password" />
        <CurrentPasswordField field={fields.currentPassword} />
        <PasswordField field={fields.password} label={t("accountAccess.newPassword")} fresh />
        <button type="submit" className="button">
          {t("accountAccess.passwordSubmit")}
        </button>
      </Form>
    </section>
  );
}
