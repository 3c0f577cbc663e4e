import { useTranslation } from "../infra/translate";
import { formatMoney } from "../lib/format";
import { AddToCartForm } from "./AddToCartForm";

export type OfferCardData = {
  offerId: number;
  productName: string;
  unit: string;
  priceCents: number;
  left: number;
  perCustomerLimit: number | null;
  photoKey: string | null;
  farmName: string;
  producerSlug: string;
  community: string;
  province: string;
  certifications: string[];
};

/** Small lazy photo with fixed size so nothing jumps, or a plain placeholder. */
export function ProductPhoto({ photoKey, alt }: { photoKey: string | null; alt: string }) {
  if (!photoKey) return <div className="photo placeholder" aria-hidden="true" />;
  return (
    <img
      className="photo"
      src={`/fotos/${photoKey}-320.webp`}
      alt={alt}
      width={320}
      height={240}
      loading="lazy"
      decoding="async"
    />
  );
}

/** One offer: what, who, how much, how many left, and a form to add it to the basket. */
export function OfferCard({
  offer,
  showProducer = true,
  canOrder = true,
}: {
  offer: OfferCardData;
  showProducer?: boolean;
  /** False when the market day does not take orders: no add button then. */
  canOrder?: boolean;
}) {
  const { t } = useTranslation();
  const soldOut = offer.left <= 0;
  const max = Math.max(1, Math.min(offer.left, offer.perCustomerLimit ?? offer.left));
  return (
    <article
      className={`offer${soldOut ? " sold-out" : ""}`}
      id={`oferta-${offer.offerId}`}
      aria-labelledby={`name-${offer.offerId}`}
    >
      <ProductPhoto photoKey={offer.photoKey} alt={offer.productName} />
      <div className="offer-body">
        <h3 id={`name-${offer.offerId}`}>{offer.productName}</h3>
        {showProducer ? (
          <p className="producer">
            <a href={`/productores/${offer.producerSlug}`}>{offer.farmName}</a>
            {" · "}
            {offer.community}, {offer.province}
          </p>
        ) : null}
        {offer.certifications.length > 0 ? (
          <p className="certs">
            {offer.certifications.map((c) => (
              <span key={c} className="badge">
                {t(`certification.${c}`)}
              </span>
            ))}
          </p>
        ) : null}
        <p className="price">
          <strong>{formatMoney(offer.priceCents)}</strong>{" "}
          {t("catalogue.perUnit", { unit: t(`units.${offer.unit}`) })}
        </p>
        <p className={soldOut ? "stock sold-out-label" : "stock"}>
          {soldOut ? t("catalogue.soldOut") : t("catalogue.left", { count: offer.left })}
          {offer.perCustomerLimit !== null && !soldOut
            ? ` · ${t("catalogue.limit", { count: offer.perCustomerLimit })}`
            : null}
        </p>
        {soldOut || !canOrder ? null : (
          <AddToCartForm
            what="offer"
            id={offer.offerId}
            anchor={`oferta-${offer.offerId}`}
            label={t("catalogue.quantityFor", { product: offer.productName })}
            max={max}
            inputId={`qty-${offer.offerId}`}
            statusId={`status-${offer.offerId}`}
            words={{
              add: "catalogue.add",
              added: "catalogue.added",
              capped: "basket.cappedShort",
              error: "errors.offerUnavailable",
            }}
          />
        )}
      </div>
    </article>
  );
}
