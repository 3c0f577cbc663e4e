/**
 * The week's market as consumers browse it. A page costs a fixed number of queries whatever
 * the number of offers: the offers of the page, their count, the filters' choices and the
 * certifications of the producers on the page.
 */
import { and, asc, count, eq, exists, inArray, or, sql, type SQL } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/sqlite-core";
import {
  categories,
  certifications,
  memberships,
  offers,
  producers,
  products,
  type CERTIFICATION_KINDS,
} from "../../../db/schema";
import { db, rememberFor } from "../../infra/db.server";
import { groupBy } from "../../lib/group";
import { foldText } from "../../lib/text";
import { offerOnSaleSql } from "./offer-on-sale.server";
import {
  offerStockColumns,
  producerColumns,
  selectOffers,
  selectProducers,
} from "./offer-rows.server";

/** Small pages: quick to render on the server and light on prepaid data. */
export const PAGE_SIZE = 24;

export type CatalogueFilters = {
  category?: string;
  province?: string;
  certification?: (typeof CERTIFICATION_KINDS)[number];
  q?: string;
};

/** Offers a consumer can see: those on sale. Sold-out ones stay visible. */
function visibleOffers(marketDayId: number): SQL {
  return and(eq(offers.marketDayId, marketDayId), offerOnSaleSql)!;
}

function filterConditions(filters: CatalogueFilters): (SQL | undefined)[] {
  const q = filters.q ? `%${foldText(filters.q.trim()).replace(/[%_\\]/g, "\\$&")}%` : null;
  return [
    filters.category ? eq(categories.slug, filters.category) : undefined,
    filters.province ? eq(producers.province, filters.province) : undefined,
    filters.certification
      ? exists(
          db()
            .select({ one: sql`1` })
            .from(certifications)
            .where(
              and(
                eq(certifications.producerId, producers.id),
                eq(certifications.kind, filters.certification),
              ),
            ),
        )
      : undefined,
    q
      ? or(
          sql`fold(${products.name}) LIKE ${q} ESCAPE '\\'`,
          sql`fold(${producers.farmName}) LIKE ${q} ESCAPE '\\'`,
          sql`fold(${producers.community}) LIKE ${q} ESCAPE '\\'`,
          sql`fold(${products.description}) LIKE ${q} ESCAPE '\\'`,
        )
      : undefined,
  ];
}

const offerColumns = {
  offerId: offers.id,
  ...offerStockColumns,
  perCustomerLimit: offers.perCustomerLimit,
  description: products.description,
  categorySlug: categories.slug,
  categoryEs: categories.nameEs,
  categoryQu: categories.nameQu,
  categoryEn: categories.nameEn,
  producerId: producers.id,
  producerSlug: producers.slug,
  farmName: producers.farmName,
  community: producers.community,
  province: producers.province,
};

/** Offers as the catalogue reads them: with their category, to filter and group by. */
function catalogueOffers<S extends SelectedFields>(
  fields: S,
  options: { distinct?: boolean } = {},
) {
  return selectOffers(fields, options).innerJoin(
    categories,
    eq(categories.id, products.categoryId),
  );
}

/** Certification kinds per producer, for the producers of a page (one query). */
function certificationsOf(producerIds: number[]) {
  if (producerIds.length === 0) return new Map<number, string[]>();
  const rows = db()
    .selectDistinct({ producerId: certifications.producerId, kind: certifications.kind })
    .from(certifications)
    .where(inArray(certifications.producerId, producerIds))
    .all();
  return groupBy(
    rows,
    (r) => r.producerId,
    (r): string => r.kind,
  );
}

/** One page of a market day's offers, grouped by category order, with the filter choices. */
export function getCataloguePage({
  marketDayId,
  filters,
  page,
}: {
  marketDayId: number;
  filters: CatalogueFilters;
  page: number;
}) {
  const where = and(visibleOffers(marketDayId), ...filterConditions(filters));
  const rows = catalogueOffers(offerColumns)
    .where(where)
    .orderBy(asc(categories.position), asc(products.name), asc(producers.farmName))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .all();
  const [{ total }] = catalogueOffers({ total: count() }).where(where).all();
  // The choices offered by the filters: what this market day has at all.
  const choices = filterChoices(marketDayId);
  const certs = certificationsOf([...new Set(rows.map((r) => r.producerId))]);
  return {
    offers: rows.map((r) => ({
      ...r,
      left: r.quantity - r.reserved,
      certifications: certs.get(r.producerId) ?? [],
    })),
    total,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    choices,
  };
}

// The filters' choices change only when offers are added: recomputed at most every 10 s.
const filterChoices = rememberFor(
  10_000,
  (marketDayId: number) => readFilterChoices(marketDayId),
  String,
);

function readFilterChoices(marketDayId: number) {
  return catalogueOffers(
    {
      categorySlug: categories.slug,
      categoryEs: categories.nameEs,
      categoryQu: categories.nameQu,
      categoryEn: categories.nameEn,
      position: categories.position,
      province: producers.province,
    },
    { distinct: true },
  )
    .where(visibleOffers(marketDayId))
    .all();
}

/** A producer's public profile with their certifications, by slug within a market. */
export function getProducerProfile({ marketId, slug }: { marketId: number; slug: string }) {
  const producer = selectProducers({
    ...producerColumns,
    story: producers.story,
    photoKey: producers.photoKey,
  })
    .where(
      and(
        eq(producers.marketId, marketId),
        eq(producers.slug, slug),
        eq(memberships.status, "approved"),
      ),
    )
    .get();
  if (!producer) return null;
  const certs = db()
    .select({
      kind: certifications.kind,
      certifier: certifications.certifier,
      certifiedOn: certifications.certifiedOn,
    })
    .from(certifications)
    .where(eq(certifications.producerId, producer.id))
    .orderBy(asc(certifications.kind))
    .all();
  return { ...producer, certifications: certs };
}

/** A producer's visible offers on a market day. */
export function getProducerOffers({
  producerId,
  marketDayId,
}: {
  producerId: number;
  marketDayId: number;
}) {
  return catalogueOffers(offerColumns)
    .where(and(visibleOffers(marketDayId), eq(offers.producerId, producerId)))
    .orderBy(asc(categories.position), asc(products.name))
    .all()
    .map((r) => ({ ...r, left: r.quantity - r.reserved, certifications: [] as string[] }));
}
