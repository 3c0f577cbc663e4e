/**
 * A family basket's details on its compose page (name, description, price, cap, limit per
 * family and photo, in one plain form, multipart for the photo) and its status buttons.
 */
import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { ProductPhoto } from "./OfferCard";
import { Field } from "./fields";
import { TextArea, TextInput, useFormReply } from "./CoordForm";
import { Messages, type BundleComposeView } from "./BundleComposeForms";
import type { FormReply } from "../lib/form-reply";

/** What the basket is and costs, how many can be made, and how many one family may take. */
export function DetailsForm({ data, reply }: { data: BundleComposeView; reply?: FormReply }) {
  const { t } = useTranslation();
  const { bundle } = data;
  const form = useFormReply("details");
  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">{t("coordBundles.detailsTitle")}</h2>
      <Form method="post" encType="multipart/form-data" noValidate>
        <input type="hidden" name="intent" value="save" />
        <Messages reply={reply} formId="details" />
        <TextInput
          form={form}
          name="name"
          label={t("coordBundles.fields.name")}
          maxLength={80}
          defaultValue={bundle.name}
        />
        <TextArea
          form={form}
          name="description"
          label={t("coordBundles.fields.description")}
          rows={3}
          defaultValue={bundle.description}
        />
        <TextInput
          form={form}
          name="price"
          label={t("coordBundles.fields.price")}
          hint={t("coordBundles.fields.priceHint")}
          inputMode="decimal"
          defaultValue={bundle.priceValue}
        />
        <TextInput
          form={form}
          name="maxCount"
          label={t("coordBundles.fields.maxCount")}
          hint={t("coordBundles.fields.maxCountHint", {
            count: bundle.taken,
            byStock: bundle.byStock,
          })}
          inputMode="numeric"
          defaultValue={bundle.maxCount === null ? "" : String(bundle.maxCount)}
        />
        <TextInput
          form={form}
          name="perCustomerLimit"
          label={t("coordBundles.fields.perCustomerLimit")}
          hint={t("coordBundles.fields.perCustomerLimitHint")}
          inputMode="numeric"
          defaultValue={bundle.perCustomerLimit === null ? "" : String(bundle.perCustomerLimit)}
        />
        <Field
          id="details-photo"
          label={t("coordBundles.fields.photo")}
          errors={form.errors("photo")}
          errorValues={form.reply?.values}
        >
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
            aria-describedby="details-photo-hint"
            {...form.invalid("photo", "details-photo-hint")}
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
