/** A producer's own catalogue. Ownership is in every WHERE clause (DESIGN invariant 6). */
import { and, asc, eq } from "drizzle-orm";
import { categories, products, type Unit } from "../../db/schema";
import { db } from "../db.server";

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
 * Creates a product, or updates the producer's own one when `productId` is given. The category
 * must be of the producer's market. Returns the product id, or null when nothing matched.
 */
export function saveProduct({
  producerId,
  marketId,
  productId,
  product,
  photoKey,
}: {
  producerId: number;
  marketId: number;
  productId?: number;
  product: ProductInput;
  photoKey?: string;
}): number | null {
  const category = db()
    .select({ id: categories.id })
    .from(categories)
    .where(and(eq(categories.id, product.categoryId), eq(categories.marketId, marketId)))
    .get();
  if (!category) return null;
  const values = {
    ...product,
    description: product.description ?? "",
    ...(photoKey ? { photoKey } : {}),
  };
  if (productId === undefined) {
    return db()
      .insert(products)
      .values({ ...values, producerId })
      .returning({ id: products.id })
      .get().id;
  }
  const updated = db()
    .update(products)
    .set(values)
    .where(and(eq(products.id, productId), eq(products.producerId, producerId)))
    .run();
  return updated.changes === 1 ? productId : null;
}

/** Archives (hidden from new offers; past orders keep their snapshot) or restores a product. */
export function setProductArchived({
  producerId,
  productId,
  archived,
}: {
  producerId: number;
  productId: number;
  archived: boolean;
}) {
  return (
    db()
      .update(products)
      .set({ archivedAt: archived ? new Date() : null })
      .where(and(eq(products.id, productId), eq(products.producerId, producerId)))
      .run().changes === 1
  );
}
