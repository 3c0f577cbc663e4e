/**
 * What a family basket's compose page shows without a form: how many baskets can be made, and
 * its price against its contents bought alone, shared among their producers.
 */
import { useTranslation } from "../infra/translate";
import { formatMoney } from "../lib/format";
import type { BundleComposeView } from "./BundleComposeForms";
import { ScrollTable } from "./tables";

/** How many baskets the stock allows, the cap, and what stands in the way. */
export function Availability({ data }: { data: BundleComposeView }) {
  const { t } = useTranslation();
  const { bundle, contents } = data;
  const blocked = contents.filter((c) => !c.onSale).map((c) => c.productName);
  return (
    <section className="card" aria-labelledby="availability-title">
      <h2 id="availability-title">{t("coordBundles.availabilityTitle")}</h2>
      {contents.length === 0 ? (
        <p>{t("coordBundles.noContents")}</p>
      ) : (
        <>
          <p>
            <strong>{t("coordBundles.byStock", { count: bundle.byStock })}</strong>
          </p>
          {blocked.length ? (
            <p className="notice-inline">
              {t("coordBundles.blockedBy", { products: blocked.join(", ") })}
            </p>
          ) : null}
        </>
      )}
      <p>
        {t("coordBundles.taken", { count: bundle.taken })}
        <br />
        {bundle.maxCount === null
          ? t("coordBundles.noCapLine")
          : t("coordBundles.capLine", { count: bundle.maxCount })}
        <br />
        {bundle.perCustomerLimit === null
          ? t("coordBundles.noLimitLine")
          : t("coordBundles.limitLine", { count: bundle.perCustomerLimit })}
        <br />
        {t("coordBundles.canMake", { count: bundle.canMake })}
      </p>
      {bundle.status === "active" ? null : <p className="hint">{t("coordBundles.notOnSaleYet")}</p>}
    </section>
  );
}

/** The contents bought alone against the basket's price, and how the price is shared. */
export function PriceAndShares({ data }: { data: BundleComposeView }) {
  const { t } = useTranslation();
  const { bundle, shares, contents } = data;
  const difference = bundle.valueAloneCents - bundle.priceCents;
  return (
    <section className="card" aria-labelledby="price-title">
      <h2 id="price-title">{t("coordBundles.valueTitle")}</h2>
      {contents.length === 0 ? (
        <p>{t("coordBundles.sharesEmpty")}</p>
      ) : (
        <>
          <p>
            {t("coordBundles.valueAlone", {
              value: formatMoney(bundle.valueAloneCents),
              price: formatMoney(bundle.priceCents),
            })}{" "}
            <strong>
              {difference > 0
                ? t("coordBundles.saves", { amount: formatMoney(difference) })
                : difference < 0
                  ? t("coordBundles.paysMore", { amount: formatMoney(-difference) })
                  : t("coordBundles.same")}
            </strong>
          </p>
          <h3 id="shares-title">{t("coordBundles.sharesTitle")}</h3>
          <p className="hint">{t("coordBundles.sharesExplained")}</p>
          <ScrollTable
            captionId="shares-caption"
            className="coord-slots"
            caption={t("coordBundles.sharesCaption", { percent: shares.percent })}
            columns={[
              t("coordBundles.col.producer"),
              t("coordBundles.col.share"),
              t("coordBundles.col.commission"),
              t("coordBundles.col.net"),
            ]}
          >
            <tbody>
              {shares.rows.map((r) => (
                <tr key={r.producerId}>
                  <th scope="row">{r.farmName}</th>
                  <td className="coord-nowrap">{formatMoney(r.shareCents)}</td>
                  <td className="coord-nowrap">{formatMoney(r.commissionCents)}</td>
                  <td className="coord-nowrap">{formatMoney(r.netCents)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("coordBundles.total")}</th>
                <td className="coord-nowrap">{formatMoney(shares.total.shareCents)}</td>
                <td className="coord-nowrap">{formatMoney(shares.total.commissionCents)}</td>
                <td className="coord-nowrap">{formatMoney(shares.total.netCents)}</td>
              </tr>
            </tfoot>
          </ScrollTable>
        </>
      )}
      <p className="hint">{t("coordBundles.ordersUntouched")}</p>
    </section>
  );
}
