/** The cart forms' quantity: added or set, within a line's most and what the person can have. */
import { describe, expect, it } from "vitest";
import { cartLineQuantity } from "../../app/features/cart/line-quantity";
import { MAX_LINE_QUANTITY } from "../../app/features/cart/cart-schemas";

describe("how many of a line a cart form leaves in the cart", () => {
  it("adds to what the cart holds, or sets it", () => {
    expect(cartLineQuantity({ adding: true, already: 2, asked: 3 }).capTo(10)).toEqual({
      quantity: 5,
      capped: false,
    });
    expect(cartLineQuantity({ adding: false, already: 2, asked: 3 }).capTo(10)).toEqual({
      quantity: 3,
      capped: false,
    });
  });

  it("keeps what the person can have, and says it was cut", () => {
    expect(cartLineQuantity({ adding: true, already: 4, asked: 3 }).capTo(5)).toEqual({
      quantity: 5,
      capped: true,
    });
    expect(cartLineQuantity({ adding: false, already: 0, asked: 3 }).capTo(0)).toEqual({
      quantity: 0,
      capped: true,
    });
  });

  it("never asks for more than a line can hold, and bounds the line with at least one", () => {
    const asked = cartLineQuantity({ adding: true, already: MAX_LINE_QUANTITY, asked: 5 });
    expect(asked.probe).toBe(MAX_LINE_QUANTITY);
    expect(asked.capTo(10_000)).toEqual({ quantity: MAX_LINE_QUANTITY, capped: false });
    expect(cartLineQuantity({ adding: true, already: 0, asked: 0 }).probe).toBe(1);
  });
});
