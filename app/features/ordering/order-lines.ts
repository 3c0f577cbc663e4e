/**
 * What a person asks for: lines of single offers and of family baskets, each with a quantity.
 * Pure, so the cart and the reservation merge them the same way.
 */
export type CartLine = { offerId: number; quantity: number };
/** A number of family baskets of one kind. */
export type BundleLine = { bundleId: number; quantity: number };

/** Quantities summed per id, in the order ids first appear; zero, negative or fractional ones dropped. */
function sumById(lines: [id: number, quantity: number][]): [number, number][] {
  const merged = new Map<number, number>();
  for (const [id, quantity] of lines) {
    if (Number.isInteger(quantity) && quantity > 0)
      merged.set(id, (merged.get(id) ?? 0) + quantity);
  }
  return [...merged];
}

/** Same offer twice becomes one line; zero or negative quantities are dropped. */
export function mergeLines(lines: CartLine[]): CartLine[] {
  return sumById(lines.map((l) => [l.offerId, l.quantity])).map(([offerId, quantity]) => ({
    offerId,
    quantity,
  }));
}

/** Same basket twice becomes one line; zero or negative quantities are dropped. */
export function mergeBundleLines(lines: BundleLine[]): BundleLine[] {
  return sumById(lines.map((l) => [l.bundleId, l.quantity])).map(([bundleId, quantity]) => ({
    bundleId,
    quantity,
  }));
}
