/** How a family basket's price is shared, and how many baskets the contents allow. */
import { describe, expect, it } from "vitest";
import {
  bundlesLeft,
  shareBundlePrice,
  valueAlone,
} from "../../app/features/bundles/bundle-shares";
import { deliveredCents, lineCents } from "../../app/features/ordering/line-value";

describe("sharing a basket's price", () => {
  it("shares in proportion to the contents' value and adds up exactly", () => {
    const contents = [
      { offerId: 1, quantity: 3, priceCents: 250 }, // 750
      { offerId: 2, quantity: 2, priceCents: 333 }, // 666
      { offerId: 3, quantity: 1, priceCents: 1 }, // 1
    ];
    const shares = shareBundlePrice(contents, 1001);
    expect([...shares.values()].reduce((a, b) => a + b, 0)).toBe(1001);
    // 1001 × 750 / 1417 = 529.8…, 1001 × 666 / 1417 = 470.4…, 1001 × 1 / 1417 = 0.7…
    expect(shares.get(1)).toBe(530);
    expect(shares.get(2)).toBe(470);
    expect(shares.get(3)).toBe(1);
    expect(valueAlone(contents)).toBe(1417);
  });

  it("gives the same split every time and breaks ties by order", () => {
    const contents = [
      { offerId: 7, quantity: 1, priceCents: 100 },
      { offerId: 8, quantity: 1, priceCents: 100 },
      { offerId: 9, quantity: 1, priceCents: 100 },
    ];
    expect([...shareBundlePrice(contents, 1000)]).toEqual([
      [7, 334],
      [8, 333],
      [9, 333],
    ]);
  });

  it("shares a price above the value too (producers get more)", () => {
    const shares = shareBundlePrice([{ offerId: 1, quantity: 2, priceCents: 500 }], 1200);
    expect(shares.get(1)).toBe(1200);
  });

  it("has nothing to share without contents", () => {
    expect(shareBundlePrice([], 1000).size).toBe(0);
  });
});

describe("baskets left", () => {
  const content = (quantity: number, reserved: number, perBundle: number, onSale = true) => ({
    quantity,
    reserved,
    perBundle,
    onSale,
  });

  it("is the least over the contents of units left ÷ units per basket", () => {
    expect(
      bundlesLeft({ maxCount: null, taken: 0, contents: [content(10, 1, 3), content(20, 0, 4)] }),
    ).toBe(3);
  });

  it("stays within the coordinators' cap, counting baskets already taken", () => {
    expect(bundlesLeft({ maxCount: 5, taken: 4, contents: [content(100, 0, 1)] })).toBe(1);
    expect(bundlesLeft({ maxCount: 5, taken: 5, contents: [content(100, 0, 1)] })).toBe(0);
  });

  it("is none when a content is no longer on sale or the basket is empty", () => {
    expect(bundlesLeft({ maxCount: null, taken: 0, contents: [content(10, 0, 1, false)] })).toBe(0);
    expect(bundlesLeft({ maxCount: null, taken: 0, contents: [] })).toBe(0);
  });
});

describe("what a line is worth", () => {
  it("is unit price × quantity for a line bought alone, exactly when handed over short", () => {
    const line = { unitPriceCents: 280, quantity: 3, shareCents: null };
    expect(lineCents(line)).toBe(840);
    expect(deliveredCents(line, 2)).toBe(560);
  });

  it("is its share for a basket line, and that part of it (half up) when short", () => {
    const line = { unitPriceCents: 177, quantity: 3, shareCents: 530 };
    expect(lineCents(line)).toBe(530);
    expect(deliveredCents(line, 3)).toBe(530);
    expect(deliveredCents(line, 2)).toBe(353); // 353.33…
    expect(deliveredCents({ ...line, shareCents: 531 }, 1)).toBe(177);
    expect(deliveredCents({ unitPriceCents: 1, quantity: 2, shareCents: 3 }, 1)).toBe(2); // 1.5 → 2
    expect(deliveredCents(line, 0)).toBe(0);
  });
});
