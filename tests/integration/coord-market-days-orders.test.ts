/**
 * The coordinator's market days: pickup slots (capacity never below bookings), copying last
 * week, and opening and closing orders by hand.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { addDays, limaInstant } from "../../app/lib/time";
import { orderWindow } from "../../app/features/market-days/markets.server";
import { marketDays, pickupSlots } from "../../db/schema";
import * as list from "../../app/routes/coordinacion.ferias._index";
import { createMarketDay } from "../factories";
import { getRequest, run } from "../helpers";
import {
  s,
  setUpCoordMarketDays,
  DAY_MS,
  inDays,
  dayRow,
  slotsOf,
  auditCount,
  dayCount,
  post,
  postDay,
  dayWithOrders,
} from "../support/coord-market-days";

setUpCoordMarketDays();

describe("pickup slots", () => {
  it("lays slots across the pickup window from a length and a capacity", async () => {
    const { day } = createMarketDay({
      marketId: s.marketA.id,
      date: inDays(40),
      status: "scheduled",
      pickupStart: "07:00",
      pickupEnd: "10:00",
      slotMinutes: 60,
    });
    const response = await postDay(day.id, {
      intent: "generateSlots",
      minutes: "45",
      capacity: "25",
    });
    expect(response.status).toBe(302);
    const slots = slotsOf(day.id);
    // 07:00, 07:45, 08:30, 09:15 (ending with the window at 10:00).
    expect(
      slots.map((sl) => [sl.startsAt.toISOString(), sl.endsAt.toISOString(), sl.capacity]),
    ).toEqual(
      [
        [limaInstant(day.date, "07:00"), limaInstant(day.date, "07:45"), 25],
        [limaInstant(day.date, "07:45"), limaInstant(day.date, "08:30"), 25],
        [limaInstant(day.date, "08:30"), limaInstant(day.date, "09:15"), 25],
        [limaInstant(day.date, "09:15"), limaInstant(day.date, "10:00"), 25],
      ].map(([a, b, c]) => [(a as Date).toISOString(), (b as Date).toISOString(), c]),
    );
  });

  it("refuses bad lengths and capacities with 400 and keeps the slots", async () => {
    const { day } = createMarketDay({
      marketId: s.marketA.id,
      date: inDays(41),
      status: "scheduled",
    });
    const before = slotsOf(day.id);
    for (const fields of [
      { minutes: "0", capacity: "40" },
      { minutes: "30", capacity: "-1" },
      { minutes: "media hora", capacity: "40" },
      { minutes: "30", capacity: "" },
    ]) {
      const response = await postDay(day.id, { intent: "generateSlots", ...fields });
      expect(response.status).toBe(400);
    }
    expect(slotsOf(day.id)).toEqual(before);
  });

  it("replaces slots only when none is booked, and says how many bookings there are", async () => {
    const { day, slots } = dayWithOrders(inDays(42), 2);
    const before = [slotsOf(day.id), auditCount()];
    const response = await postDay(day.id, {
      intent: "generateSlots",
      minutes: "60",
      capacity: "10",
    });
    expect(response.status).toBe(409);
    const body = await response.json();
    expect(body.error[""]).toEqual(["coordDays.errors.hasBookings"]);
    expect(body.values.count).toBe(2);
    expect([slotsOf(day.id), auditCount()]).toEqual(before);
    expect(slots).toHaveLength(12);
  });

  it("sets one slot's capacity, never below its bookings, with the number booked", async () => {
    const { day, slots } = dayWithOrders(inDays(43), 3);
    const slot = slots[0];
    const below = await postDay(day.id, {
      intent: "slotCapacity",
      slotId: String(slot.id),
      capacity: "2",
    });
    expect(below.status).toBe(409);
    const body = await below.json();
    expect(body.error.capacity).toEqual(["coordDays.errors.belowBooked"]);
    expect(body.values.count).toBe(3);
    expect(slotsOf(day.id)[0].capacity).toBe(40);

    const exact = await postDay(day.id, {
      intent: "slotCapacity",
      slotId: String(slot.id),
      capacity: "3",
    });
    expect(exact.status).toBe(302);
    expect(slotsOf(day.id)[0]).toMatchObject({ capacity: 3, booked: 3 });
    // An empty slot may be closed with 0.
    await postDay(day.id, { intent: "slotCapacity", slotId: String(slots[1].id), capacity: "0" });
    expect(slotsOf(day.id)[1].capacity).toBe(0);
  });
});

describe("copying last week", () => {
  it("makes a draft a week later with the same times, place and slots, once however often tapped", async () => {
    const date = inDays(50);
    const { day } = createMarketDay({
      marketId: s.marketA.id,
      date,
      place: "Plaza de Santiago",
      slotMinutes: 60,
      slotCapacity: 15,
    });
    db()
      .update(pickupSlots)
      .set({ capacity: 7 })
      .where(eq(pickupSlots.id, slotsOf(day.id)[2].id))
      .run();
    const tap = () =>
      post(
        list,
        "/coordinacion/ferias",
        { intent: "copyWeek", fromDayId: String(day.id) },
        s.cookieA,
      );
    const first = await tap();
    expect(first.status).toBe(302);
    const copy = db()
      .select()
      .from(marketDays)
      .where(and(eq(marketDays.marketId, s.marketA.id), eq(marketDays.date, addDays(date, 7))))
      .get()!;
    expect(copy).toMatchObject({ place: "Plaza de Santiago", status: "scheduled" });
    const week = 7 * DAY_MS;
    for (const key of ["ordersOpenAt", "cutoffAt", "pickupStartAt", "pickupEndAt"] as const) {
      expect(copy[key].getTime() - day[key].getTime()).toBe(week);
    }
    expect(
      slotsOf(copy.id).map((sl) => [sl.startsAt.getTime() - week, sl.capacity, sl.booked]),
    ).toEqual(slotsOf(day.id).map((sl) => [sl.startsAt.getTime(), sl.capacity, 0]));

    const before = [dayCount(), auditCount()];
    const second = await tap();
    expect(second.status).toBe(409);
    const body = await second.json();
    expect(body.error[""]).toEqual(["coordDays.errors.copyExists"]);
    expect(body.existingId).toBe(copy.id);
    expect([dayCount(), auditCount()]).toEqual(before);
  });

  it("the list offers to copy the latest day", async () => {
    const data = await (
      await run(list.loader, getRequest("/coordinacion/ferias", { cookie: s.cookieA }))
    ).json();
    const latest = [...data.upcoming].pop();
    expect(data.copy.fromDayId).toBe(latest.id);
  });
});

describe("opening and closing orders by hand", () => {
  it("opens now, closes, reopens before the cutoff, and orderWindow follows", async () => {
    const { day } = createMarketDay({
      marketId: s.marketA.id,
      date: inDays(60),
      status: "scheduled",
      ordersOpenAt: new Date(Date.now() + 5 * DAY_MS),
    });
    expect(orderWindow(dayRow(day.id))).toBe("upcoming");

    expect((await postDay(day.id, { intent: "openNow" })).status).toBe(302);
    const opened = dayRow(day.id);
    expect(opened.status).toBe("open");
    expect(opened.ordersOpenAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(orderWindow(opened)).toBe("open");

    expect((await postDay(day.id, { intent: "close" })).status).toBe(302);
    expect(dayRow(day.id).status).toBe("closed");
    expect(orderWindow(dayRow(day.id))).toBe("closed");

    expect((await postDay(day.id, { intent: "openNow" })).status).toBe(302);
    expect(orderWindow(dayRow(day.id))).toBe("open");
  });

  it("publishing on schedule keeps the opening time ahead", async () => {
    const opens = new Date(Date.now() + 5 * DAY_MS);
    const { day } = createMarketDay({
      marketId: s.marketA.id,
      date: inDays(61),
      status: "scheduled",
      ordersOpenAt: opens,
    });
    expect((await postDay(day.id, { intent: "openOnSchedule" })).status).toBe(302);
    const published = dayRow(day.id);
    expect(published.status).toBe("open");
    expect(published.ordersOpenAt.getTime()).toBe(opens.getTime());
    expect(orderWindow(published)).toBe("upcoming");
    expect(orderWindow(published, new Date(opens.getTime() + 1000))).toBe("open");
  });

  it("refuses to open without slots or after the cutoff", async () => {
    const { day } = createMarketDay({
      marketId: s.marketA.id,
      date: inDays(62),
      status: "scheduled",
    });
    db().delete(pickupSlots).where(eq(pickupSlots.marketDayId, day.id)).run();
    const noSlots = await postDay(day.id, { intent: "openNow" });
    expect(noSlots.status).toBe(409);
    expect((await noSlots.json()).error[""]).toEqual(["coordDays.errors.noSlots"]);
    expect(dayRow(day.id).status).toBe("scheduled");

    const past = createMarketDay({
      marketId: s.marketA.id,
      date: inDays(1),
      status: "closed",
      ordersOpenAt: new Date(Date.now() - 3 * DAY_MS),
      cutoffAt: new Date(Date.now() - 60_000),
    });
    const late = await postDay(past.day.id, { intent: "openNow" });
    expect(late.status).toBe(409);
    expect(dayRow(past.day.id).status).toBe("closed");
  });
});
