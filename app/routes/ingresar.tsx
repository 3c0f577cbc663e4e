import { getFormProps, useForm } from "@conform-to/react";
import { json } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { ContactField, FormErrors, OpenFormSubmit, PasswordField } from "../ui/fields";
import { getTranslator } from "../infra/i18n.server";
import { readPasswordForm } from "../lib/password-form.server";
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
  const form = await readPasswordForm(request, LoginSchema);
  if (!form.ok) return form.refusal;
  const { submission, refuse } = form;

  const { contact, password, redirectTo } = submission.value;
  const result = await attemptLogin({ contact, password, ip: clientIp(context) });
  if (result.status === "locked") {
    return refuse({ status: 429, formErrors: ["errors.loginLocked"] });
  }
  if (result.status === "invalid") {
    return refuse({ formErrors: ["errors.loginInvalid"] });
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
        <OpenFormSubmit label={t("login.submit")} submitting={submitting} />
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
