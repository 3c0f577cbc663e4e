import { json } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { OfferCard, ProductPhoto } from "../ui/OfferCard";
import { getTranslator } from "../infra/i18n.server";
import { formatMarketDate } from "../lib/format";
import { getProducerOffers, getProducerProfile } from "../features/catalogue/catalogue.server";
import {
  getDefaultMarket,
  getNextMarketDay,
  orderWindow,
} from "../features/market-days/markets.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await getTranslator(request);
  const market = getDefaultMarket();
  const producer = market
    ? getProducerProfile({ marketId: market.id, slug: params.slug ?? "" })
    : null;
  if (!market || !producer) throw new Response("Not found", { status: 404 });
  const day = getNextMarketDay({ marketId: market.id });
  const offers = day ? getProducerOffers({ producerId: producer.id, marketDayId: day.id }) : [];
  return json({
    producer,
    dayLabel: day ? formatMarketDate(day.date, locale) : null,
    canOrder: day ? orderWindow(day) === "open" : false,
    offers: offers.map((o) => ({
      ...o,
      certifications: producer.certifications.map((c) => c.kind),
    })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.producer.farmName} · Qhatu` : "Qhatu" },
];

export default function ProducerProfile() {
  const { t } = useTranslation();
  const { producer, dayLabel, offers, canOrder } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="card producer-profile" aria-labelledby="producer-name">
        <ProductPhoto photoKey={producer.photoKey} alt={producer.farmName} />
        <h1 id="producer-name">{producer.farmName}</h1>
        <p className="muted">
          {[producer.community, producer.district, producer.province].filter(Boolean).join(", ")}
        </p>
        {producer.story ? <p>{producer.story}</p> : null}
        {producer.certifications.length > 0 ? (
          <>
            <h2>{t("producerProfile.certifications")}</h2>
            <ul>
              {producer.certifications.map((c) => (
                <li key={`${c.kind}-${c.certifier}`}>
                  {t(`certification.${c.kind}`)} · {c.certifier} ·{" "}
                  {t("producerProfile.since", { date: c.certifiedOn })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <h2>
        {dayLabel ? t("producerProfile.thisWeek", { date: dayLabel }) : t("home.noMarketDayTitle")}
      </h2>
      {offers.length === 0 ? (
        <p>{t("producerProfile.noOffers")}</p>
      ) : (
        <div className="offer-grid">
          {offers.map((offer) => (
            <OfferCard key={offer.offerId} offer={offer} showProducer={false} canOrder={canOrder} />
          ))}
        </div>
      )}
    </>
  );
}
