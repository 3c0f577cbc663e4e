import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { Field } from "./fields";

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
      <Field id={id} label={t("coordSettlement.sheets.day")}>
        <select id={id} name="fecha" defaultValue={selected}>
          {days.map((d) => (
            <option key={d.date} value={d.date}>
              {d.label}
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
