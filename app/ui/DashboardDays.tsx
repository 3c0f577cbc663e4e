/**
 * The coordinators' dashboard (/coordinacion): the next and the last market day at a glance,
 * and what each figure counts. Figures come worded by the loader.
 */
import { Link } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { ColumnHeads } from "./tables";

/** One market day's figures as the dashboard shows them (money and rates already worded). */
export type DashboardDay = {
  id: number;
  date: string;
  dateLabel: string;
  orders: number;
  pickedUp: number;
  partiallyPickedUp: number;
  noShows: number;
  sales: string;
  reserved: string;
  noShowRate: string;
  slots: { id: number; starts: string; ends: string; orders: number; capacity: number }[];
};

/** What each figure counts, in words: the same definitions the numbers are computed with. */
export function Definitions() {
  const { t } = useTranslation();
  const terms = ["orders", "pickedUp", "noShows", "sales", "reserved", "noShowRate"] as const;
  return (
    <details className="card dash-definitions">
      <summary>{t("coordDashboard.definitionsTitle")}</summary>
      <dl>
        {terms.map((term) => (
          <div key={term}>
            <dt>{t(`coordDashboard.figures.${term}`)}</dt>
            <dd>{t(`coordDashboard.define.${term}`)}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** One market day at a glance: its figures, its slots and where to go from here. */
export function DayPanel({
  id,
  kind,
  day,
}: {
  id: string;
  kind: "next" | "last";
  day: DashboardDay;
}) {
  const { t } = useTranslation();
  const figures: [string, string | number, string?][] = [
    [t("coordDashboard.figures.orders"), day.orders],
    kind === "next"
      ? [t("coordDashboard.figures.reserved"), day.reserved]
      : [t("coordDashboard.figures.sales"), day.sales],
    [
      t("coordDashboard.figures.pickedUp"),
      day.pickedUp,
      day.partiallyPickedUp > 0
        ? t("coordDashboard.partialCount", { count: day.partiallyPickedUp })
        : undefined,
    ],
    [t("coordDashboard.figures.noShows"), day.noShows],
  ];
  if (kind === "last") figures.push([t("coordDashboard.figures.noShowRate"), day.noShowRate]);
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>
        {kind === "next"
          ? t("coordDashboard.nextDay", { date: day.dateLabel })
          : t("coordDashboard.lastDay", { date: day.dateLabel })}
      </h2>
      <dl className="dash-figures">
        {figures.map(([label, value, note]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              <strong>{value}</strong>
              {note ? <span className="hint"> {note}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      {day.slots.length > 0 ? (
        <table className="dash-slots">
          <caption>{t("coordDashboard.slotsTitle")}</caption>
          <ColumnHeads columns={[t("coordDashboard.slot"), t("coordDashboard.slotLoad")]} />
          <tbody>
            {day.slots.map((s) => (
              <tr key={s.id} className={s.orders >= s.capacity ? "dash-full" : undefined}>
                {/* Each time stays whole; on a narrow phone the end time goes under the start. */}
                <th scope="row">
                  <span className="dash-time">{s.starts}</span> –{" "}
                  <span className="dash-time">{s.ends}</span>
                </th>
                <td>
                  {t("coordDashboard.ofCapacity", { orders: s.orders, capacity: s.capacity })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="hint">{t("coordDashboard.noSlots")}</p>
      )}
      <nav aria-label={t("coordDashboard.dayLinks", { date: day.dateLabel })}>
        <ul className="dash-links">
          <li>
            <Link to={`/coordinacion/ferias/${day.id}`}>{t("coordDashboard.toMarketDay")}</Link>
          </li>
          <li>
            <Link to="/coordinacion/recojo">{t("coordDashboard.toDesk")}</Link>
          </li>
          <li>
            <Link to={`/coordinacion/hojas?fecha=${day.date}`}>{t("coordDashboard.toSheets")}</Link>
          </li>
        </ul>
      </nav>
    </section>
  );
}
