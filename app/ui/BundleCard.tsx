import { Link } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { formatMoney } from "../lib/format";
import { ProductPhoto } from "./OfferCard";
import { AddToCartForm } from "./AddToCartForm";

/** A family basket as the catalogue shows it (see toBundleCard in catalogue-page.server.ts). */
export type BundleCardData = {
  id: number;
  name: string;
  photoKey: string | null;
  priceCents: number;
  valueAloneCents: number;
  left: number;
  /** The most one family may take (null: no limit). */
  perCustomerLimit: number | null;
  productCount: number;
  producerCount: number;
};

/** The basket's own page address. */
export const bundlePath = (id: number) => `/feria/canastas/${id}`;

/** What the family saves (or pays more) against buying the same contents alone. */
export function BundleSavings({
  priceCents,
  valueAloneCents,
}: {
  priceCents: number;
  valueAloneCents: number;
}) {
  const { t } = useTranslation();
  const difference = valueAloneCents - priceCents;
  if (difference > 0)
    return (
      <p className="bundle-saving">{t("bundles.saves", { amount: formatMoney(difference) })}</p>
    );
  if (difference < 0)
    return <p className="muted">{t("bundles.costsMore", { amount: formatMoney(-difference) })}</p>;
  return <p className="muted">{t("bundles.sameAsAlone")}</p>;
}

/** "Quedan 4 canastas · máximo 1 por familia" or "Agotada". */
export function BundleLeft({ left, limit }: { left: number; limit: number | null }) {
  const { t } = useTranslation();
  return (
    <p className={left <= 0 ? "stock sold-out-label" : "stock"}>
      {left <= 0 ? t("bundles.soldOut") : t("bundles.left", { count: left })}
      {left > 0 && limit !== null ? ` · ${t("bundles.limit", { count: limit })}` : null}
    </p>
  );
}

/**
 * Adds baskets to the person's basket: a plain POST to /canasta that comes back to this page
 * without JavaScript; once the page is hydrated, answered in place through a fetcher.
 */
export function BundleAddForm({
  bundle,
  anchor,
  visibleLabel = false,
}: {
  bundle: Pick<BundleCardData, "id" | "name" | "left">;
  /** Where on the page a plain form comes back to. */
  anchor: string;
  visibleLabel?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <AddToCartForm
      what="bundle"
      id={bundle.id}
      anchor={anchor}
      label={t("bundles.quantityFor", { name: bundle.name })}
      visibleLabel={visibleLabel}
      max={Math.max(1, bundle.left)}
      inputId={`bundle-qty-${bundle.id}`}
      statusId={`bundle-status-${bundle.id}`}
      words={{
        add: "bundles.add",
        added: "bundles.added",
        capped: "bundles.cappedShort",
        error: "bundles.errors.unavailable",
      }}
    />
  );
}

/** One family basket in the catalogue: photo, name, price, what it holds, saving, left, add. */
export function BundleCard({
  bundle,
  canOrder = true,
}: {
  bundle: BundleCardData;
  /** False when the market day does not take orders: no add form then. */
  canOrder?: boolean;
}) {
  const { t } = useTranslation();
  const soldOut = bundle.left <= 0;
  const anchor = `canasta-${bundle.id}`;
  return (
    <article
      className={`offer bundle${soldOut ? " sold-out" : ""}`}
      id={anchor}
      aria-labelledby={`bundle-name-${bundle.id}`}
    >
      <ProductPhoto photoKey={bundle.photoKey} alt={bundle.name} />
      <div className="offer-body">
        <p className="badge">{t("bundles.badge")}</p>
        <h3 id={`bundle-name-${bundle.id}`}>
          <Link to={bundlePath(bundle.id)}>{bundle.name}</Link>
        </h3>
        <p className="price">
          <strong>{formatMoney(bundle.priceCents)}</strong> {t("bundles.perBasket")}
        </p>
        <p>
          {t("bundles.contains", {
            products: t("bundles.products", { count: bundle.productCount }),
            producers: t("bundles.producers", { count: bundle.producerCount }),
          })}
        </p>
        <BundleSavings priceCents={bundle.priceCents} valueAloneCents={bundle.valueAloneCents} />
        <BundleLeft left={bundle.left} limit={bundle.perCustomerLimit} />
        {soldOut || !canOrder ? null : <BundleAddForm bundle={bundle} anchor={anchor} />}
      </div>
    </article>
  );
}
