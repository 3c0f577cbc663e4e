/**
 * The coordinator's market days through their loaders and actions: who reaches them, and
 * creating and editing a day (validation, Lima times, the usual order window, pickup hours).
 * Slots and orders by hand are coord-market-days-orders.test.ts; cancelling, two markets and
 * the list coord-market-days-cancel.test.ts.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { addDays, limaInstant } from "../../app/lib/time";
import { orderWindow } from "../../app/features/market-days/markets.server";
import { marketDays, orders } from "../../db/schema";
import * as list from "../../app/routes/coordinacion.ferias._index";
import * as newDay from "../../app/routes/coordinacion.ferias.nueva";
import * as cancelPage from "../../app/routes/coordinacion.ferias.$id_.cancelar";
import { createMarketDay, createOrder } from "../factories";
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
  dayForm,
  dayWithOrders,
} from "../support/coord-market-days";
import { flashOf } from "../support/flash";

setUpCoordMarketDays();

describe("who reaches the market-day pages", () => {
  it("refuses a consumer with 403, on pages and on posts, and writes nothing", async () => {
    const before = dayCount();
    expect(
      (await run(list.loader, getRequest("/coordinacion/ferias", { cookie: s.consumerCookie })))
        .status,
    ).toBe(403);
    const created = await post(
      newDay,
      "/coordinacion/ferias/nueva",
      dayForm(inDays(40)),
      s.consumerCookie,
    );
    expect(created.status).toBe(403);
    expect(dayCount()).toBe(before);
  });

  it("sends someone logged out to the login page", async () => {
    const response = await run(list.loader, getRequest("/coordinacion/ferias"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/ingresar/);
  });
});

describe("creating and editing a market day", () => {
  it("creates a draft day with Lima times and an audit row", async () => {
    const date = inDays(30);
    const audits = auditCount();
    const response = await post(newDay, "/coordinacion/ferias/nueva", dayForm(date), s.cookieA);
    expect(response.status).toBe(302);
    const id = Number(
      /^\/coordinacion\/ferias\/(\d+)$/.exec(response.headers.get("Location") ?? "")?.[1],
    );
    expect(await flashOf(response)).toEqual({ key: "coordDays.done.created" });
    const day = dayRow(id);
    expect(day).toMatchObject({ marketId: s.marketA.id, date, status: "scheduled" });
    expect(day.pickupStartAt.toISOString()).toBe(limaInstant(date, "07:00").toISOString());
    expect(day.pickupStartAt.getUTCHours()).toBe(12); // 07:00 in Lima is 12:00 UTC
    expect(day.cutoffAt.toISOString()).toBe(limaInstant(addDays(date, -1), "20:00").toISOString());
    expect(auditCount()).toBe(audits + 1);
    // A draft does not take orders.
    expect(orderWindow(day, new Date(day.cutoffAt.getTime() - 3600_000))).toBe("upcoming");
  });

  it("fills an empty order window with the usual week: the evening before at 20:00", async () => {
    const date = inDays(31);
    const response = await post(
      newDay,
      "/coordinacion/ferias/nueva",
      dayForm(date, { ordersOpenAt: "", cutoffAt: "" }),
      s.cookieA,
    );
    expect(response.status).toBe(302);
    const day = db()
      .select()
      .from(marketDays)
      .where(and(eq(marketDays.marketId, s.marketA.id), eq(marketDays.date, date)))
      .get()!;
    expect(day.cutoffAt.toISOString()).toBe(limaInstant(addDays(date, -1), "20:00").toISOString());
    expect(day.cutoffAt.getTime() - day.ordersOpenAt.getTime()).toBe(7 * DAY_MS);
  });

  it.each([
    ["orders closing before they open", { cutoffAt: "X" }, "cutoffAt", "cutoffBeforeOpen"],
    ["a cutoff after pickup starts", { cutoffAt: "SAME_DAY_08" }, "cutoffAt", "cutoffAfterPickup"],
    ["pickup ending before it starts", { pickupEnd: "06:00" }, "pickupEnd", "pickupEndBeforeStart"],
    ["an impossible date", { date: "2027-02-30" }, "date", "date"],
    ["a malformed time", { pickupStart: "7am" }, "pickupStart", "time"],
    ["no place", { place: "" }, "place", "errors.required"],
  ])("refuses %s with 400, a message and nothing written", async (_, change, field, message) => {
    const date = inDays(32);
    const fields = dayForm(date);
    const overrides: Record<string, string> = { ...change };
    if (overrides.cutoffAt === "X") overrides.cutoffAt = `${addDays(date, -8)}T08:00`;
    if (overrides.cutoffAt === "SAME_DAY_08") overrides.cutoffAt = `${date}T08:00`;
    const before = [dayCount(), auditCount()];
    const response = await post(
      newDay,
      "/coordinacion/ferias/nueva",
      { ...fields, ...overrides },
      s.cookieA,
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error[field].join(" ")).toContain(message);
    expect(body.initialValue.place).toBe(overrides.place ?? "Plataforma de Huancaro");
    expect([dayCount(), auditCount()]).toEqual(before);
  });

  it("refuses a past date with 400", async () => {
    const before = dayCount();
    const response = await post(
      newDay,
      "/coordinacion/ferias/nueva",
      dayForm(inDays(-3)),
      s.cookieA,
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error.date).toEqual(["coordDays.errors.datePast"]);
    expect(dayCount()).toBe(before);
  });

  it("explains a duplicate date instead of failing, and writes nothing", async () => {
    const date = inDays(33);
    expect(
      (await post(newDay, "/coordinacion/ferias/nueva", dayForm(date), s.cookieA)).status,
    ).toBe(302);
    const before = [dayCount(), auditCount()];
    const again = await post(newDay, "/coordinacion/ferias/nueva", dayForm(date), s.cookieA);
    expect(again.status).toBe(409);
    const body = await again.json();
    expect(body.error.date).toEqual(["coordDays.errors.duplicateDate"]);
    expect(body.values.date).toContain(String(Number(date.slice(8))));
    expect([dayCount(), auditCount()]).toEqual(before);
  });

  it("the same date in another market is fine", async () => {
    const date = inDays(34);
    expect(
      (await post(newDay, "/coordinacion/ferias/nueva", dayForm(date), s.cookieA)).status,
    ).toBe(302);
    expect(
      (await post(newDay, "/coordinacion/ferias/nueva", dayForm(date), s.cookieB)).status,
    ).toBe(302);
  });

  it("edits the order window and place of a day with orders, but never its date or pickup hours", async () => {
    const { day, slots } = dayWithOrders(inDays(35), 1);
    const saved = await postDay(day.id, {
      intent: "save",
      ...dayForm(day.date, { cutoffAt: `${addDays(day.date, -1)}T18:00`, place: "Coliseo" }),
    });
    expect(saved.status).toBe(302);
    expect(dayRow(day.id)).toMatchObject({ place: "Coliseo", date: day.date });
    expect(dayRow(day.id).cutoffAt.toISOString()).toBe(
      limaInstant(addDays(day.date, -1), "18:00").toISOString(),
    );

    const before = [dayRow(day.id), auditCount()];
    const moved = await postDay(day.id, { intent: "save", ...dayForm(addDays(day.date, 1)) });
    expect(moved.status).toBe(409);
    expect((await moved.json()).error.date).toEqual(["coordDays.errors.dateLocked"]);
    const later = await postDay(day.id, {
      intent: "save",
      ...dayForm(day.date, { place: "Coliseo", pickupStart: "08:00" }),
    });
    expect(later.status).toBe(409);
    expect((await later.json()).error.pickupStart).toEqual(["coordDays.errors.pickupLocked"]);
    expect([dayRow(day.id), auditCount()]).toEqual(before);
    expect(slotsOf(day.id)).toEqual(
      slots.map((sl) => ({ ...sl, booked: sl.booked + (sl.id === slots[0].id ? 1 : 0) })),
    );
  });

  it("a day without bookings may move its pickup hours: its misplaced slots are removed", async () => {
    const { day } = createMarketDay({
      marketId: s.marketA.id,
      date: inDays(36),
      status: "scheduled",
    });
    expect(slotsOf(day.id).length).toBe(12);
    const response = await postDay(day.id, {
      intent: "save",
      ...dayForm(day.date, { pickupStart: "08:00", pickupEnd: "12:00" }),
    });
    expect(await flashOf(response)).toEqual({ key: "coordDays.done.slotsCleared" });
    expect(slotsOf(day.id)).toEqual([]);
  });

  it("a day whose pickups have started cannot be cancelled", async () => {
    const { day, slots, offer } = dayWithOrders(inDays(38), 1);
    createOrder({
      marketId: s.marketA.id,
      consumerId: s.consumer.id,
      marketDayId: day.id,
      slotId: slots[1].id,
      status: "picked_up",
      items: [{ offer, productName: "Papa", unit: "kg", quantity: 1 }],
    });
    const response = await post(
      cancelPage,
      `/coordinacion/ferias/${day.id}/cancelar`,
      { intent: "cancel", confirm: "yes" },
      s.cookieA,
      { id: String(day.id) },
    );
    expect(response.status).toBe(409);
    expect((await response.json()).error[""]).toEqual(["coordDays.errors.handedOver"]);
    expect(dayRow(day.id).status).toBe("open");
    expect(
      db()
        .select()
        .from(orders)
        .where(eq(orders.marketDayId, day.id))
        .all()
        .map((o) => o.status),
    ).toEqual(["confirmed", "picked_up"]);
  });

  it("an open day whose slots are removed by new pickup hours goes back to draft", async () => {
    const { day } = createMarketDay({ marketId: s.marketA.id, date: inDays(37), status: "open" });
    await postDay(day.id, {
      intent: "save",
      ...dayForm(day.date, { pickupStart: "08:00", pickupEnd: "12:00" }),
    });
    expect(slotsOf(day.id)).toEqual([]);
    expect(dayRow(day.id).status).toBe("scheduled");
  });
});
