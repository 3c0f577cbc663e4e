import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * The top of a printable coordinator sheet, left off the paper: its title, any notes, how to
 * print, and the way back to the day's sheets.
 */
export function SheetHeading({
  title,
  date,
  children,
}: {
  title: string;
  /** The market day's date, YYYY-MM-DD. */
  date: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="no-print">
      <h1>{title}</h1>
      {children}
      <p className="hint">{t("coordSettlement.printHint")}</p>
      <p>
        <Link to={`/coordinacion/hojas?fecha=${date}`}>{t("coordSettlement.backToSheets")}</Link>
      </p>
    </div>
  );
}
