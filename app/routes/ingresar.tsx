import { getFormProps, useForm } from "@conform-to/react";
import { json } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { ContactField, FormErrors, Honeypot, PasswordField } from "../ui/fields";
import { getTranslator } from "../infra/i18n.server";
import { refuseForm } from "../lib/forms.server";
import { readOpenForm } from "../lib/open-form.server";
import { parseForm } from "../lib/form-parse";
import { LoginSchema } from "../features/access/login-schemas";
import { attemptLogin } from "../features/access/users.server";
import { clientIp, logInAndRedirect, redirectIfLoggedIn } from "../infra/session.server";
import { titleMeta } from "../lib/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = await redirectIfLoggedIn(request);
  const { t } = await getTranslator(request);
  return json({ title: t("login.title"), redirectTo: redirectTo ?? "" });
}

/**
 * Plain forms, checked by the server: no JavaScript (see root.tsx). Conform and zod in the
 * browser would add 21 KB gzip for checks the server makes anyway (issue 14's 100 KB budget).
 */
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = titleMeta;

export async function action({ request, context }: ActionFunctionArgs) {
  const hideFields = ["password"];
  const form = await readOpenForm(request, LoginSchema, hideFields);
  if (!form.ok) return form.refusal;
  const { submission } = form;

  const { contact, password, redirectTo } = submission.value;
  const result = await attemptLogin({ contact, password, ip: clientIp(context) });
  if (result.status === "locked") {
    return refuseForm(submission, { status: 429, formErrors: ["errors.loginLocked"], hideFields });
  }
  if (result.status === "invalid") {
    return refuseForm(submission, { formErrors: ["errors.loginInvalid"], hideFields });
  }
  return logInAndRedirect(request, result.user, redirectTo);
}

export default function LoginPage() {
  const { t } = useTranslation();
  const { redirectTo } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseForm(formData, LoginSchema),
  });
  return (
    <section className="card narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t("login.title")}</h1>
      <Form method="post" reloadDocument {...getFormProps(form)}>
        <FormErrors form={form} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <ContactField field={fields.contact} />
        <PasswordField field={fields.password} label={t("fields.password")} clearOn={lastResult} />
        <Honeypot />
        <button type="submit" className="button primary" disabled={submitting}>
          {submitting ? t("forms.sending") : t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/recuperar">{t("recovery.forgotLink")}</Link>
      </p>
      <p>
        {t("login.noAccount")}{" "}
        <Link
          to={redirectTo ? `/registro?redirectTo=${encodeURIComponent(redirectTo)}` : "/registro"}
        >
          {t("login.signupLink")}
        </Link>
      </p>
    </section>
  );
}
