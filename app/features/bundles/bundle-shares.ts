/**
 * How a family basket's price is shared among its contents (and so among producers): in
 * proportion to each content's value at its offer price (units per basket × price), in whole
 * céntimos by largest remainder, so the shares always add up to the basket's price exactly.
 * Ties go to the content listed first. Pure, so the compose page shows the same split the
 * reservation will store.
 */
export type BundleContentValue = { offerId: number; quantity: number; priceCents: number };

export function shareBundlePrice(
  contents: BundleContentValue[],
  bundlePriceCents: number,
): Map<number, number> {
  const values = contents.map((c) => c.quantity * c.priceCents);
  const total = values.reduce((sum, v) => sum + v, 0);
  const shares = new Map<number, number>();
  if (contents.length === 0 || total <= 0) return shares;
  // Integer arithmetic throughout: floor(price × value / total) and its remainder.
  const floors = values.map((v) => Math.floor((bundlePriceCents * v) / total));
  const remainders = values.map((v, i) => bundlePriceCents * v - floors[i] * total);
  let left = bundlePriceCents - floors.reduce((sum, f) => sum + f, 0);
  const byRemainder = contents
    .map((_, i) => i)
    .sort((a, b) => remainders[b] - remainders[a] || a - b);
  for (const i of byRemainder) {
    if (left === 0) break;
    floors[i] += 1;
    left -= 1;
  }
  contents.forEach((c, i) => shares.set(c.offerId, floors[i]));
  return shares;
}

/** The contents' value if bought alone, per basket. */
export function valueAlone(contents: BundleContentValue[]): number {
  return contents.reduce((sum, c) => sum + c.quantity * c.priceCents, 0);
}

/**
 * How many more baskets can be reserved now: the least, over the contents, of units left ÷
 * units per basket, within the coordinators' cap (maxCount − baskets already taken). None when
 * the basket is empty or a content can no longer be had (paused offer, suspended producer).
 */
export function bundlesLeft({
  maxCount,
  taken,
  contents,
}: {
  maxCount: number | null;
  taken: number;
  contents: { perBundle: number; quantity: number; reserved: number; onSale: boolean }[];
}): number {
  if (contents.length === 0 || contents.some((c) => !c.onSale)) return 0;
  const byStock = Math.min(
    ...contents.map((c) => Math.floor(Math.max(0, c.quantity - c.reserved) / c.perBundle)),
  );
  return Math.max(0, maxCount === null ? byStock : Math.min(byStock, maxCount - taken));
}

/** Whether a basket can be reserved at all: published, not empty, every content on sale. */
export function bundleOnSale(status: string, contents: { onSale: boolean }[]): boolean {
  return status === "active" && contents.length > 0 && contents.every((c) => c.onSale);
}
