import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { Field } from "./fields";

/**
 * A GET form choosing one of the market's days by date (`?fecha=`): works without JavaScript.
 * `showStatus` names each day's status after its date, for pages where a day to come and a
 * day held are chosen alike (sheets, baskets).
 */
export function MarketDayPicker({
  id,
  days,
  selected,
  showStatus = false,
}: {
  id: string;
  days: { date: string; label: string; status?: string }[];
  selected: string;
  showStatus?: boolean;
}) {
  const { t } = useTranslation();
  const optionLabel = (d: (typeof days)[number]) =>
    showStatus
      ? t("coordSettlement.sheets.dayOption", {
          date: d.label,
          status: t(`coordSettlement.dayStatus.${d.status}`),
        })
      : d.label;
  return (
    <Form
      method="get"
      className="card filter-row"
      aria-label={t("coordSettlement.sheets.chooseDay")}
    >
      <Field id={id} label={t("coordSettlement.sheets.day")}>
        <select id={id} name="fecha" defaultValue={selected}>
          {days.map((d) => (
            <option key={d.date} value={d.date}>
              {optionLabel(d)}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" className="button">
        {t("coordSettlement.sheets.show")}
      </button>
    </Form>
  );
}
