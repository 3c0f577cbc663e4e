/**
 * The scene of the reservation tests (reservations.test.ts, order-changes.test.ts) and what they
 * read back: oca and queso fresco from two producers on a day taking orders, with little stock
 * and small slots unless told otherwise.
 */
import { eq } from "drizzle-orm";
import { db } from "../../app/infra/db.server";
import type { ReserveResult } from "../../app/features/ordering/reserve.server";
import { offers, orders, pickupSlots } from "../../db/schema";
import { openMarketDayScenario } from "../factories";

/** Oca (S/ 2.80) and queso fresco (S/ 15.00) from two producers; two slots of 07:00–08:00. */
export function scene({ quantity = 5, slotCapacity = 3, limit = null as number | null } = {}) {
  const { offers, producers, consumers, ...s } = openMarketDayScenario({
    date: "2030-01-05",
    slotCapacity,
    pickupEnd: "08:00",
    producers: { producer: {}, other: {} },
    offers: {
      oca: { name: "Oca", priceCents: 280, quantity, perCustomerLimit: limit },
      queso: {
        name: "Queso fresco",
        producer: "other",
        priceCents: 1500,
        quantity,
        perCustomerLimit: limit,
      },
    },
    consumers: { consumer: {} },
  });
  return {
    ...s,
    ...offers,
    consumer: consumers.consumer,
    producer: producers.producer.producer,
    other: producers.other.producer,
  };
}

export const stock = (offerId: number) =>
  db().select().from(offers).where(eq(offers.id, offerId)).get()!.reserved;
export const booked = (slotId: number) =>
  db().select().from(pickupSlots).where(eq(pickupSlots.id, slotId)).get()!.booked;
export const orderCount = () => db().select().from(orders).all().length;
let key = 0;
export const newKey = () => `key-${Date.now()}-${++key}-abcdefgh`;

export function okOrder(result: ReserveResult) {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result.order;
}
