import { json } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { BundleAddForm, BundleLeft, BundleSavings } from "../ui/BundleCard";
import { ProductPhoto } from "../ui/OfferCard";
import { getTranslator } from "../infra/i18n.server";
import { formatMarketDate, formatMoney } from "../lib/format";
import { getPublicBundle } from "../features/bundles/bundles.server";
import { idParam } from "../lib/route-params";
import { getDefaultMarket, orderWindow } from "../features/market-days/markets.server";

/** A family basket's own page: what it holds, producer by producer, and a form to add it. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await getTranslator(request);
  const id = idParam(params.id);
  const market = getDefaultMarket();
  // Drafts, paused baskets, days not yet published and other markets' baskets: not found.
  const found = market ? getPublicBundle(id) : null;
  if (!found || found.bundle.marketId !== market?.id)
    throw new Response("Not found", { status: 404 });
  const { bundle, day } = found;
  const producers = new Map<
    number,
    {
      producerId: number;
      farmName: string;
      producerSlug: string;
      community: string;
      items: { offerId: number; productName: string; unit: string; perBundle: number }[];
    }
  >();
  for (const c of bundle.contents) {
    const producer = producers.get(c.producerId) ?? {
      producerId: c.producerId,
      farmName: c.farmName,
      producerSlug: c.producerSlug,
      community: c.community,
      items: [],
    };
    producer.items.push({
      offerId: c.offerId,
      productName: c.productName,
      unit: c.unit,
      perBundle: c.perBundle,
    });
    producers.set(c.producerId, producer);
  }
  return json({
    bundle: {
      id: bundle.id,
      name: bundle.name,
      description: bundle.description,
      photoKey: bundle.photoKey,
      priceCents: bundle.priceCents,
      valueAloneCents: bundle.valueAloneCents,
      left: bundle.left,
      perCustomerLimit: bundle.perCustomerLimit,
    },
    producers: [...producers.values()],
    day: { date: day.date, dateLabel: formatMarketDate(day.date, locale) },
    canOrder: orderWindow(day) === "open",
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.bundle.name} · Qhatu` : "Qhatu" },
];

export default function BundlePage() {
  const { t } = useTranslation();
  const { bundle, producers, day, canOrder } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to={`/feria/${day.date}`}>{t("bundles.backToMarket", { date: day.dateLabel })}</Link>
      </p>
      <section className="card bundle-page" aria-labelledby="bundle-title" id="canasta">
        <ProductPhoto photoKey={bundle.photoKey} alt={bundle.name} />
        <p className="badge">{t("bundles.badge")}</p>
        <h1 id="bundle-title">{bundle.name}</h1>
        {bundle.description ? <p>{bundle.description}</p> : null}
        <dl className="facts">
          <div>
            <dt>{t("bundles.basketPrice")}</dt>
            <dd>
              <strong>{formatMoney(bundle.priceCents)}</strong>
            </dd>
          </div>
          <div>
            <dt>{t("bundles.valueAlone")}</dt>
            <dd>{formatMoney(bundle.valueAloneCents)}</dd>
          </div>
        </dl>
        <BundleSavings priceCents={bundle.priceCents} valueAloneCents={bundle.valueAloneCents} />
        <BundleLeft left={bundle.left} limit={bundle.perCustomerLimit} />
        {!canOrder ? (
          <p>{t("bundles.notOrderable")}</p>
        ) : bundle.left > 0 ? (
          <BundleAddForm bundle={bundle} anchor="canasta" visibleLabel />
        ) : null}
      </section>

      <section className="card" aria-labelledby="contents-title">
        <h2 id="contents-title">{t("bundles.contentsTitle")}</h2>
        {producers.map((producer) => (
          <section
            key={producer.producerId}
            aria-labelledby={`bundle-producer-${producer.producerId}`}
          >
            <h3 id={`bundle-producer-${producer.producerId}`}>
              <Link to={`/productores/${producer.producerSlug}`}>{producer.farmName}</Link>
              <span className="muted"> · {producer.community}</span>
            </h3>
            <ul className="order-items">
              {producer.items.map((item) => (
                <li key={item.offerId}>
                  {t("bundles.contentLine", {
                    quantity: item.perBundle,
                    product: item.productName,
                    unit: t(`units.${item.unit}`),
                  })}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </section>
    </>
  );
}
