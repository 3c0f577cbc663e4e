/**
 * The counter's parts that the desk shows the same online (DeskOrder.tsx, a form the server
 * reads) and offline (desk-offline/OfflineOrder.tsx, kept on the device): what is handed over
 * per producer, and the cash with its change.
 */
import { useTranslation } from "../infra/translate";
import { lineCents, type PricedLine } from "../features/ordering/line-value";
import { formatMoney } from "../lib/format";
import { givenBackCentsOf } from "../features/desk/cash";

type CounterItem = PricedLine & {
  id: number;
  producerId: number;
  farmName: string;
  productName: string;
  unit: string;
  bundleName?: string | null;
  bundleCount?: number | null;
};

export function byProducer<Item extends CounterItem>(items: Item[]) {
  const groups = new Map<number, { farmName: string; items: Item[] }>();
  for (const item of items) {
    const group = groups.get(item.producerId) ?? { farmName: item.farmName, items: [] };
    group.items.push(item);
    groups.set(item.producerId, group);
  }
  return [...groups.values()];
}

/**
 * Units handed over per item, grouped by producer. `named` gives the inputs the form names the
 * server reads (`items[i].id`, `items[i].delivered`, numbered in the order of `items`).
 */
export function DeliveredItems({
  items,
  delivered,
  onChange,
  idPrefix,
  named,
}: {
  items: CounterItem[];
  delivered: number[];
  onChange: (next: number[]) => void;
  idPrefix: string;
  named: boolean;
}) {
  const { t } = useTranslation();
  const indexOf = new Map(items.map((item, index) => [item.id, index]));
  const hint = `${idPrefix}delivered-hint`;
  return (
    <>
      {byProducer(items).map((group) => (
        <fieldset key={group.farmName} className="desk-producer">
          <legend>{group.farmName}</legend>
          {group.items.map((item) => {
            const at = indexOf.get(item.id)!;
            const id = `${idPrefix}delivered-${item.id}`;
            return (
              <div key={item.id} className="desk-item">
                {named ? <input type="hidden" name={`items[${at}].id`} value={item.id} /> : null}
                <label htmlFor={id}>
                  {item.productName} <span className="muted">{orderedText(item, t)}</span>
                </label>
                <input
                  id={id}
                  name={named ? `items[${at}].delivered` : undefined}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={item.quantity}
                  value={delivered[at]}
                  onChange={(event) => {
                    const next = [...delivered];
                    next[at] = Math.max(
                      0,
                      Math.min(item.quantity, Number(event.target.value) || 0),
                    );
                    onChange(next);
                  }}
                  aria-describedby={hint}
                />
              </div>
            );
          })}
        </fieldset>
      ))}
      <p id={hint} className="hint">
        {t("coordDesk.deliveredHint")}
      </p>
    </>
  );
}

/**
 * What was ordered. A basket's line is worth its share of the basket's price: its unit price
 * is only a rounded quotient, so the line's value is shown instead.
 */
function orderedText(item: CounterItem, t: ReturnType<typeof useTranslation>["t"]) {
  return item.bundleName
    ? t("coordDesk.orderedInBasket", {
        quantity: item.quantity,
        unit: t(`units.${item.unit}`),
        baskets: item.bundleCount,
        basket: item.bundleName,
        value: formatMoney(lineCents(item)),
      })
    : t("coordDesk.ordered", {
        quantity: item.quantity,
        unit: t(`units.${item.unit}`),
        price: formatMoney(item.unitPriceCents),
      });
}

/** The cash handed over, with the change (or what is missing) as it is typed. */
export function CashReceived({
  cash,
  onChange,
  cashCents,
  total,
  idPrefix,
  named,
}: {
  cash: string;
  onChange: (cash: string) => void;
  cashCents: number | null;
  total: number;
  idPrefix: string;
  named: boolean;
}) {
  const { t } = useTranslation();
  const id = `${idPrefix}cash-received`;
  return (
    <div className="field">
      <label htmlFor={id}>{t("coordDesk.cashReceived")}</label>
      <p id={`${idPrefix}cash-hint`} className="hint">
        {t("coordDesk.cashHint")}
      </p>
      <input
        id={id}
        name={named ? "cashReceived" : undefined}
        inputMode="decimal"
        autoComplete="off"
        value={cash}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={`${idPrefix}cash-hint ${idPrefix}cash-change`}
      />
      <p id={`${idPrefix}cash-change`} className="desk-change" aria-live="polite">
        {cashCents === null
          ? ""
          : cashCents >= total
            ? t("coordDesk.change", { change: formatMoney(cashCents - total) })
            : t("coordDesk.missing", { missing: formatMoney(total - cashCents) })}
      </p>
    </div>
  );
}

/**
 * An order paid before the desk (card, or Yape/Plin verified): nothing to collect. A Yape/Plin
 * order handed over short shows what to give back to the family (not cash taken at the desk).
 */
export function PaidNotice({
  order,
  total,
}: {
  order: { paymentMethod: string; paymentStatus: string; totalCents: number };
  total: number;
}) {
  const { t } = useTranslation();
  if (order.paymentMethod !== "yape_plin") {
    return <p className="muted">{t(`coordDesk.paidBy.${order.paymentStatus}`)}</p>;
  }
  const givenBack = givenBackCentsOf(order, total);
  if (givenBack === null) return <p className="muted">{t("coordDesk.walletNotPaid")}</p>;
  return (
    <>
      <p className="muted">{t("coordDesk.walletPaid")}</p>
      {givenBack > 0 ? (
        <p className="desk-change" aria-live="polite">
          {t("coordDesk.walletGiveBack", {
            givenBack: formatMoney(givenBack),
            paid: formatMoney(order.totalCents),
          })}
        </p>
      ) : null}
    </>
  );
}

/** An order still waiting for its payment (card in progress, Yape/Plin not verified): not handed over. */
export function NotPaidYet({ paymentMethod }: { paymentMethod: string }) {
  const { t } = useTranslation();
  return (
    <p className="field-error card" role="status">
      {t(paymentMethod === "yape_plin" ? "coordDesk.walletNotPaid" : "coordDesk.paidBy.pending")}
    </p>
  );
}
