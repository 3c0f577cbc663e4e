import { getFormProps, useForm } from "@conform-to/react";
import {
  json,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { FormErrors, Honeypot, TextField } from "../ui/fields";
import { getTranslator } from "../infra/i18n.server";
import { isHoneypotFilled, readFormData, refuseForm } from "../lib/forms.server";
import { parseForm } from "../lib/form-parse";
import { LoginSchema } from "../features/access/login-schemas";
import { attemptLogin } from "../features/access/users.server";
import { clientIp, logInAndRedirect, redirectIfLoggedIn } from "../infra/session.server";

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

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Qhatu" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const submission = parseForm(formData, LoginSchema);
  const hideFields = ["password"];
  if (isHoneypotFilled(formData)) {
    return refuseForm(submission, { formErrors: ["errors.spam"], hideFields });
  }
  if (submission.status !== "success") return refuseForm(submission, { hideFields });

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
        <TextField
          field={fields.contact}
          label={t("fields.contact")}
          hint={t("fields.contactHint")}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
        />
        <TextField
          field={fields.password}
          label={t("fields.password")}
          type="password"
          keepValue={false}
          clearOn={lastResult}
          autoComplete="current-password"
        />
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
