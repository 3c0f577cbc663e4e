/**
 * The two forms at the top of a producer's coordinator page (/coordinacion/productores/:id):
 * the account's status and the public profile. Plain forms: the page ships no JavaScript.
 */
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { ProvinceSelect, TextArea, TextInput, useFormReply } from "./CoordForm";
import { FieldError } from "./fields";
import { ActForProducer } from "./CoordProducerSections";

/** A producer as the page shows them (dates and phone already worded). */
export type CoordProducerView = {
  id: number;
  slug: string;
  userId: number;
  farmName: string;
  community: string;
  district: string;
  province: string;
  story: string;
  status: string;
  name: string;
  phone: string | null;
  email: string | null;
  requestedOn: string;
  activeOrders: number;
  suspensionReason: string | null;
};

/** The producer's account: who and where, and approving, suspending or reinstating it. */
export function ProducerStatusSection({
  producer,
  requestKey,
}: {
  producer: CoordProducerView;
  /** From the page that shows the forms: a repeated tap changes the status once. */
  requestKey: string;
}) {
  const { t } = useTranslation();
  const form = useFormReply("status", { bareIds: true });
  const place = [producer.community, producer.district, producer.province]
    .filter(Boolean)
    .join(", ");
  const hidden = (intent: string) => (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="requestKey" value={requestKey} />
    </>
  );
  return (
    <section className="card" aria-labelledby="status-title">
      <h2 id="status-title">
        {t("coordProducers.statusTitle")}{" "}
        <span className={`badge member-status member-${producer.status}`}>
          {t(`coordProducers.status.${producer.status}`)}
        </span>
      </h2>
      <dl className="facts">
        <dt>{t("coordProducers.person")}</dt>
        <dd>{producer.name}</dd>
        {producer.phone ? (
          <>
            <dt>{t("coordProducers.phone")}</dt>
            <dd>
              <a href={`tel:${producer.phone.replace(/\s/g, "")}`}>{producer.phone}</a>
            </dd>
          </>
        ) : null}
        {producer.email ? (
          <>
            <dt>{t("coordProducers.email")}</dt>
            <dd>
              <a href={`mailto:${producer.email}`}>{producer.email}</a>
            </dd>
          </>
        ) : null}
        <dt>{t("coordProducers.place")}</dt>
        <dd>{place}</dd>
      </dl>
      <ActForProducer
        producerId={producer.id}
        userId={producer.userId}
        approved={producer.status === "approved"}
      />
      <FieldError id="status--error" errors={form.errors("")} />
      {producer.status === "pending" ? (
        <Form method="post">
          <p>{t("coordProducers.pendingExplained", { date: producer.requestedOn })}</p>
          {hidden("approve")}
          <button type="submit" className="button primary">
            {t("coordProducers.approve")}
          </button>
        </Form>
      ) : null}
      {producer.status === "approved" ? (
        <>
          <p>
            <Link to={`/productores/${producer.slug}`}>{t("coordProducers.publicPage")}</Link>
          </p>
          <Form method="post" className="subform">
            <h3>{t("coordProducers.suspendTitle")}</h3>
            <p>{t("coordProducers.suspendExplained")}</p>
            {producer.activeOrders > 0 ? (
              <p className="notice-inline">
                {t("coordProducers.activeOrders", { count: producer.activeOrders })}
              </p>
            ) : null}
            {hidden("suspend")}
            <TextArea
              form={form}
              name="reason"
              label={t("coordProducers.reason")}
              hint={t("coordProducers.reasonHint")}
              rows={2}
              maxLength={300}
            />
            <button type="submit" className="button danger">
              {t("coordProducers.suspend")}
            </button>
          </Form>
        </>
      ) : null}
      {producer.status === "suspended" ? (
        <Form method="post">
          <p>{t("coordProducers.suspendedExplained")}</p>
          {producer.suspensionReason ? (
            <p>{t("coordProducers.suspensionReason", { reason: producer.suspensionReason })}</p>
          ) : null}
          {hidden("reinstate")}
          <button type="submit" className="button primary">
            {t("coordProducers.reinstate")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

/** The producer's public profile: farm name, place and story. */
export function ProducerProfileForm({ producer }: { producer: CoordProducerView }) {
  const { t } = useTranslation();
  const form = useFormReply("profile", { bareIds: true });
  const text = (name: "farmName" | "community" | "district", label: string) => (
    <TextInput form={form} name={name} label={label} defaultValue={producer[name]} />
  );
  return (
    <Form method="post" className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">{t("coordProducers.profileTitle")}</h2>
      <input type="hidden" name="intent" value="profile" />
      <FieldError id="profile--error" errors={form.errors("")} />
      {text("farmName", t("coordProducers.farmName"))}
      <div className="filter-row">
        {text("community", t("coordProducers.community"))}
        {text("district", t("coordProducers.district"))}
        <ProvinceSelect
          form={form}
          label={t("coordProducers.province")}
          defaultValue={producer.province}
        />
      </div>
      <TextArea
        form={form}
        name="story"
        label={t("coordProducers.story")}
        hint={t("coordProducers.storyHint")}
        rows={4}
        defaultValue={producer.story}
      />
      <p className="hint">
        {t("coordProducers.slugKept", { path: `/productores/${producer.slug}` })}
      </p>
      <button type="submit" className="button">
        {t("coordProducers.saveProfile")}
      </button>
    </Form>
  );
}
