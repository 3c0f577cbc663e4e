/**
 * The joins every reader of offers and producers writes: an offer with its product, its
 * producer and the producer's membership (whose status says whether the offer is on sale, see
 * offerOnSaleSql), and a producer with their membership. The caller picks the columns and adds
 * its own joins, conditions and order.
 */
import { eq } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/sqlite-core";
import { memberships, offers, producers, products } from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import type { JoinedSelect } from "../../infra/joined-select";

export type OfferRows<S extends SelectedFields> = JoinedSelect<
  S,
  "offers",
  "products" | "producers" | "memberships"
>;
export type ProducerRows<S extends SelectedFields> = JoinedSelect<S, "producers", "memberships">;

/** A producer as lists and profiles name them: who they are and where they farm. */
export const producerColumns = {
  id: producers.id,
  slug: producers.slug,
  farmName: producers.farmName,
  community: producers.community,
  district: producers.district,
  province: producers.province,
};

/** What is on offer: the product, its price and its stock (units offered, units reserved). */
export const offerStockColumns = {
  productName: products.name,
  unit: products.unit,
  photoKey: products.photoKey,
  priceCents: offers.priceCents,
  quantity: offers.quantity,
  reserved: offers.reserved,
};

/**
 * An offer as a line of a basket shows it (a line of the cart, or one product inside a family
 * basket): what is on offer, who grows it, and the membership status that says with the
 * offer's own status whether it is on sale (offerOnSale).
 */
export const basketLineColumns = {
  offerId: offers.id,
  ...offerStockColumns,
  producerId: producers.id,
  farmName: producers.farmName,
  producerSlug: producers.slug,
  community: producers.community,
  producerStatus: memberships.status,
};

type Options = { tx?: Tx; distinct?: boolean };

/** Offers with their product, producer and the producer's membership. */
export function selectOffers<S extends SelectedFields>(
  fields: S,
  { tx = db(), distinct = false }: Options = {},
): OfferRows<S> {
  const wide: SelectedFields = fields;
  const query = (distinct ? tx.selectDistinct(wide) : tx.select(wide))
    .from(offers)
    .innerJoin(products, eq(products.id, offers.productId))
    .innerJoin(producers, eq(producers.id, offers.producerId))
    .innerJoin(memberships, eq(memberships.id, producers.membershipId));
  return query as unknown as OfferRows<S>;
}

/** Producers with their membership (its status: pending, approved or suspended). */
export function selectProducers<S extends SelectedFields>(
  fields: S,
  { tx = db() }: Pick<Options, "tx"> = {},
): ProducerRows<S> {
  const wide: SelectedFields = fields;
  const query = tx
    .select(wide)
    .from(producers)
    .innerJoin(memberships, eq(memberships.id, producers.membershipId));
  return query as unknown as ProducerRows<S>;
}
