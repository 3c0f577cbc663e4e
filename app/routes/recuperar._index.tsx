import { getFormProps, useForm } from "@conform-to/react";
import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { ContactField, FormErrors, OpenFormSubmit } from "../ui/fields";
import { setFlash } from "../infra/flash.server";
import { getTranslator } from "../infra/i18n.server";
import { parseForm } from "../lib/form-parse";
import { refuseForm } from "../lib/forms.server";
import { readOpenForm } from "../lib/open-form.server";
import { formatPeruvianMobile } from "../lib/phone";
import { publicOrigin } from "../infra/public-origin.server";
import { RecoveryRequestSchema } from "../features/access/recovery-schemas";
import { CODE_TTL_MS, requestPasswordReset } from "../features/access/account-codes.server";
import { clientIp } from "../infra/session.server";
import { titleMeta } from "../lib/meta";

/** "Forgot your password?": the phone or email of the account, to send a code to. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getTranslator(request);
  // "Ask for another" on the code page carries the contact typed there.
  const contact = new URL(request.url).searchParams.get("contacto") ?? "";
  return json({ title: t("recovery.title"), contact: contact.slice(0, 254) });
}

/** Plain forms only: no JavaScript needed (see root.tsx). */
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = titleMeta;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readOpenForm(request, RecoveryRequestSchema);
  if (!form.ok) return form.refusal;
  const { submission } = form;

  const { contact } = submission.value;
  const result = requestPasswordReset({
    contact,
    ip: clientIp(context),
    origin: publicOrigin(request),
  });
  if (result.status === "throttled") {
    return refuseForm(submission, {
      status: 429,
      formErrors: ["recovery.errors.tooManyRequests"],
      retryInMinutes: result.retryInMinutes,
    });
  }
  // The same answer whether or not an account has this contact.
  const shown = contact.kind === "phone" ? formatPeruvianMobile(contact.value) : contact.value;
  const flash = await setFlash({
    key: "recovery.flash.sent",
    values: { contact: shown, minutes: CODE_TTL_MS / 60_000 },
  });
  return redirect(`/recuperar/codigo?${new URLSearchParams({ contacto: contact.value })}`, {
    headers: { "Set-Cookie": flash },
  });
}

export default function RecoveryPage() {
  const { t } = useTranslation();
  const { contact } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<Record<string, unknown>>({
    lastResult,
    defaultValue: { contact },
    onValidate: ({ formData }) => parseForm(formData, RecoveryRequestSchema),
  });
  const wait = lastResult?.retryInMinutes ?? 0;
  return (
    <section className="card narrow" aria-labelledby="recovery-title">
      <h1 id="recovery-title">{t("recovery.title")}</h1>
      <p>{t("recovery.intro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors form={form} values={{ count: wait }} />
        <ContactField field={fields.contact} />
        <OpenFormSubmit label={t("recovery.submit")} />
      </Form>
      <p>
        {t("recovery.haveCode")} <Link to="/recuperar/codigo">{t("recovery.haveCodeLink")}</Link>
      </p>
      <p className="hint">{t("recovery.inPerson")}</p>
    </section>
  );
}
