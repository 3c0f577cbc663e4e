import crypto from "node:crypto";
import { json } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { CertificationsSection, HistorySection } from "../ui/CoordProducerSections";
import { ProducerProfileForm, ProducerStatusSection } from "../ui/CoordProducerForms";
import { ProducerMessagesSection } from "../ui/ProducerMessages";
import {
  listProducerDigests,
  listProducerMessages,
} from "../features/sms-inbound/message-log.server";
import { requireCoordinator } from "../features/access/coordinator.server";
import { getTranslator } from "../infra/i18n.server";
import {
  AddCertificationSchema,
  ProfileSchema,
  RemoveCertificationSchema,
  safeReturnPath,
  StatusChangeSchema,
} from "../features/producers/coord-producers-schemas";
import { parseForm } from "../lib/form-parse";
import { formatDateTime, INTL_LOCALE } from "../lib/format";
import { readFormData, refuseForm } from "../lib/forms.server";
import { idParam } from "../lib/route-params";
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
import {
  backWithProducerNotice,
  type ProducerNotice,
} from "../features/producers/producer-notice.server";

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
  const producerId = idParam(params.id);
  const producer = getMarketProducer({ marketId: market.id, producerId });
  if (!producer) throw new Response("Not found", { status: 404 });
  const { locale } = await getTranslator(request);
  const dateFormat = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    dateStyle: "long",
    timeZone: "UTC",
  });
  const showDate = (date: string) => dateFormat.format(new Date(`${date}T12:00:00Z`));
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
      suspensionReason: producer.suspensionReason,
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
    messages: listProducerMessages({ marketId: market.id, producerId }).map(
      ({ createdAt, replySentAt: _sentAt, ...m }) => ({
        ...m,
        at: formatDateTime(createdAt, locale),
      }),
    ),
    sentMessages: listProducerDigests({ marketId: market.id, producerId }).map(
      ({ createdAt, ...m }) => ({ ...m, at: formatDateTime(createdAt, locale) }),
    ),
    requestKey: crypto.randomUUID(),
    today: limaDateOf(new Date()),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.producer.farmName} · Qhatu` : "Qhatu" },
];

type FormId = "status" | "profile" | "certification" | "removeCertification";

const NOTICE_OF_TRANSITION = {
  approve: "approved",
  suspend: "suspended",
  reinstate: "reinstated",
} as const satisfies Record<string, ProducerNotice>;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  const producerId = idParam(params.id);
  // Another market's producer is simply not there: 404 before anything is read or written.
  if (!getProducerHeadline({ marketId: market.id, producerId }))
    throw new Response("Not found", { status: 404 });
  const formData = await readFormData(request);
  const refuse = (
    formId: FormId,
    fieldErrors: Record<string, string[] | null> | null,
    status = 400,
  ) => refuseForm(formData, { formId, fieldErrors, status });
  const here = `/coordinacion/productores/${producerId}`;
  const { t } = await getTranslator(request);
  const back = (notice: ProducerNotice) =>
    backWithProducerNotice({
      to: safeReturnPath(formData.get("redirectTo"), here),
      notice,
      marketId: market.id,
      producerId,
      t,
    });
  const scope = { marketId: market.id, producerId, actorUserId: user.id };
  const notFound = () => {
    throw new Response("Not found", { status: 404 });
  };

  switch (formData.get("intent")) {
    case "approve":
    case "suspend":
    case "reinstate": {
      const submission = parseForm(formData, StatusChangeSchema);
      if (submission.status !== "success") return refuse("status", submission.error);
      const { intent: transition, reason, requestKey } = submission.value;
      const result = changeProducerStatus({ ...scope, transition, reason, requestKey });
      if (!result.ok) return result.error === "notFound" ? notFound() : back("unchanged");
      return back(NOTICE_OF_TRANSITION[transition]);
    }
    case "profile": {
      const submission = parseForm(formData, ProfileSchema);
      if (submission.status !== "success") return refuse("profile", submission.error);
      const { intent: _intent, ...profile } = submission.value;
      const result = updateProducerProfile({ ...scope, profile });
      return result.ok ? back("profileSaved") : notFound();
    }
    case "addCertification": {
      const submission = parseForm(formData, AddCertificationSchema);
      if (submission.status !== "success") return refuse("certification", submission.error);
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
  const { producer, certifications, today, history, messages, sentMessages, requestKey } =
    useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/coordinacion/productores">{t("coordProducers.backToList")}</Link>
      </p>
      <h1>{producer.farmName}</h1>
      <ProducerStatusSection producer={producer} requestKey={requestKey} />
      <ProducerProfileForm producer={producer} />
      <CertificationsSection certifications={certifications} today={today} />
      <HistorySection history={history} />
      <ProducerMessagesSection messages={messages} sent={sentMessages} />
    </>
  );
}
