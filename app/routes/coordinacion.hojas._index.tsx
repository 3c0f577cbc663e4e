import { json } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { MarketDayPicker } from "../ui/MarketDayPicker";
import { formatMarketDate } from "../lib/format";
import { requireCoordinatorDay } from "../features/market-days/coord-day.server";
import { titleMeta } from "../lib/meta";

/** Choose a market day (the next one unless `?fecha=` says otherwise) and get its sheets. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { t, locale, day, choices } = await requireCoordinatorDay(request, "coming");
  return json({
    title: t("coordSettlement.sheets.title"),
    days: choices,
    day: day ? { date: day.date, label: formatMarketDate(day.date, locale) } : null,
  });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

export default function SheetsIndex() {
  const { t } = useTranslation();
  const { days, day } = useLoaderData<typeof loader>();
  if (!day) return <p className="card">{t("coordSettlement.sheets.noDays")}</p>;
  const base = `/coordinacion/hojas/${day.date}`;
  return (
    <>
      <h1>{t("coordSettlement.sheets.title")}</h1>
      <MarketDayPicker id="sheets-day" selected={day.date} days={days} showStatus />

      <section className="card" aria-labelledby="sheets-for">
        <h2 id="sheets-for">{t("coordSettlement.sheets.linksFor", { date: day.label })}</h2>
        <h3>{t("coordSettlement.sheets.toPrint")}</h3>
        <ul className="sheet-links">
          <li>
            <Link to={`${base}/preparacion`}>{t("coordSettlement.sheets.pickLists")}</Link>
            <span className="hint"> {t("coordSettlement.sheets.pickListsHint")}</span>
          </li>
          <li>
            <Link to={`${base}/canastas`}>{t("coordSettlement.sheets.packing")}</Link>
            <span className="hint"> {t("coordSettlement.sheets.packingHint")}</span>
          </li>
          <li>
            <Link to={`${base}/recojo`}>{t("coordSettlement.sheets.pickupLists")}</Link>
            <span className="hint"> {t("coordSettlement.sheets.pickupListsHint")}</span>
          </li>
        </ul>
        <h3>{t("coordSettlement.sheets.exports")}</h3>
        <p className="hint">{t("coordSettlement.sheets.exportsHint")}</p>
        <ul className="sheet-links">
          <li>
            <a href={`${base}/pedidos.csv`} download>
              {t("coordSettlement.sheets.ordersCsv")}
            </a>
          </li>
          <li>
            <a href={`${base}/detalle.csv`} download>
              {t("coordSettlement.sheets.itemsCsv")}
            </a>
          </li>
          <li>
            <a href={`${base}/liquidacion.csv`} download>
              {t("coordSettlement.sheets.settlementCsv")}
            </a>
          </li>
        </ul>
        <p>
          <Link to={`/coordinacion/liquidaciones?fecha=${day.date}`}>
            {t("coordSettlement.sheets.settlementPage")}
          </Link>
        </p>
      </section>
    </>
  );
}
