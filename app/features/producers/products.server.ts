/** A producer's own catalogue. Ownership is in every WHERE clause (docs/invariants.md #6). */
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { categories, marketDays, offers, products, type Unit } from "../../../db/schema";
import { db } from "../../infra/db.server";
import { isOwnRow } from "../../infra/market-scope";
import {
  findAssistableProducer,
  recordChangeForProducer,
  type OnBehalf,
} from "./assisted-producers.server";

export function listCategories(marketId: number) {
  return db()
    .select({
      id: categories.id,
      nameEs: categories.nameEs,
      nameQu: categories.nameQu,
      nameEn: categories.nameEn,
    })
    .from(categories)
    .where(eq(categories.marketId, marketId))
    .orderBy(asc(categories.position))
    .all();
}

export function listProducts(producerId: number) {
  return db()
    .select({
      id: products.id,
      name: products.name,
      unit: products.unit,
      description: products.description,
      categoryId: products.categoryId,
      photoKey: products.photoKey,
      archivedAt: products.archivedAt,
    })
    .from(products)
    .where(eq(products.producerId, producerId))
    .orderBy(asc(products.name))
    .all();
}

export type ProductInput = { name: string; categoryId: number; unit: Unit; description?: string };

/**
 * Whether a save can go ahead, checked before any photo is stored: the category must be of
 * the market, an edited product must be the producer's own, and its unit cannot change while
 * people hold reservations of it (their "3 kg" must not become "3 sacos").
 */
export function checkProductTarget({
  producerId,
  marketId,
  productId,
  product,
}: {
  producerId: number;
  marketId: number;
  productId?: number;
  product: ProductInput;
}): "ok" | "notFound" | "unitLocked" {
  const category = db()
    .select({ id: categories.id })
    .from(categories)
    .where(isOwnRow(categories, { marketId, id: product.categoryId }))
    .get();
  if (!category) return "notFound";
  if (productId === undefined) return "ok";
  const existing = db()
    .select({ unit: products.unit })
    .from(products)
    .where(and(eq(products.id, productId), eq(products.producerId, producerId)))
    .get();
  if (!existing) return "notFound";
  if (existing.unit === product.unit) return "ok";
  const reserved = db()
    .select({ id: offers.id })
    .from(offers)
    .where(and(eq(offers.productId, productId), gt(offers.reserved, 0)))
    .get();
  return reserved ? "unitLocked" : "ok";
}

/**
 * Creates a product, or updates the producer's own one when `productId` is given. The category
 * must be of the producer's market. Returns the product id, or null when nothing matched.
 * With `by` (a coordinator adding a product for the producer) the producer must be an approved
 * one of the coordinator's market, and the new product is audited in the same transaction.
 */
export function saveProduct({
  producerId,
  marketId,
  productId,
  product,
  photoKey,
  by,
}: {
  producerId: number;
  marketId: number;
  productId?: number;
  product: ProductInput;
  photoKey?: string;
  by?: OnBehalf;
}): number | null {
  return db().transaction(
    (tx) => {
      if (by && (by.marketId !== marketId || !findAssistableProducer(tx, { ...by, producerId })))
        return null;
      const category = tx
        .select({ id: categories.id })
        .from(categories)
        .where(isOwnRow(categories, { marketId, id: product.categoryId }))
        .get();
      if (!category) return null;
      const values = {
        ...product,
        description: product.description ?? "",
        ...(photoKey ? { photoKey } : {}),
      };
      if (productId === undefined) {
        const id = tx
          .insert(products)
          .values({ ...values, producerId })
          .returning({ id: products.id })
          .get().id;
        if (by)
          recordChangeForProducer(tx, by, {
            action: "product.create",
            entityType: "product",
            entityId: id,
            data: {
              productName: product.name,
              unit: product.unit,
              after: { name: product.name, unit: product.unit, categoryId: product.categoryId },
            },
          });
        return id;
      }
      // Coordinators only add products; editing stays the producer's (no audit needed here).
      if (by) return null;
      const updated = tx
        .update(products)
        .set(values)
        .where(and(eq(products.id, productId), eq(products.producerId, producerId)))
        .run();
      return updated.changes === 1 ? productId : null;
    },
    { behavior: "immediate" },
  );
}

/**
 * Archives a product (it can no longer be offered, and its offers on market days still taking
 * orders are paused: reservations already made stand) or restores it (offers stay paused until
 * the producer resumes them). Past orders keep their own copy of name and price.
 */
export function setProductArchived({
  producerId,
  productId,
  archived,
  now = new Date(),
}: {
  producerId: number;
  productId: number;
  archived: boolean;
  now?: Date;
}) {
  return db().transaction(
    (tx) => {
      const changed = tx
        .update(products)
        .set({ archivedAt: archived ? now : null })
        .where(and(eq(products.id, productId), eq(products.producerId, producerId)))
        .run().changes;
      if (changed === 1 && archived) {
        tx.update(offers)
          .set({ status: "paused" })
          .where(
            and(
              eq(offers.productId, productId),
              eq(offers.producerId, producerId),
              inArray(
                offers.marketDayId,
                tx
                  .select({ id: marketDays.id })
                  .from(marketDays)
                  .where(sql`${marketDays.cutoffAt} > ${now.getTime()}`),
              ),
            ),
          )
          .run();
      }
      return changed === 1;
    },
    { behavior: "immediate" },
  );
}
