/**
 * A family basket's details on its compose page (name, description, price, cap, limit per
 * family and photo, in one plain form, multipart for the photo) and its status buttons.
 */
import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { ProductPhoto } from "./OfferCard";
import { Field } from "./fields";
import { Messages, type BundleComposeView } from "./BundleComposeForms";
import { replyFor, typedIn, type FormReply } from "../lib/form-reply";

/** What the basket is and costs, how many can be made, and how many one family may take. */
export function DetailsForm({ data, reply }: { data: BundleComposeView; reply?: FormReply }) {
  const { t } = useTranslation();
  const { bundle } = data;
  const mine = replyFor(reply, "details");
  const value = (name: string, fallback: string) => typedIn(mine, name) ?? fallback;
  const described = (name: string, hint?: string) => {
    const error = mine?.error?.[name]?.length ? `details-${name}-error` : undefined;
    const ids = [hint, error].filter(Boolean).join(" ");
    return {
      ...(error ? { "aria-invalid": true as const } : {}),
      ...(ids ? { "aria-describedby": ids } : {}),
    };
  };
  /** A field of this form: its id, and the errors the last reply gave it. */
  const fieldOf = (name: string) => ({
    id: `details-${name}`,
    errors: mine?.error?.[name],
    errorValues: mine?.values,
  });
  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">{t("coordBundles.detailsTitle")}</h2>
      <Form method="post" encType="multipart/form-data" noValidate>
        <input type="hidden" name="intent" value="save" />
        <Messages reply={reply} formId="details" />
        <Field {...fieldOf("name")} label={t("coordBundles.fields.name")}>
          <input
            id="details-name"
            name="name"
            type="text"
            maxLength={80}
            defaultValue={value("name", bundle.name)}
            {...described("name")}
          />
        </Field>
        <Field {...fieldOf("description")} label={t("coordBundles.fields.description")}>
          <textarea
            id="details-description"
            name="description"
            rows={3}
            defaultValue={value("description", bundle.description)}
            {...described("description")}
          />
        </Field>
        <Field
          {...fieldOf("price")}
          label={t("coordBundles.fields.price")}
          hint={t("coordBundles.fields.priceHint")}
        >
          <input
            id="details-price"
            name="price"
            type="text"
            inputMode="decimal"
            defaultValue={value("price", bundle.priceValue)}
            {...described("price", "details-price-hint")}
          />
        </Field>
        <Field
          {...fieldOf("maxCount")}
          label={t("coordBundles.fields.maxCount")}
          hint={t("coordBundles.fields.maxCountHint", {
            count: bundle.taken,
            byStock: bundle.byStock,
          })}
        >
          <input
            id="details-maxCount"
            name="maxCount"
            type="text"
            inputMode="numeric"
            defaultValue={value(
              "maxCount",
              bundle.maxCount === null ? "" : String(bundle.maxCount),
            )}
            {...described("maxCount", "details-maxCount-hint")}
          />
        </Field>
        <Field
          {...fieldOf("perCustomerLimit")}
          label={t("coordBundles.fields.perCustomerLimit")}
          hint={t("coordBundles.fields.perCustomerLimitHint")}
        >
          <input
            id="details-perCustomerLimit"
            name="perCustomerLimit"
            type="text"
            inputMode="numeric"
            defaultValue={value(
              "perCustomerLimit",
              bundle.perCustomerLimit === null ? "" : String(bundle.perCustomerLimit),
            )}
            {...described("perCustomerLimit", "details-perCustomerLimit-hint")}
          />
        </Field>
        <Field {...fieldOf("photo")} label={t("coordBundles.fields.photo")}>
          {bundle.photoKey ? (
            <ProductPhoto
              photoKey={bundle.photoKey}
              alt={t("coordBundles.photoOf", { name: bundle.name })}
            />
          ) : null}
          <p className="hint" id="details-photo-hint">
            {t("coordBundles.fields.photoHint")}
          </p>
          <input
            id="details-photo"
            name="photo"
            type="file"
            accept="image/*"
            {...described("photo", "details-photo-hint")}
          />
        </Field>
        <button type="submit" className="button primary">
          {t("coordBundles.save")}
        </button>
      </Form>
    </section>
  );
}

/** Publish, pause, publish again, or delete a draft. */
export function StatusControls({ data, reply }: { data: BundleComposeView; reply?: FormReply }) {
  const { t } = useTranslation();
  const { bundle } = data;
  const button = (intent: string, label: string, danger = false) => (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={danger ? "button danger coord-danger" : "button primary"}>
        {label}
      </button>
    </Form>
  );
  return (
    <section className="card" aria-labelledby="status-title">
      <h2 id="status-title">{t("coordBundles.statusTitle")}</h2>
      <p>
        <span className="badge">{t(`coordBundles.status.${bundle.status}`)}</span>{" "}
        {t(`coordBundles.statusExplained.${bundle.status}`)}
      </p>
      <Messages reply={reply} formId="status" />
      <div className="coord-day-actions">
        {bundle.status === "draft" ? button("publish", t("coordBundles.publish")) : null}
        {bundle.status === "active" ? button("pause", t("coordBundles.pause")) : null}
        {bundle.status === "paused" ? button("resume", t("coordBundles.resume")) : null}
      </div>
      {bundle.status === "draft" && bundle.taken === 0 ? (
        <>
          <p className="hint">{t("coordBundles.deleteHint")}</p>
          <div className="coord-day-actions">
            {button("delete", t("coordBundles.delete"), true)}
          </div>
        </>
      ) : null}
    </section>
  );
}
