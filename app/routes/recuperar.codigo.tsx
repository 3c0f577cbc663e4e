import { getFormProps, useForm } from "@conform-to/react";
import { json } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { ContactField, FormErrors, OpenFormSubmit, PasswordField, TextField } from "../ui/fields";
import { setFlash } from "../infra/flash.server";
import { getTranslator } from "../infra/i18n.server";
import { parseForm } from "../lib/form-parse";
import { readPasswordForm } from "../lib/password-form.server";
import { RecoveryCodeSchema } from "../features/access/recovery-schemas";
import { resetPasswordWithCode } from "../features/access/account-codes.server";
import { clientIp, logInAndRedirect } from "../infra/session.server";
import { titleMeta } from "../lib/meta";

/**
 * The code (sent, or given by a coordinator) and a new password. The emailed link fills in the
 * contact and the code (?contacto=…&codigo=…); the request log never shows query values.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getTranslator(request);
  const query = new URL(request.url).searchParams;
  const code = (query.get("codigo") ?? "").replace(/\D/g, "").slice(0, 6);
  return json({
    title: t("recovery.codeTitle"),
    contact: (query.get("contacto") ?? "").slice(0, 254),
    code,
  });
}

/** Plain forms only: no JavaScript needed (see root.tsx). */
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = titleMeta;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readPasswordForm(request, RecoveryCodeSchema);
  if (!form.ok) return form.refusal;
  const { submission, refuse } = form;

  const { contact, code, password } = submission.value;
  const result = await resetPasswordWithCode({
    contact,
    code,
    newPassword: password,
    ip: clientIp(context),
  });
  if (result.status === "locked") {
    return refuse({ status: 429, formErrors: ["errors.loginLocked"] });
  }
  if (result.status === "invalid") {
    // One message for a wrong, expired, used or worn-out code and an unknown contact.
    return refuse({ formErrors: ["recovery.errors.codeInvalid"] });
  }
  // Every session of the account ended with the reset; this one starts afresh.
  const response = await logInAndRedirect(request, result.user, "/");
  response.headers.append("Set-Cookie", await setFlash({ key: "recovery.flash.passwordSet" }));
  return response;
}

export default function RecoveryCodePage() {
  const { t } = useTranslation();
  const { contact, code } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<Record<string, unknown>>({
    lastResult,
    defaultValue: { contact, code },
    onValidate: ({ formData }) => parseForm(formData, RecoveryCodeSchema),
  });
  const typed = (lastResult?.initialValue?.contact as string | undefined) ?? contact;
  return (
    <section className="card narrow" aria-labelledby="recovery-code-title">
      <h1 id="recovery-code-title">{t("recovery.codeTitle")}</h1>
      <p>{t("recovery.codeIntro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors form={form} />
        <ContactField field={fields.contact} />
        <TextField
          field={fields.code}
          label={t("recovery.code")}
          hint={t("recovery.codeHint")}
          inputMode="numeric"
          autoComplete="one-time-code"
        />
        <PasswordField field={fields.password} label={t("recovery.newPassword")} fresh />
        <OpenFormSubmit label={t("recovery.codeSubmit")} />
      </Form>
      <p>
        {t("recovery.askAgain")}{" "}
        <Link to={typed ? `/recuperar?${new URLSearchParams({ contacto: typed })}` : "/recuperar"}>
          {t("recovery.askAgainLink")}
        </Link>
      </p>
    </section>
  );
}
