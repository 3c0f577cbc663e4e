import type { ReactNode } from "react";
import { Link } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { ColumnHeads } from "./tables";
import {
  ACTIVE_ORDER_STATUSES,
  inGroup,
  type OrderStatus,
} from "../features/ordering/order-status";

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

/**
 * One printed A4 page of a sheet, labelled by its heading (`id`): under it, `meta` (the day, the
 * producer…) if any, then its tables.
 */
export function SheetPage({
  id,
  title,
  meta,
  children,
}: {
  id: string;
  title: ReactNode;
  meta?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="sheet-page" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {meta ? <p className="sheet-meta">{meta}</p> : null}
      {children}
    </section>
  );
}

/**
 * The first cells of an order's row on a paper sheet: a box to tick while the order still
 * stands (otherwise its status, so nobody hands over a cancelled order), and its pickup code.
 */
export function OrderRowStart({ status, code }: { status: OrderStatus; code: string }) {
  const { t } = useTranslation();
  return (
    <>
      <td className="check-cell">
        {inGroup(ACTIVE_ORDER_STATUSES, status) ? (
          <span className="paper-box" aria-hidden="true" />
        ) : (
          t(`orderStatus.${status}`)
        )}
      </td>
      <th scope="row" className="sheet-code">
        {code}
      </th>
    </>
  );
}

/**
 * A paper table of a pickup slot's orders: per order a box to tick under `check` and its
 * pickup code, then its `cells` under `columns`.
 */
export function SlotOrdersTable<Order extends { status: OrderStatus; code: string }>({
  caption,
  check,
  columns,
  orders,
  cells,
}: {
  caption: ReactNode;
  check: ReactNode;
  columns: ReactNode[];
  orders: Order[];
  cells: (order: Order) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <table className="sheet-table">
      <caption>{caption}</caption>
      <ColumnHeads check={check} columns={[t("coordSettlement.columns.code"), ...columns]} />
      <tbody>
        {orders.map((o) => (
          <tr key={o.code}>
            <OrderRowStart status={o.status} code={o.code} />
            {cells(o)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
