/** What a consumer may still do to their order: what the order page offers and the model allows. */
import { describe, expect, it } from "vitest";
import { allowedChanges } from "../../app/features/ordering/order-changes.server";
import { ORDER_STATUSES } from "../../db/schema";

const now = new Date("2030-01-03T15:00:00Z");
const openDay = {
  status: "open" as const,
  ordersOpenAt: new Date("2030-01-01T12:00:00Z"),
  cutoffAt: new Date("2030-01-04T23:00:00Z"),
};

describe("allowedChanges", () => {
  it("lets a cash order be changed or cancelled, a card order only cancelled (refunded)", () => {
    expect(allowedChanges({ status: "confirmed", paymentMethod: "cash" }, openDay, now)).toEqual({
      cancel: true,
      change: true,
    });
    expect(allowedChanges({ status: "confirmed", paymentMethod: "card" }, openDay, now)).toEqual({
      cancel: true,
      change: false,
    });
    expect(
      allowedChanges({ status: "pending_payment", paymentMethod: "card" }, openDay, now),
    ).toEqual({ cancel: true, change: false });
  });

  it("allows nothing once the order no longer holds its stock, or past the cutoff", () => {
    for (const status of ORDER_STATUSES.filter(
      (s) => s !== "pending_payment" && s !== "confirmed",
    )) {
      expect(allowedChanges({ status, paymentMethod: "cash" }, openDay, now)).toEqual({
        cancel: false,
        change: false,
      });
    }
    const closed = { ...openDay, cutoffAt: now };
    expect(allowedChanges({ status: "confirmed", paymentMethod: "cash" }, closed, now)).toEqual({
      cancel: false,
      change: false,
    });
    expect(
      allowedChanges(
        { status: "confirmed", paymentMethod: "cash" },
        { ...openDay, status: "cancelled" },
        now,
      ),
    ).toEqual({ cancel: false, change: false });
  });
});
