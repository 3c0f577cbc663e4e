/**
 * The prices a person was shown at checkout, carried back by the checkout form so that the
 * reservation refuses to charge a price that changed in between (a producer raising a price
 * while the page was open must not reach a cash buyer first at the pickup desk).
 *
 * One hidden field, compact and bounded: "o12:1240,b4:4500" is offer 12 (bought alone) at
 * S/ 12.40 each and family basket 4 at S/ 45.00 each. Pure and browser-safe: the form schema
 * (schemas.ts) parses it, the checkout page writes it, the reservation compares against it.
 */

export type SeenPrices = {
  /** Unit price in céntimos by offer id, for items bought alone. */
  offers: ReadonlyMap<number, number>;
  /** Price of one family basket in céntimos by bundle id. */
  bundles: ReadonlyMap<number, number>;
};

/** A line of the order whose price is not the one the person saw (`before` null: not seen at all). */
export type PriceChange = {
  kind: "offer" | "bundle";
  id: number;
  name: string;
  before: number | null;
  after: number;
  quantity: number;
};

export const NO_SEEN_PRICES: SeenPrices = { offers: new Map(), bundles: new Map() };

/** More entries than any basket can hold (60 lines and 10 family baskets), with room to spare. */
export const MAX_SEEN_PRICES = 200;
/** "o" + 16-digit id + ":" + 9-digit price + ",": the longest entry is 28 characters. */
export const MAX_SEEN_PRICES_LENGTH = MAX_SEEN_PRICES * 28;

const ENTRY = /^([ob])(\d{1,16}):(\d{1,9})$/;

/** The field's text for these prices (offers first, then baskets, in the order given). */
export function encodeSeenPrices(prices: {
  offers: Iterable<readonly [number, number]>;
  bundles: Iterable<readonly [number, number]>;
}): string {
  const entries: string[] = [];
  for (const [id, cents] of prices.offers) entries.push(`o${id}:${cents}`);
  for (const [id, cents] of prices.bundles) entries.push(`b${id}:${cents}`);
  return entries.join(",");
}

/**
 * The prices in a field's text, or null if it is not what a checkout page writes: a malformed
 * entry, an id that is not a positive safe integer, the same line twice, or too many entries.
 */
export function parseSeenPrices(text: string): SeenPrices | null {
  if (text.length > MAX_SEEN_PRICES_LENGTH) return null;
  const offers = new Map<number, number>();
  const bundles = new Map<number, number>();
  const entries = text.split(",");
  if (entries.length > MAX_SEEN_PRICES) return null;
  for (const entry of entries) {
    const match = ENTRY.exec(entry);
    if (!match) return null;
    const id = Number(match[2]);
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    const into = match[1] === "o" ? offers : bundles;
    if (into.has(id)) return null;
    into.set(id, Number(match[3]));
  }
  return { offers, bundles };
}

/**
 * The lines whose price differs from what was seen, offers then baskets, in order. A line with
 * no seen price (added from another tab after the page was shown) counts as changed too.
 * Map lookups over rows the reservation already read: no query, nothing per line but this.
 */
export function priceChanges(
  seen: SeenPrices,
  items: readonly {
    offerId: number;
    productName: string;
    unitPriceCents: number;
    quantity: number;
  }[],
  baskets: readonly { bundleId: number; name: string; unitPriceCents: number; quantity: number }[],
): PriceChange[] {
  const changes: PriceChange[] = [];
  const compare = (line: Omit<PriceChange, "before">, before: number | undefined) => {
    if (before !== line.after) changes.push({ ...line, before: before ?? null });
  };
  for (const { offerId: id, productName: name, unitPriceCents: after, quantity } of items) {
    compare({ kind: "offer", id, name, after, quantity }, seen.offers.get(id));
  }
  for (const { bundleId: id, name, unitPriceCents: after, quantity } of baskets) {
    compare({ kind: "bundle", id, name, after, quantity }, seen.bundles.get(id));
  }
  return changes;
}

/** The field's text once the person accepts these changes: what they saw, with the new prices. */
export function acceptChanges(seen: SeenPrices, changes: readonly PriceChange[]): string {
  const offers = new Map(seen.offers);
  const bundles = new Map(seen.bundles);
  for (const change of changes) {
    (change.kind === "offer" ? offers : bundles).set(change.id, change.after);
  }
  return encodeSeenPrices({ offers, bundles });
}
