import crypto from "node:crypto";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors, useFormReply } from "../ui/CoordForm";
import { ActForProducer, CertificationsSection, HistorySection } from "../ui/CoordProducerSections";
import { requireCoordinator } from "../features/access/coordinator.server";
import { getTranslator } from "../infra/i18n.server";
import {
  AddCertificationSchema,
  ProfileSchema,
  readProducerNotice,
  RemoveCertificationSchema,
  safeReturnPath,
  StatusChangeSchema,
  producerIdParam,
  withNotice,
  type ProducerNotice,
} from "../features/producers/coord-producers-schemas";
import { CUSCO_PROVINCES } from "../lib/cusco";
import { parseForm } from "../lib/form-parse";
import { formatDateTime, INTL_LOCALE } from "../lib/format";
import { readFormData } from "../lib/forms.server";
import { formatPeruvianMobile } from "../lib/phone";
import { limaDateOf } from "../lib/time";
import {
  addCertification,
  changeProducerStatus,
  getMarketProducer,
  getProducerHeadline,
  removeCertification,
  updateProducerProfile,
} from "../features/producers/coord-producers.server";

/** The i18n key naming each kind of change in the producer's history. */
const HISTORY_LABELS: Record<string, string> = {
  "producer.approve": "coordProducers.history.approve",
  "producer.suspend": "coordProducers.history.suspend",
  "producer.reinstate": "coordProducers.history.reinstate",
  "producer.profile": "coordProducers.history.profile",
  "producer.certification.add": "coordProducers.history.certificationAdd",
  "producer.certification.remove": "coordProducers.history.certificationRemove",
  "producer.assistedSignup": "coordAssisted.history.assistedSignup",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const producerId = producerIdParam(params.id);
  const producer = getMarketProducer({ marketId: market.id, producerId });
  if (!producer) throw new Response("Not found", { status: 404 });
  const { locale } = await getTranslator(request);
  const dateFormat = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    dateStyle: "long",
    timeZone: "UTC",
  });
  const showDate = (date: string) => dateFormat.format(new Date(`${date}T12:00:00Z`));
  const notice = readProducerNotice(new URL(request.url));
  const lastSuspension = producer.history.find((h) => h.action === "producer.suspend");
  return json({
    producer: {
      id: producer.id,
      slug: producer.slug,
      userId: producer.userId,
      farmName: producer.farmName,
      community: producer.community,
      district: producer.district,
      province: producer.province,
      story: producer.story,
      status: producer.status,
      name: producer.name,
      phone: producer.phone ? formatPeruvianMobile(producer.phone) : null,
      email: producer.email,
      requestedOn: showDate(limaDateOf(producer.createdAt)),
      activeOrders: producer.activeOrders,
      suspensionReason: producer.status === "suspended" ? (lastSuspension?.reason ?? null) : null,
    },
    certifications: producer.certifications.map((c) => ({
      ...c,
      certifiedOnLabel: showDate(c.certifiedOn),
    })),
    history: producer.history.map((h) => ({
      id: h.id,
      labelKey: HISTORY_LABELS[h.action] ?? "coordProducers.history.other",
      at: formatDateTime(h.at, locale),
      actor: h.actor ?? "",
      reason: h.reason,
    })),
    notice: notice?.producerId === producer.id ? notice.notice : null,
    requestKey: crypto.randomUUID(),
    today: limaDateOf(new Date()),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.producer.farmName} · Qhatu` : "Qhatu" },
];

type FormId = "status" | "profile" | "certification" | "removeCertification";
/** One form's answer: which form, its errors and what was typed. */
type FormReply = {
  formId: FormId;
  error: Record<string, string[] | null>;
  initialValue: Record<string, string>;
};

const NOTICE_OF_TRANSITION = {
  approve: "approved",
  suspend: "suspended",
  reinstate: "reinstated",
} as const satisfies Record<string, ProducerNotice>;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  const producerId = producerIdParam(params.id);
  // Another market's producer is simply not there: 404 before anything is read or written.
  if (!getProducerHeadline({ marketId: market.id, producerId }))
    throw new Response("Not found", { status: 404 });
  const formData = await readFormData(request);
  const typed = Object.fromEntries(
    [...formData].filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const refuse = (formId: FormId, error: Record<string, string[] | null>, status = 400) =>
    json<FormReply>({ formId, error, initialValue: typed }, { status });
  const here = `/coordinacion/productores/${producerId}`;
  const back = async (notice: ProducerNotice) =>
    redirect(withNotice(safeReturnPath(formData.get("redirectTo"), here), notice, producerId));
  const scope = { marketId: market.id, producerId, actorUserId: user.id };
  const notFound = () => {
    throw new Response("Not found", { status: 404 });
  };

  switch (formData.get("intent")) {
    case "approve":
    case "suspend":
    case "reinstate": {
      const submission = parseForm(formData, StatusChangeSchema);
      if (submission.status !== "success") return refuse("status", submission.reply().error ?? {});
      const { intent: transition, reason, requestKey } = submission.value;
      const result = changeProducerStatus({ ...scope, transition, reason, requestKey });
      if (!result.ok) return result.error === "notFound" ? notFound() : back("unchanged");
      return back(NOTICE_OF_TRANSITION[transition]);
    }
    case "profile": {
      const submission = parseForm(formData, ProfileSchema);
      if (submission.status !== "success") return refuse("profile", submission.reply().error ?? {});
      const { intent: _intent, ...profile } = submission.value;
      const result = updateProducerProfile({ ...scope, profile });
      return result.ok ? back("profileSaved") : notFound();
    }
    case "addCertification": {
      const submission = parseForm(formData, AddCertificationSchema);
      if (submission.status !== "success")
        return refuse("certification", submission.reply().error ?? {});
      const { intent: _intent, ...certification } = submission.value;
      const result = addCertification({ ...scope, certification });
      if (result.ok) return back("certificationAdded");
      return result.error === "notFound"
        ? notFound()
        : refuse("certification", { "": ["coordProducers.errors.duplicateCertification"] }, 409);
    }
    case "removeCertification": {
      const submission = parseForm(formData, RemoveCertificationSchema);
      if (submission.status !== "success")
        return refuse("removeCertification", { "": ["errors.formInvalid"] });
      const result = removeCertification({
        ...scope,
        certificationId: submission.value.certificationId,
      });
      if (result.ok) return back("certificationRemoved");
      return result.error === "notFound" ? notFound() : back("certificationAlreadyRemoved");
    }
    default:
      return refuse("status", { "": ["errors.formInvalid"] });
  }
}

export default function CoordinatorProducer() {
  const { t } = useTranslation();
  const { producer, notice, certifications, today, history } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/coordinacion/productores">{t("coordProducers.backToList")}</Link>
      </p>
      <h1>{producer.farmName}</h1>
      {notice ? (
        <p className="flash" role="status">
          {t(`coordProducers.notice.${notice}`, {
            farm: producer.farmName,
            status: t(`coordProducers.status.${producer.status}`),
          })}
        </p>
      ) : null}
      <StatusSection />
      <ProfileSection />
      <CertificationsSection certifications={certifications} today={today} />
      <HistorySection history={history} />
    </>
  );
}

function StatusSection() {
  const { t } = useTranslation();
  const { producer, requestKey } = useLoaderData<typeof loader>();
  const { invalid, value, errors } = useFormReply("status");
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
      <FieldErrors id="status--error" errors={errors("")} />
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
            <div className="field">
              <label htmlFor="reason">{t("coordProducers.reason")}</label>
              <p className="hint" id="reason-hint">
                {t("coordProducers.reasonHint")}
              </p>
              <textarea
                id="reason"
                name="reason"
                rows={2}
                maxLength={300}
                defaultValue={value("reason")}
                aria-describedby="reason-hint"
                {...invalid("reason", "reason-hint")}
              />
              <FieldErrors id="status-reason-error" errors={errors("reason")} />
            </div>
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

function ProfileSection() {
  const { t } = useTranslation();
  const { producer } = useLoaderData<typeof loader>();
  const { invalid, value, errors } = useFormReply("profile");
  const text = (name: "farmName" | "community" | "district", label: string) => (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input
        id={name}
        name={name}
        type="text"
        defaultValue={value(name, producer[name])}
        {...invalid(name)}
      />
      <FieldErrors id={`profile-${name}-error`} errors={errors(name)} />
    </div>
  );
  return (
    <Form method="post" className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">{t("coordProducers.profileTitle")}</h2>
      <input type="hidden" name="intent" value="profile" />
      <FieldErrors id="profile--error" errors={errors("")} />
      {text("farmName", t("coordProducers.farmName"))}
      <div className="filter-row">
        {text("community", t("coordProducers.community"))}
        {text("district", t("coordProducers.district"))}
        <div className="field">
          <label htmlFor="province">{t("coordProducers.province")}</label>
          <select
            id="province"
            name="province"
            defaultValue={value("province", producer.province)}
            {...invalid("province")}
          >
            {CUSCO_PROVINCES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <FieldErrors id="profile-province-error" errors={errors("province")} />
        </div>
      </div>
      <div className="field">
        <label htmlFor="story">{t("coordProducers.story")}</label>
        <p className="hint" id="story-hint">
          {t("coordProducers.storyHint")}
        </p>
        <textarea
          id="story"
          name="story"
          rows={4}
          defaultValue={value("story", producer.story)}
          aria-describedby="story-hint"
          {...invalid("story", "story-hint")}
        />
        <FieldErrors id="profile-story-error" errors={errors("story")} />
      </div>
      <p className="hint">
        {t("coordProducers.slugKept", { path: `/productores/${producer.slug}` })}
      </p>
      <button type="submit" className="button">
        {t("coordProducers.saveProfile")}
      </button>
    </Form>
  );
}
