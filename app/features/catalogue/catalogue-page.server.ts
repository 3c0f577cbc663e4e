/** The loader behind /feria and /feria/:fecha. */
import { json } from "@remix-run/node";
import { CERTIFICATION_KINDS } from "../../../db/schema";
import { getTranslator } from "../../infra/i18n.server";
import type { BundleCardData } from "../../ui/BundleCard";
import { CUSCO_PROVINCES } from "../../lib/cusco";
import { formatDateTime, formatMarketDate } from "../../lib/format";
import { getCataloguePage, type CatalogueFilters } from "./catalogue.server";
import { findMarketDayByDate } from "../market-days/day-choice.server";
import { listPublicBundles, type BundleView } from "../bundles/bundles.server";
import {
  categoryName,
  getDefaultMarket,
  getNextMarketDay,
  orderWindow,
} from "../market-days/markets.server";

/** Filters come from the address bar: anything unknown is ignored rather than refused. */
function readFilters(url: URL): { filters: CatalogueFilters; page: number } {
  const get = (name: string) => url.searchParams.get(name)?.trim() || undefined;
  const category = get("categoria");
  const province = get("provincia");
  const certification = get("certificacion");
  const page = Number(get("pagina") ?? "1");
  return {
    filters: {
      category: category && /^[a-z0-9-]{1,60}$/.test(category) ? category : undefined,
      province: CUSCO_PROVINCES.find((p) => p === province),
      certification: CERTIFICATION_KINDS.find((c) => c === certification),
      q: get("q")?.slice(0, 80),
    },
    page: Number.isSafeInteger(page) && page >= 1 && page <= 10_000 ? page : 1,
  };
}

/** Only what a catalogue card shows: the rest of a BundleView stays on the server. */
export function toBundleCard(bundle: BundleView): BundleCardData {
  return {
    id: bundle.id,
    name: bundle.name,
    photoKey: bundle.photoKey,
    priceCents: bundle.priceCents,
    valueAloneCents: bundle.valueAloneCents,
    left: bundle.left,
    perCustomerLimit: bundle.perCustomerLimit,
    productCount: bundle.contents.length,
    producerCount: new Set(bundle.contents.map((c) => c.producerId)).size,
  };
}

const hasFilter = (filters: CatalogueFilters) =>
  Boolean(filters.q || filters.category || filters.province || filters.certification);

export async function loadCatalogue(request: Request, date?: string) {
  const { t, locale } = await getTranslator(request);
  const market = getDefaultMarket();
  const day = !market
    ? undefined
    : date
      ? findMarketDayByDate({ marketId: market.id, date })
      : getNextMarketDay({ marketId: market.id });
  if (date && !day) throw new Response("No market day on that date", { status: 404 });
  const title = t("catalogue.title");
  if (!day) return json({ title, day: null, catalogue: null, bundles: [], filters: {}, page: 1 });

  const { filters, page } = readFilters(new URL(request.url));
  const result = getCataloguePage({ marketDayId: day.id, filters, page });
  // Family baskets come first, on the first page of the whole market only: the filters and
  // search are about single products and their producers, which a basket mixes.
  const bundles =
    page === 1 && !hasFilter(filters) ? listPublicBundles(day.id).map(toBundleCard) : [];
  const categories = new Map<string, { slug: string; name: string; position: number }>();
  const provinces = new Set<string>();
  for (const c of result.choices) {
    categories.set(c.categorySlug, {
      slug: c.categorySlug,
      name: categoryName(
        { nameEs: c.categoryEs, nameQu: c.categoryQu, nameEn: c.categoryEn },
        locale,
      ),
      position: c.position,
    });
    provinces.add(c.province);
  }
  return json({
    title,
    day: {
      date: day.date,
      dateLabel: formatMarketDate(day.date, locale),
      window: orderWindow(day),
      cutoffLabel: formatDateTime(day.cutoffAt, locale),
    },
    filters,
    page,
    bundles,
    catalogue: {
      total: result.total,
      pageCount: result.pageCount,
      offers: result.offers.map(({ categoryEs, categoryQu, categoryEn, ...offer }) => ({
        ...offer,
        categoryName: categoryName(
          { nameEs: categoryEs, nameQu: categoryQu, nameEn: categoryEn },
          locale,
        ),
      })),
      categories: [...categories.values()].sort((a, b) => a.position - b.position),
      provinces: CUSCO_PROVINCES.filter((p) => provinces.has(p)),
    },
  });
}
