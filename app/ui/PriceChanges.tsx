import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { formatMoney } from "../lib/format";
import type { PriceChange } from "../features/ordering/seen-prices";

/**
 * Checkout refused because prices changed after the page was shown: each line as it was and
 * as it is now (line totals, as the summary shows them), the new total, and one plain form that
 * posts the same checkout again with these prices as seen, so one tap reserves at them.
 */
export function PriceChanges({
  changes,
  totalCents,
  accept,
}: {
  changes: PriceChange[];
  totalCents: number;
  accept: { seenPrices: string; slotId: string; paymentMethod: string; idempotencyKey: string };
}) {
  const { t } = useTranslation();
  return (
    <>
      <ul>
        {changes.map((c) => {
          const values = {
            quantity: c.quantity,
            name: c.kind === "bundle" ? `${c.name} (${t("bundles.badge")})` : c.name,
            before: c.before === null ? "" : formatMoney(c.before * c.quantity),
            after: formatMoney(c.after * c.quantity),
          };
          return (
            <li key={`${c.kind}-${c.id}`}>
              {c.before === null
                ? t("checkout.priceAddedLine", values)
                : t("checkout.priceChangedLine", values)}
            </li>
          );
        })}
      </ul>
      <p>
        {t("checkout.newTotal")}: <strong>{formatMoney(totalCents)}</strong>
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="confirm" />
        <input type="hidden" name="idempotencyKey" value={accept.idempotencyKey} />
        <input type="hidden" name="slotId" value={accept.slotId} />
        <input type="hidden" name="paymentMethod" value={accept.paymentMethod} />
        <input type="hidden" name="seenPrices" value={accept.seenPrices} />
        <button type="submit" className="button primary">
          {t("checkout.acceptPrices")}
        </button>
      </Form>
    </>
  );
}
