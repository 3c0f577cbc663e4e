/** Markets and their market days, as the public pages show them. */
import { and, asc, countDistinct, eq, gte, inArray, sql } from "drizzle-orm";
import {
  categories,
  marketDays,
  markets,
  offers,
  products,
  type MarketDay,
} from "../../../db/schema";
import { preparedOnce, rememberFor } from "../../infra/db.server";
import { limaDateOf } from "../../lib/time";
import { offerOnSaleSql } from "../catalogue/offer-on-sale.server";
import { selectOffers } from "../catalogue/offer-rows.server";

// Both run on nearly every request: prepared once.
const firstMarket = preparedOnce((database) =>
  database.select().from(markets).orderBy(asc(markets.id)).limit(1).prepare(),
);
const nextMarketDay = preparedOnce((database) =>
  database
    .select()
    .from(marketDays)
    .where(
      and(
        eq(marketDays.marketId, sql.placeholder("marketId")),
        gte(marketDays.date, sql.placeholder("today")),
        // Drafts ("scheduled") are the coordinator's until published.
        inArray(marketDays.status, ["open", "closed"]),
      ),
    )
    .orderBy(asc(marketDays.date))
    .limit(1)
    .prepare(),
);

// Read on nearly every request: a coordinator's change shows within a second, and reservations
// re-read the market day inside their own transaction.
const defaultMarket = rememberFor(
  1000,
  () => firstMarket().get(),
  () => "",
);
const nextDay = rememberFor(
  1000,
  ({ marketId, today }: { marketId: number; today: string }) =>
    nextMarketDay().get({ marketId, today }),
  ({ marketId, today }) => `${marketId}|${today}`,
);

/** The market this deployment serves first (the association's own). */
export function getDefaultMarket() {
  return defaultMarket(undefined);
}

/**
 * The next published market day on or after today in Lima (open or closed to orders; not a
 * draft, cancelled or completed).
 * `fresh` skips the one-second memory, for pages where a cutoff just passed must show at once.
 */
export function getNextMarketDay({
  marketId,
  now = new Date(),
  fresh = false,
}: {
  marketId: number;
  now?: Date;
  fresh?: boolean;
}) {
  const today = limaDateOf(now);
  return fresh ? nextMarketDay().get({ marketId, today }) : nextDay({ marketId, today });
}

export type OrderWindow = "upcoming" | "open" | "closed";

/** Whether a market day takes orders at `now`. The cutoff is always judged here, on the server. */
export function orderWindow(
  day: Pick<MarketDay, "status" | "ordersOpenAt" | "cutoffAt">,
  now = new Date(),
): OrderWindow {
  if (day.status !== "open" && day.status !== "scheduled") return "closed";
  if (now >= day.cutoffAt) return "closed";
  if (now < day.ordersOpenAt || day.status === "scheduled") return "upcoming";
  return "open";
}

/** What is on offer on a market day: producers, offers, and their categories (two queries). */
export function getMarketDayOverview(marketDayId: number) {
  const onOffer = and(eq(offers.marketDayId, marketDayId), offerOnSaleSql);
  const counts = selectOffers({
    producerCount: countDistinct(offers.producerId),
    offerCount: countDistinct(offers.id),
  })
    .where(onOffer)
    .get() ?? { producerCount: 0, offerCount: 0 };
  const categoryRows = selectOffers(
    {
      slug: categories.slug,
      nameEs: categories.nameEs,
      nameQu: categories.nameQu,
      nameEn: categories.nameEn,
      position: categories.position,
    },
    { distinct: true },
  )
    .innerJoin(categories, eq(categories.id, products.categoryId))
    .where(onOffer)
    .orderBy(asc(categories.position))
    .all();
  return { ...counts, categories: categoryRows };
}

/** A category's name in the UI language. */
export function categoryName(
  category: { nameEs: string; nameQu: string; nameEn: string },
  locale: string,
) {
  if (locale === "qu") return category.nameQu;
  if (locale === "en") return category.nameEn;
  return category.nameEs;
}

/** The market day consumers order for now: the default market's next one. */
export function getCurrentMarketDay() {
  const market = getDefaultMarket();
  return market ? getNextMarketDay({ marketId: market.id }) : undefined;
}
