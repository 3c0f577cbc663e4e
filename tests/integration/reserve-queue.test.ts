/**
 * Group commit (reserve-queue.server.ts): the checkout's reservations of one turn of the event
 * loop share a transaction, each still all or nothing on its own.
 */
import { describe, expect, it } from "vitest";
import { reserveOrderSoon } from "../../app/features/ordering/reserve-queue.server";
import type { ReserveInput } from "../../app/features/ordering/reserve.server";
import { createUser } from "../factories";
import { eq } from "drizzle-orm";
import { db } from "../../app/infra/db.server";
import { orders } from "../../db/schema";
import { booked, newKey, scene, stock } from "../support/reservation-scene";

type Scene = ReturnType<typeof scene>;

const orderCount = (s: Scene) =>
  db().select().from(orders).where(eq(orders.marketDayId, s.day.id)).all().length;

const input = (s: Scene, consumerId: number, extra: Partial<ReserveInput> = {}): ReserveInput => ({
  consumerId,
  marketDayId: s.day.id,
  slotId: s.slots[0].id,
  lines: [{ offerId: s.oca.id, quantity: 1 }],
  idempotencyKey: newKey(),
  ...extra,
});

describe("reservations committed together", () => {
  it("never sells more than there is when many ask at once, and answers each one", async () => {
    const s = scene({ quantity: 25, slotCapacity: 100 });
    const families = Array.from({ length: 40 }, () => createUser());
    const results = await Promise.all(families.map((f) => reserveOrderSoon(input(s, f.id))));
    expect(results.filter((r) => r.ok)).toHaveLength(25);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(
      Array(15).fill("short"),
    );
    expect(stock(s.oca.id)).toBe(25);
    expect(booked(s.slots[0].id)).toBe(25);
    expect(orderCount(s)).toBe(25);
  });

  it("a refused reservation in the middle of a batch undoes only itself", async () => {
    const s = scene({ quantity: 10, slotCapacity: 10 });
    const [a, b, c] = [createUser(), createUser(), createUser()];
    const results = await Promise.all([
      reserveOrderSoon(input(s, a.id)),
      reserveOrderSoon(input(s, b.id, { lines: [{ offerId: s.oca.id, quantity: 99 }] })),
      reserveOrderSoon(input(s, c.id, { lines: [{ offerId: s.queso.id, quantity: 2 }] })),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(stock(s.oca.id)).toBe(1);
    expect(stock(s.queso.id)).toBe(2);
    expect(booked(s.slots[0].id)).toBe(2);
  });

  it("one key sent twice in the same batch makes one order", async () => {
    const s = scene();
    const same = input(s, s.consumer.id);
    const [first, second] = await Promise.all([reserveOrderSoon(same), reserveOrderSoon(same)]);
    expect(first.ok && second.ok && first.order.id === second.order.id).toBe(true);
    expect([first.ok && first.replayed, second.ok && second.replayed]).toEqual([false, true]);
    expect(orderCount(s)).toBe(1);
  });

  it("an error in one reservation fails that one only; the others are kept", async () => {
    const s = scene({ quantity: 10, slotCapacity: 10 });
    const results = await Promise.allSettled([
      reserveOrderSoon(input(s, s.consumer.id)),
      reserveOrderSoon(input(s, 987_654)), // nobody: the foreign key refuses the order row
      reserveOrderSoon(input(s, createUser().id)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/);
    expect(stock(s.oca.id)).toBe(2);
    expect(orderCount(s)).toBe(2);
  });

  it("when the commit fails, every reservation of the batch fails and nothing is kept", async () => {
    const s = scene({ quantity: 10, slotCapacity: 10 });
    const other = createUser();
    // Foreign keys checked only at COMMIT (until the next one): the unknown person now fails
    // the batch's commit instead of its own statement.
    db().$client.pragma("defer_foreign_keys = ON");
    const results = await Promise.allSettled([
      reserveOrderSoon(input(s, s.consumer.id)),
      reserveOrderSoon(input(s, 987_654)),
      reserveOrderSoon(input(s, other.id)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(stock(s.oca.id)).toBe(0);
    expect(booked(s.slots[0].id)).toBe(0);
    expect(orderCount(s)).toBe(0);
  });
});
