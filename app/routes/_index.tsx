import { json } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { getTranslator } from "../infra/i18n.server";
import { formatDateTime, formatMarketDate, formatTime, formatTimeLeft } from "../lib/format";
import {
  categoryName,
  getDefaultMarket,
  getMarketDayOverview,
  getNextMarketDay,
  orderWindow,
} from "../features/market-days/markets.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { t, locale } = await getTranslator(request);
  const market = getDefaultMarket();
  const now = new Date();
  const day = market ? getNextMarketDay({ marketId: market.id, now }) : undefined;
  if (!market || !day) {
    return json({ title: t("home.title"), marketName: market?.name ?? null, day: null });
  }
  const overview = getMarketDayOverview(day.id);
  // Dates are worded here, on the server, so the page reads the same before and after hydration.
  return json({
    title: t("home.title"),
    marketName: market.name,
    day: {
      date: day.date,
      dateLabel: formatMarketDate(day.date, locale),
      window: orderWindow(day, now),
      cutoffLabel: formatDateTime(day.cutoffAt, locale),
      cutoffIso: day.cutoffAt.toISOString(),
      timeLeft: formatTimeLeft(day.cutoffAt, now, locale),
      opensLabel: formatDateTime(day.ordersOpenAt, locale),
      pickupStart: formatTime(day.pickupStartAt, locale),
      pickupEnd: formatTime(day.pickupEndAt, locale),
      place: day.place,
      producerCount: overview.producerCount,
      offerCount: overview.offerCount,
      categories: overview.categories.map((c) => ({ slug: c.slug, name: categoryName(c, locale) })),
    },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.marketName ? `${data.title} · ${data.marketName}` : (data?.title ?? "Qhatu") },
  { name: "description", content: data?.title ?? "Qhatu" },
];

export default function Home() {
  const { t } = useTranslation();
  const { marketName, day } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">{marketName ?? "Qhatu"}</h1>
        <p className="lead">{t("home.tagline")}</p>
      </section>

      {day ? (
        <section className="card market-day" aria-labelledby="next-day-title">
          <h2 id="next-day-title">{t("home.nextMarketDay")}</h2>
          <p className="market-date">
            <time dateTime={day.date}>{day.dateLabel}</time>
          </p>
          <p className={`order-window ${day.window}`}>
            {day.window === "open" ? (
              <>
                {t("home.ordersOpenUntil", { cutoff: day.cutoffLabel })}{" "}
                <strong>
                  <time dateTime={day.cutoffIso}>({day.timeLeft})</time>
                </strong>
              </>
            ) : day.window === "upcoming" ? (
              t("home.ordersOpenFrom", { opens: day.opensLabel })
            ) : (
              t("home.ordersClosed")
            )}
          </p>
          <dl className="facts">
            <div>
              <dt>{t("home.pickup")}</dt>
              <dd>{t("home.pickupWindow", { start: day.pickupStart, end: day.pickupEnd })}</dd>
            </div>
            <div>
              <dt>{t("home.place")}</dt>
              <dd>{day.place}</dd>
            </div>
            <div>
              <dt>{t("home.onOffer")}</dt>
              <dd>
                {t("home.producerCount", { count: day.producerCount })} ·{" "}
                {t("home.offerCount", { count: day.offerCount })}
              </dd>
            </div>
          </dl>
          {day.categories.length > 0 ? (
            <>
              <h3>{t("home.categories")}</h3>
              <ul className="chips">
                {day.categories.map((c) => (
                  <li key={c.slug}>{c.name}</li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : (
        <section className="card" aria-labelledby="no-day-title">
          <h2 id="no-day-title">{t("home.noMarketDayTitle")}</h2>
          <p>{t("home.noMarketDay")}</p>
        </section>
      )}

      <section className="card" aria-labelledby="producers-title">
        <h2 id="producers-title">{t("home.producersTitle")}</h2>
        <p>{t("home.producersBody")}</p>
        <p>
          <Link to="/registro?rol=productor" className="button">
            {t("home.producersCta")}
          </Link>
        </p>
      </section>
    </>
  );
}
