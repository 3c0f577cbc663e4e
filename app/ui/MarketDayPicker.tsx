import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";

/** A GET form choosing one of the market's days by date (`?fecha=`): works without JavaScript. */
export function MarketDayPicker({
  id,
  days,
  selected,
}: {
  id: string;
  days: { date: string; label: string }[];
  selected: string;
}) {
  const { t } = useTranslation();
  return (
    <Form
      method="get"
      className="card filter-row"
      aria-label={t("coordSettlement.sheets.chooseDay")}
    >
      <div className="field">
        <label htmlFor={id}>{t("coordSettlement.sheets.day")}</label>
        <select id={id} name="fecha" defaultValue={selected}>
          {days.map((d) => (
            <option key={d.date} value={d.date}>
              {d.label}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button">
        {t("coordSettlement.sheets.show")}
      </button>
    </Form>
  );
}
