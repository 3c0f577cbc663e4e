import crypto from "node:crypto";
import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { ProvinceSelect, SelectInput, TextInput, useFormReply } from "../ui/CoordForm";
import { FieldError } from "../ui/fields";
import { requireCoordinator } from "../features/access/coordinator.server";
import { setFlash } from "../infra/flash.server";
import { supportedLanguages } from "../infra/i18n";
import { getTranslator } from "../infra/i18n.server";
import { AssistedSignupSchema } from "../features/producers/assisted-schemas";
import { parseForm } from "../lib/form-parse";
import { readFormData, refuseForm } from "../lib/forms.server";
import { createAssistedProducer } from "../features/producers/assisted-producers.server";

/** A coordinator signs up a producer who cannot do it alone; see models/assisted-producers. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireCoordinator(request);
  const { t } = await getTranslator(request);
  return json({ title: t("coordAssisted.signUpTitle"), requestKey: crypto.randomUUID() });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} · Qhatu` : "Qhatu" },
];

const FORM_ID = "signup";

export async function action({ request }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  const formData = await readFormData(request);
  const refuse = (fieldErrors: Record<string, string[] | null> | null, status = 400) =>
    refuseForm(formData, { formId: FORM_ID, fieldErrors, status });
  const submission = parseForm(formData, AssistedSignupSchema);
  if (submission.status !== "success") return refuse(submission.error);
  const { requestKey, ...person } = submission.value;
  const result = await createAssistedProducer({
    marketId: market.id,
    coordinatorId: user.id,
    person,
    requestKey,
  });
  if (!result.ok) {
    return result.error === "phoneTaken"
      ? refuse({ phone: ["coordAssisted.errors.phoneTaken"] }, 409)
      : refuse({ "": ["errors.formInvalid"] });
  }
  // Straight on to what they came to do: the new producer's products and offers.
  return redirect(`/coordinacion/productores/${result.producerId}/ofertas`, {
    headers: {
      "Set-Cookie": await setFlash({
        key: "coordAssisted.flash.signedUp",
        values: { farm: person.farmName },
      }),
    },
  });
}

export default function AssistedSignup() {
  const { t } = useTranslation();
  const { requestKey } = useLoaderData<typeof loader>();
  const form = useFormReply(FORM_ID);
  return (
    <>
      <p>
        <Link to="/coordinacion/productores">{t("coordProducers.backToList")}</Link>
      </p>
      <h1 id="signup-title">{t("coordAssisted.signUpTitle")}</h1>
      <p>{t("coordAssisted.signUpIntro")}</p>
      <Form method="post" className="card" aria-labelledby="signup-title">
        <input type="hidden" name="requestKey" value={requestKey} />
        <FieldError id="signup--error" errors={form.errors("") ?? form.errors("requestKey")} />
        <TextInput form={form} name="name" label={t("coordAssisted.name")} autoComplete="off" />
        <TextInput
          form={form}
          name="farmName"
          label={t("coordAssisted.farmName")}
          autoComplete="off"
        />
        <div className="filter-row">
          <TextInput form={form} name="community" label={t("coordAssisted.community")} />
          <ProvinceSelect form={form} label={t("coordAssisted.province")} />
        </div>
        <TextInput
          form={form}
          name="phone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          label={t("coordAssisted.phone")}
          hint={t("coordAssisted.phoneHint")}
        />
        <SelectInput
          form={form}
          name="locale"
          label={t("coordAssisted.language")}
          defaultValue="es"
        >
          {supportedLanguages.map((lng) => (
            <option key={lng} value={lng}>
              {t(`language.${lng}`)}
            </option>
          ))}
        </SelectInput>
        <button type="submit" className="button primary">
          {t("coordAssisted.submit")}
        </button>
      </Form>
    </>
  );
}
