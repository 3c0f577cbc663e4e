/**
 * Sections of the coordinator's page of one producer (/coordinacion/productores/:id) that only
 * show what the loader gives them: certifications, history, and the ways to act for the
 * producer (their offers, a code to log in).
 */
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { CERTIFICATION_KINDS } from "../../db/schema-enums";
import { useFormReply } from "./CoordForm";
import { Field, FieldError } from "./fields";

type Certification = {
  id: number;
  kind: (typeof CERTIFICATION_KINDS)[number];
  certifier: string;
  certifiedOnLabel: string;
};

export function CertificationsSection({
  certifications,
  today,
}: {
  certifications: Certification[];
  today: string;
}) {
  const { t } = useTranslation();
  const { invalid, value, errors } = useFormReply("certification");
  const removal = useFormReply("removeCertification");
  return (
    <section className="card" aria-labelledby="certifications-title">
      <h2 id="certifications-title">{t("coordProducers.certificationsTitle")}</h2>
      <FieldError id="removeCertification--error" errors={removal.errors("")} />
      {certifications.length === 0 ? (
        <p>{t("coordProducers.noCertifications")}</p>
      ) : (
        <ul className="coord-certifications">
          {certifications.map((c) => (
            <li key={c.id}>
              <span>
                <strong>{t(`certification.${c.kind}`)}</strong> · {c.certifier} ·{" "}
                {t("coordProducers.grantedOn", { date: c.certifiedOnLabel })}
              </span>
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="removeCertification" />
                <input type="hidden" name="certificationId" value={c.id} />
                <button type="submit" className="link-button">
                  {t("coordProducers.removeCertification", {
                    kind: t(`certification.${c.kind}`),
                    certifier: c.certifier,
                  })}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Form
        method="post"
        className="subform coord-cert-form"
        aria-labelledby="add-certification-title"
      >
        <h3 id="add-certification-title">{t("coordProducers.addCertificationTitle")}</h3>
        <input type="hidden" name="intent" value="addCertification" />
        <FieldError id="certification--error" errors={errors("")} />
        <div className="filter-row">
          <Field
            id="kind"
            label={t("coordProducers.kind")}
            errorId="certification-kind-error"
            errors={errors("kind")}
          >
            <select id="kind" name="kind" defaultValue={value("kind", "sgp")} {...invalid("kind")}>
              {CERTIFICATION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`certification.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field
            id="certifier"
            label={t("coordProducers.certifier")}
            errorId="certification-certifier-error"
            errors={errors("certifier")}
          >
            <input
              id="certifier"
              name="certifier"
              type="text"
              defaultValue={value("certifier")}
              {...invalid("certifier")}
            />
          </Field>
          <Field
            id="certifiedOn"
            label={t("coordProducers.certifiedOn")}
            errorId="certification-certifiedOn-error"
            errors={errors("certifiedOn")}
          >
            <input
              id="certifiedOn"
              name="certifiedOn"
              type="date"
              max={today}
              defaultValue={value("certifiedOn")}
              {...invalid("certifiedOn")}
            />
          </Field>
        </div>
        <button type="submit" className="button">
          {t("coordProducers.addCertification")}
        </button>
      </Form>
    </section>
  );
}

export function HistorySection({
  history,
}: {
  history: { id: number; labelKey: string; at: string; actor: string; reason: string | null }[];
}) {
  const { t } = useTranslation();
  if (history.length === 0) return null;
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">{t("coordProducers.historyTitle")}</h2>
      <ul className="coord-history">
        {history.map((h) => (
          <li key={h.id}>
            {t("coordProducers.historyEntry", { action: t(h.labelKey), at: h.at, actor: h.actor })}
            {h.reason ? ` — ${h.reason}` : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * What a coordinator can do for a producer: keep their offers (once approved), and give them a
 * one-time code in person so they can get into their account (the account pages' own route).
 */
export function ActForProducer({
  producerId,
  userId,
  approved,
}: {
  producerId: number;
  userId: number;
  approved: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      {approved ? (
        <p>
          <Link to={`/coordinacion/productores/${producerId}/ofertas`}>
            {t("coordAssisted.offersLink")}
          </Link>
          {" — "}
          <span className="muted">{t("coordAssisted.offersLinkHint")}</span>
        </p>
      ) : null}
      <p>
        <Link to={`/coordinacion/cuentas/${userId}`}>{t("coordAssisted.codeLink")}</Link>
        {" — "}
        <span className="muted">{t("coordAssisted.codeLinkHint")}</span>
      </p>
    </>
  );
}
