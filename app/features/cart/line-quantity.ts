/**
 * How many of one line a cart form leaves in the cart, the same for single offers and family
 * baskets: "add" adds to what the cart already holds, "set" replaces it; never more than
 * MAX_LINE_QUANTITY, then never more than the person can have now (stock left, limits).
 */
import { MAX_LINE_QUANTITY } from "./cart-schemas";

export function cartLineQuantity({
  adding,
  already,
  asked,
}: {
  /** An "add" form (else a "set" one). */
  adding: boolean;
  /** What the cart holds of this line now. */
  already: number;
  /** What the form asks for. */
  asked: number;
}) {
  const wanted = Math.min(adding ? already + asked : asked, MAX_LINE_QUANTITY);
  return {
    /** The quantity to work the line's bounds out with: at least one, so the line is there. */
    probe: Math.max(wanted, 1),
    /** Within what the person can have (`max`): the quantity kept, and whether it was cut. */
    capTo(max: number) {
      const quantity = Math.min(wanted, max);
      return { quantity, capped: quantity < wanted };
    },
  };
}
