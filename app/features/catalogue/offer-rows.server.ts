/**
 * The joins every reader of offers and producers writes: an offer with its product, its
 * producer and the producer's membership (whose status says whether the offer is on sale, see
 * offerOnSaleSql), and a producer with their membership. The caller picks the columns and adds
 * its own joins, conditions and order.
 */
import type { RunResult } from "better-sqlite3";
import { eq } from "drizzle-orm";
import type { SelectedFields, SQLiteSelectBase } from "drizzle-orm/sqlite-core";
import { memberships, offers, producers, products } from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";

/** A query of `Table` inner-joined to `Joins`, selecting `S`: the type drizzle gives it. */
type Joined<
  S extends SelectedFields,
  Table extends string,
  Joins extends string,
> = SQLiteSelectBase<Table, "sync", RunResult, S, "partial", Record<Table | Joins, "not-null">>;
export type OfferRows<S extends SelectedFields> = Joined<
  S,
  "offers",
  "products" | "producers" | "memberships"
>;
export type ProducerRows<S extends SelectedFields> = Joined<S, "producers", "memberships">;

type Options = { tx?: Tx; distinct?: boolean };

// drizzle cannot type a join on a selection that is still a type parameter (the builder's
// methods vanish), so the joins are built on the widened selection and the query is given the
// type drizzle gives the same chain written out with the caller's columns.

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
