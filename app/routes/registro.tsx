import { getFormProps, useForm } from "@conform-to/react";
import { json } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import {
  ContactField,
  FormErrors,
  OpenFormSubmit,
  PasswordField,
  RadioGroup,
  LanguageField,
  SelectField,
  TextField,
} from "../ui/fields";
import { getTranslator } from "../infra/i18n.server";
import { CUSCO_PROVINCES } from "../lib/cusco";
import { readPasswordForm } from "../lib/password-form.server";
import { parseForm } from "../lib/form-parse";
import { SignupSchema } from "../features/access/login-schemas";
import { getDefaultMarket } from "../features/market-days/markets.server";
import { allowSignup } from "../features/access/login-throttle.server";
import { attemptLogin, createAccount } from "../features/access/users.server";
import { clientIp, logInAndRedirect, redirectIfLoggedIn } from "../infra/session.server";
import { titleMeta } from "../lib/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = await redirectIfLoggedIn(request);
  const { t, locale } = await getTranslator(request);
  // "Registra tu chacra" links here with ?rol=productor.
  const role =
    new URL(request.url).searchParams.get("rol") === "productor" ? "producer" : "consumer";
  return json({ title: t("signup.title"), redirectTo: redirectTo ?? "", locale, role });
}

/**
 * Plain forms, checked by the server: no JavaScript (see root.tsx). Conform and zod in the
 * browser would add 21 KB gzip for checks the server makes anyway (issue 14's 100 KB budget).
 */
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = titleMeta;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readPasswordForm(request, SignupSchema);
  if (!form.ok) return form.refusal;
  const { submission, refuse } = form;

  const market = getDefaultMarket();
  if (!market) throw new Response("No market is set up yet", { status: 503 });
  const ip = clientIp(context);
  if (!allowSignup({ ip })) {
    return refuse({ status: 429, formErrors: ["errors.signupLocked"] });
  }
  const { redirectTo, ...account } = submission.value;
  const result = await createAccount({ ...account, marketId: market.id });
  if (result.ok) return logInAndRedirect(request, result.user, redirectTo);

  // The account exists. With its password this is the same person tapping twice (or signing
  // up again by mistake): log them in rather than show an error.
  const login = await attemptLogin({ contact: account.contact, password: account.password, ip });
  if (login.status === "ok") return logInAndRedirect(request, login.user, redirectTo);
  return refuse({ fieldErrors: { contact: ["errors.contactTaken"] } });
}

export default function SignupPage() {
  const { t } = useTranslation();
  const { redirectTo, locale, role } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    lastResult,
    defaultValue: { role, locale },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseForm(formData, SignupSchema),
  });
  return (
    <section className="card narrow" aria-labelledby="signup-title">
      <h1 id="signup-title">{t("signup.title")}</h1>
      <p>{t("signup.intro")}</p>
      <Form method="post" reloadDocument {...getFormProps(form)}>
        <FormErrors form={form} />
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField field={fields.name} label={t("fields.name")} autoComplete="name" />
        <ContactField field={fields.contact} />
        <PasswordField
          field={fields.password}
          label={t("fields.password")}
          fresh
          clearOn={lastResult}
        />
        <LanguageField field={fields.locale} label={t("fields.locale")} />
        <RadioGroup
          field={fields.role}
          legend={t("fields.role")}
          options={[
            { value: "consumer", label: t("signup.roleConsumer") },
            {
              value: "producer",
              label: t("signup.roleProducer"),
              hint: t("signup.roleProducerHint"),
            },
          ]}
        />
        <fieldset className="subform">
          <legend>{t("signup.producerSection")}</legend>
          <p className="hint">{t("signup.producerSectionHint")}</p>
          <TextField field={fields.farmName} label={t("fields.farmName")} />
          <SelectField field={fields.province} label={t("fields.province")}>
            <option value="">{t("forms.choose")}</option>
            {CUSCO_PROVINCES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </SelectField>
          <TextField field={fields.community} label={t("fields.community")} />
        </fieldset>
        <OpenFormSubmit label={t("signup.submit")} submitting={submitting} />
      </Form>
      <p>
        {t("signup.haveAccount")}{" "}
        <Link
          to={redirectTo ? `/ingresar?redirectTo=${encodeURIComponent(redirectTo)}` : "/ingresar"}
        >
          {t("signup.loginLink")}
        </Link>
      </p>
    </section>
  );
}
