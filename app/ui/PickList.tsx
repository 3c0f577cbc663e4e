/**
 * The pieces a pick list is shown with, on the producer's "qué llevar" page and on the
 * coordinator's printed sheets alike, so both read the same units the same way.
 */
import type { ReactNode } from "react";
import { useTranslation } from "../infra/translate";
import type { PickItem, PickTotal } from "../features/picklists/pick-lists.server";
import { ColumnHeads } from "./tables";

/** What to bring: one row per product, with the part going into family baskets noted. */
export function PickTotalsTable({
  totals,
  caption,
  className,
}: {
  totals: PickTotal[];
  caption?: ReactNode;
  className?: string;
}) {
  const { t } = useTranslation();
  return (
    <table className={className}>
      {caption ? <caption>{caption}</caption> : null}
      <ColumnHeads columns={[t("pickList.product"), t("pickList.quantity")]} />
      <tbody>
        {totals.map((row) => (
          <tr key={`${row.productName}|${row.unit}`}>
            <td>{row.productName}</td>
            <td>
              <Quantity
                amount={row.quantity}
                unit={row.unit}
                note={row.inBundles ? t("pickList.inBaskets", { quantity: row.inBundles }) : null}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "**3** kg", and after it, muted, a note such as the part that goes into family baskets. */
export function Quantity({
  amount,
  unit,
  note,
}: {
  amount: ReactNode;
  unit: string;
  note?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <strong>{amount}</strong> {t(`units.${unit}`)}
      {note ? <span className="muted"> {note}</span> : null}
    </>
  );
}

/** " — for 2 × Canasta…" after a line whose units go into family baskets; nothing otherwise. */
export function ForBundles({ bundle }: { bundle: PickItem["bundle"] }) {
  const { t } = useTranslation();
  if (!bundle) return null;
  return (
    <>
      {" — "}
      <strong>{t("pickList.forBasket", { baskets: bundle.count, name: bundle.name })}</strong>
    </>
  );
}
