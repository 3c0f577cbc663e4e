/**
 * "Cambios hechos por la coordinación": what the market's coordinators changed in the
 * producer's offers and products for them, newest first, so nothing is done behind their back.
 */
import { useTranslation } from "../infra/translate";
import type { ChangeView } from "../features/producers/coordinator-changes";

export function CoordinatorChanges({ changes }: { changes: ChangeView[] }) {
  const { t } = useTranslation();
  if (changes.length === 0) return null;
  const value = (field: string, v: string | null | undefined) => {
    if (v === null || v === undefined) return t("producer.coordChanges.noLimit");
    return field === "unit" ? t(`units.${v}`) : v;
  };
  return (
    <section className="card" aria-labelledby="coord-changes-title">
      <h2 id="coord-changes-title">{t("producer.coordChanges.title")}</h2>
      <p className="hint">{t("producer.coordChanges.hint")}</p>
      <ul className="coord-history">
        {changes.map((c) => (
          <li key={c.id}>
            <strong>
              {t(`producer.coordChanges.what.${c.kind}`, { product: c.product, date: c.date })}
            </strong>
            {c.details.length > 0
              ? `: ${c.details
                  .map((d) =>
                    "from" in d
                      ? t("producer.coordChanges.changed", {
                          field: t(`producer.coordChanges.field.${d.field}`),
                          from: value(d.field, d.from),
                          to: value(d.field, d.to),
                        })
                      : t("producer.coordChanges.set", {
                          field: t(`producer.coordChanges.field.${d.field}`),
                          value: value(d.field, d.to),
                        }),
                  )
                  .join("; ")}`
              : null}
            <br />
            <span className="muted">
              {t("producer.coordChanges.when", { at: c.at, actor: c.actor })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
