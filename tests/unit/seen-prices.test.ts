/** The checkout form's seen-prices field: written by the page, read back exactly, garbage refused. */
import { describe, expect, it } from "vitest";
import {
  acceptChanges,
  encodeSeenPrices,
  MAX_SEEN_PRICES,
  MAX_SEEN_PRICES_LENGTH,
  parseSeenPrices,
  priceChanges,
} from "../../app/features/ordering/seen-prices";
import { CheckoutSchema } from "../../app/features/ordering/order-schemas";
import { parseForm } from "../../app/lib/form-parse";

describe("seen prices", () => {
  it("reads back what the page writes", () => {
    const text = encodeSeenPrices({
      offers: [
        [12, 1240],
        [13, 350],
      ],
      bundles: [[4, 4500]],
    });
    expect(text).toBe("o12:1240,o13:350,b4:4500");
    const parsed = parseSeenPrices(text)!;
    expect([...parsed.offers]).toEqual([
      [12, 1240],
      [13, 350],
    ]);
    expect([...parsed.bundles]).toEqual([[4, 4500]]);
  });

  it("fits the largest ids and prices in the length bound, and refuses one entry too many", () => {
    const longest = `o${Number.MAX_SAFE_INTEGER}:999999999`;
    const full = Array.from({ length: MAX_SEEN_PRICES }, () => longest).join(",");
    expect(full.length).toBeLessThanOrEqual(MAX_SEEN_PRICES_LENGTH);
    expect(parseSeenPrices(full)).toBeNull(); // the same id many times
    const many = Array.from({ length: MAX_SEEN_PRICES + 1 }, (_, i) => `o${i + 1}:1`).join(",");
    expect(parseSeenPrices(many)).toBeNull();
    expect(parseSeenPrices(many.split(",").slice(1).join(","))).not.toBeNull();
  });

  it.each([
    "",
    "o12",
    "o12:",
    ":1240",
    "o12:12.40",
    "o12:-5",
    "o-12:5",
    "q12:5",
    "O12:5",
    "o12:5,",
    ",o12:5",
    "o12:5,,b4:1",
    "o12:5,o12:6",
    "o0:5",
    `o${Number.MAX_SAFE_INTEGER + 1}:5`,
    "o12:1234567890",
    "o12:5 ",
    "o１２:5",
  ])("refuses %j", (text) => {
    expect(parseSeenPrices(text)).toBeNull();
  });

  it("lists lines whose price differs or was never seen, and accepting them writes the new prices", () => {
    const seen = parseSeenPrices("o1:100,o2:200,b7:900")!;
    const changes = priceChanges(
      seen,
      [
        { offerId: 1, productName: "Oca", unitPriceCents: 100, quantity: 1 },
        { offerId: 2, productName: "Tarwi", unitPriceCents: 250, quantity: 2 },
        { offerId: 3, productName: "Maca", unitPriceCents: 300, quantity: 1 },
      ],
      [{ bundleId: 7, name: "Canasta", unitPriceCents: 900, quantity: 1 }],
    );
    expect(changes).toEqual([
      { kind: "offer", id: 2, name: "Tarwi", before: 200, after: 250, quantity: 2 },
      { kind: "offer", id: 3, name: "Maca", before: null, after: 300, quantity: 1 },
    ]);
    expect(acceptChanges(seen, changes)).toBe("o1:100,o2:250,o3:300,b7:900");
  });

  it("the checkout schema refuses a garbled field and treats a missing one as nothing seen", () => {
    const form = (extra: Record<string, string>) =>
      new URLSearchParams({
        intent: "confirm",
        slotId: "1",
        idempotencyKey: "0123456789abcdef",
        ...extra,
      });
    expect(parseForm(form({ seenPrices: "o1:100" }), CheckoutSchema).status).toBe("success");
    expect(parseForm(form({ seenPrices: "o1:1e3" }), CheckoutSchema).status).toBe("error");
    expect(parseForm(form({ seenPrices: "o1:1,".repeat(2000) }), CheckoutSchema).status).toBe(
      "error",
    );
    const missing = parseForm(form({}), CheckoutSchema);
    expect(missing.status === "success" && missing.value.seenPrices).toBeUndefined();
  });
});
