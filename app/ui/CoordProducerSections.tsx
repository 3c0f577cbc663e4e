/**
 * Sections of the coordinator's page of one producer (/coordinacion/productores/:id) that only
 * show what the loader gives them: certifications, history, and the ways to act for the
 * producer (their offers, a code to log in).
 */
import { Form, Link } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { CERTIFICATION_KINDS } from "../../db/schema-enums";
import { SelectInput, TextInput, useFormReply } from "./CoordForm";
import { FieldError } from "./fields";

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
  const form = useFormReply("certification", { bareIds: true });
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
        <FieldError id="certification--error" errors={form.errors("")} />
        <div className="filter-row">
          <SelectInput form={form} name="kind" label={t("coordProducers.kind")} defaultValue="sgp">
            {CERTIFICATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`certification.${k}`)}
              </option>
            ))}
          </SelectInput>
          <TextInput form={form} name="certifier" label={t("coordProducers.certifier")} />
          <TextInput
            form={form}
            name="certifiedOn"
            label={t("coordProducers.certifiedOn")}
            type="date"
            max={today}
          />
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
