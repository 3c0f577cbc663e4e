/**
 * The coordinator's market days: cancelling one (its orders, stock, slots and messages),
 * scoping to the coordinator's own market (a coordinator of market B touches nothing of market
 * A), and the list of days with the audit log.
 */
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { auditLog, notificationOutbox, offers, orders, pickupSlots } from "../../db/schema";
import * as list from "../../app/routes/coordinacion.ferias._index";
import * as newDay from "../../app/routes/coordinacion.ferias.nueva";
import * as dayPage from "../../app/routes/coordinacion.ferias.$id";
import * as cancelPage from "../../app/routes/coordinacion.ferias.$id_.cancelar";
import {
  createCategory,
  createCoordinator,
  createMarket,
  createMarketDay,
  createOffer,
  createOrder,
  createProducer,
  createProduct,
  createUser,
  openMarketDayScenario,
} from "../factories";
import { getRequest, loggedInCookie, run } from "../helpers";
import {
  s,
  setUpCoordMarketDays,
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

describe("cancelling a market day", () => {
  it("asks first: a post without the confirmation changes nothing", async () => {
    const { day } = dayWithOrders(inDays(70), 1);
    const response = await post(
      cancelPage,
      `/coordinacion/ferias/${day.id}/cancelar`,
      { intent: "cancel" },
      s.cookieA,
      { id: String(day.id) },
    );
    expect(response.status).toBe(400);
    expect(dayRow(day.id).status).toBe("open");
  });

  it("cancels every active order, releases exactly their stock and slots, queues one message each; a second cancel changes nothing", async () => {
    const date = inDays(71);
    const scenario = openMarketDayScenario({
      marketId: s.marketA.id,
      date,
      window: "calendar",
      offers: { papa: { quantity: 50 }, oca: { quantity: 50 } },
    });
    const { day, slots } = scenario;
    const { papa, oca } = scenario.offers;
    const withEmail = createUser({
      name: "Lucía",
      email: `lucia-${Date.now()}@example.pe`,
      locale: "qu",
    });
    const phoneOnly = createUser({ name: "Mario", locale: "en" });
    const make = (
      consumerId: number,
      slotId: number,
      items: { offer: typeof papa; quantity: number }[],
      extra: Partial<Parameters<typeof createOrder>[0]> = {},
    ) =>
      createOrder({
        marketId: s.marketA.id,
        consumerId,
        marketDayId: day.id,
        slotId,
        items: items.map((i) => ({ ...i, productName: "P", unit: "kg" as const })),
        ...extra,
      });
    const a = make(withEmail.id, slots[0].id, [
      { offer: papa, quantity: 3 },
      { offer: oca, quantity: 2 },
    ]);
    const b = make(phoneOnly.id, slots[0].id, [{ offer: papa, quantity: 4 }], {
      paymentMethod: "card",
    });
    const c = make(phoneOnly.id, slots[1].id, [{ offer: oca, quantity: 5 }], {
      status: "pending_payment",
      paymentMethod: "card",
    });
    // A card hold not paid yet (the factory marks every card order paid).
    db().update(orders).set({ paymentStatus: "pending" }).where(eq(orders.id, c.id)).run();
    // Already cancelled earlier by its consumer: its units were given back then.
    const gone = make(withEmail.id, slots[2].id, [{ offer: oca, quantity: 1 }], {
      status: "cancelled",
    });
    db().update(offers).set({ reserved: 7 }).where(eq(offers.id, oca.id)).run(); // 2 + 5 active
    db().update(pickupSlots).set({ booked: 0 }).where(eq(pickupSlots.id, slots[2].id)).run();
    // Another day's order must not move.
    const other = dayWithOrders(inDays(72), 1);

    const reserved = (id: number) =>
      db().select().from(offers).where(eq(offers.id, id)).get()!.reserved;
    expect([reserved(papa.id), reserved(oca.id)]).toEqual([7, 7]);
    expect(
      slotsOf(day.id)
        .slice(0, 3)
        .map((sl) => sl.booked),
    ).toEqual([2, 1, 0]);

    // The confirmation page says what will happen, including card refunds to come.
    const page = await (
      await run(
        cancelPage.loader,
        getRequest(`/coordinacion/ferias/${day.id}/cancelar`, { cookie: s.cookieA }),
        {
          params: { id: String(day.id) },
        },
      )
    ).json();
    expect(page).toMatchObject({ activeOrderCount: 3, cardPaidCount: 1 });

    const cancel = () =>
      post(
        cancelPage,
        `/coordinacion/ferias/${day.id}/cancelar`,
        { intent: "cancel", confirm: "yes" },
        s.cookieA,
        { id: String(day.id) },
      );
    const response = await cancel();
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/coordinacion/ferias/${day.id}`);
    expect(await flashOf(response)).toEqual({ key: "coordDays.done.cancelled" });

    expect(dayRow(day.id).status).toBe("cancelled");
    expect([reserved(papa.id), reserved(oca.id)]).toEqual([0, 0]);
    expect(slotsOf(day.id).map((sl) => sl.booked)).toEqual(slotsOf(day.id).map(() => 0));
    const orderRows = db().select().from(orders).where(eq(orders.marketDayId, day.id)).all();
    for (const order of orderRows) {
      expect(order.status).toBe("cancelled");
      if (order.id !== gone.id) expect(order.cancelledAt).toBeInstanceOf(Date);
    }
    expect(orderRows.find((o) => o.id === gone.id)!.cancelledAt).toBeNull();
    const outbox = db()
      .select()
      .from(notificationOutbox)
      .all()
      .filter((row) => row.dedupeKey.startsWith(`market-day-cancelled:${day.id}:`))
      .sort((x, y) => x.id - y.id);
    expect(
      outbox.map((row) => [
        row.dedupeKey,
        row.userId,
        row.channel,
        row.template,
        JSON.parse(row.payload),
      ]),
    ).toEqual([
      [
        `market-day-cancelled:${day.id}:${a.id}:email`,
        withEmail.id,
        "email",
        "market_day_cancelled",
        { date, pickupCode: a.pickupCode, locale: "qu" },
      ],
      [
        `market-day-cancelled:${day.id}:${b.id}:sms`,
        phoneOnly.id,
        "sms",
        "market_day_cancelled",
        { date, pickupCode: b.pickupCode, locale: "en" },
      ],
      [
        `market-day-cancelled:${day.id}:${c.id}:sms`,
        phoneOnly.id,
        "sms",
        "market_day_cancelled",
        { date, pickupCode: c.pickupCode, locale: "en" },
      ],
    ]);
    const audit = db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "market_day.cancel"), eq(auditLog.entityId, String(day.id))))
      .all();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].data).cardPaidOrderIds).toEqual([b.id]);
    // The other day is untouched.
    expect(reserved(other.offer.id)).toBe(2);
    expect(dayRow(other.day.id).status).toBe("open");

    const snapshot = () => [
      db().select().from(orders).where(eq(orders.marketDayId, day.id)).all(),
      db().select().from(offers).where(eq(offers.marketDayId, day.id)).all(),
      slotsOf(day.id),
      db().select({ n: count() }).from(notificationOutbox).get()!.n,
      auditCount(),
    ];
    const before = snapshot();
    const again = await cancel();
    expect(again.headers.get("Location")).toBe(`/coordinacion/ferias/${day.id}`);
    expect(await flashOf(again)).toEqual({ key: "coordDays.done.alreadyCancelled" });
    expect(snapshot()).toEqual(before);
  });

  it("a cancelled day can no longer be edited or given slots", async () => {
    const { day } = dayWithOrders(inDays(73), 0);
    await post(
      cancelPage,
      `/coordinacion/ferias/${day.id}/cancelar`,
      { intent: "cancel", confirm: "yes" },
      s.cookieA,
      { id: String(day.id) },
    );
    expect(
      (await postDay(day.id, { intent: "generateSlots", minutes: "30", capacity: "5" })).status,
    ).toBe(409);
    expect((await postDay(day.id, { intent: "openNow" })).status).toBe(409);
    expect((await postDay(day.id, { intent: "save", ...dayForm(day.date) })).status).toBe(409);
    expect(dayRow(day.id).status).toBe("cancelled");
  });
});

describe("two markets", () => {
  it("a coordinator of market B neither sees nor changes market A's days (404, nothing written)", async () => {
    const { day, slots } = dayWithOrders(inDays(80), 1);
    const own = createMarketDay({ marketId: s.marketB.id, date: inDays(81) });
    const before = () => [
      dayRow(day.id),
      slotsOf(day.id),
      db().select().from(orders).where(eq(orders.marketDayId, day.id)).all(),
      dayCount(),
      auditCount(),
      db().select({ n: count() }).from(notificationOutbox).get()!.n,
    ];
    const start = before();

    const listB = await (
      await run(list.loader, getRequest("/coordinacion/ferias", { cookie: s.cookieB }))
    ).json();
    expect([...listB.upcoming, ...listB.past].map((d: { id: number }) => d.id)).not.toContain(
      day.id,
    );
    const seen = await run(
      dayPage.loader,
      getRequest(`/coordinacion/ferias/${day.id}`, { cookie: s.cookieB }),
      {
        params: { id: String(day.id) },
      },
    );
    expect(seen.status).toBe(404);
    const confirmPage = await run(
      cancelPage.loader,
      getRequest(`/coordinacion/ferias/${day.id}/cancelar`, { cookie: s.cookieB }),
      { params: { id: String(day.id) } },
    );
    expect(confirmPage.status).toBe(404);

    const attempts: Record<string, string>[] = [
      { intent: "save", ...dayForm(day.date, { place: "Otro lugar" }) },
      { intent: "generateSlots", minutes: "60", capacity: "5" },
      { intent: "slotCapacity", slotId: String(slots[1].id), capacity: "1" },
      { intent: "openNow" },
      { intent: "close" },
    ];
    for (const fields of attempts) {
      expect((await postDay(day.id, fields, s.cookieB)).status, fields.intent).toBe(404);
    }
    // Another market's slot, posted from B's own day page, is still not B's.
    const cross = await postDay(
      own.day.id,
      { intent: "slotCapacity", slotId: String(slots[1].id), capacity: "1" },
      s.cookieB,
    );
    expect(cross.status).toBe(404);
    const cancel = await post(
      cancelPage,
      `/coordinacion/ferias/${day.id}/cancelar`,
      { intent: "cancel", confirm: "yes" },
      s.cookieB,
      { id: String(day.id) },
    );
    expect(cancel.status).toBe(404);
    const copy = await post(
      list,
      "/coordinacion/ferias",
      { intent: "copyWeek", fromDayId: String(day.id) },
      s.cookieB,
    );
    expect(copy.status).toBe(404);

    expect(before()).toEqual(start);
  });

  it("a malformed id in the address is a 404, not a 500", async () => {
    const response = await run(
      dayPage.loader,
      getRequest("/coordinacion/ferias/abc", { cookie: s.cookieA }),
      { params: { id: "abc" } },
    );
    expect(response.status).toBe(404);
  });
});

describe("the list and the audit log", () => {
  it("lists coming days soonest first, then past days latest first, with orders and slots", async () => {
    const market = createMarket();
    const coordinator = createCoordinator({ marketId: market.id });
    const cookie = await loggedInCookie(coordinator.id);
    const later = createMarketDay({ marketId: market.id, date: inDays(20) });
    const sooner = createMarketDay({ marketId: market.id, date: inDays(5), slotCapacity: 10 });
    const lastWeek = createMarketDay({
      marketId: market.id,
      date: inDays(-7),
      status: "completed",
    });
    const twoWeeks = createMarketDay({
      marketId: market.id,
      date: inDays(-14),
      status: "completed",
    });
    const { producer } = createProducer({ marketId: market.id });
    const product = createProduct({
      producerId: producer.id,
      categoryId: createCategory({ marketId: market.id }).id,
    });
    const offer = createOffer({
      marketDayId: sooner.day.id,
      productId: product.id,
      producerId: producer.id,
    });
    for (const status of ["confirmed", "confirmed", "cancelled"] as const) {
      createOrder({
        marketId: market.id,
        consumerId: s.consumer.id,
        marketDayId: sooner.day.id,
        slotId: sooner.slots[0].id,
        status,
        items: [{ offer, productName: "Papa", unit: "kg", quantity: 1 }],
      });
    }
    const data = await (
      await run(list.loader, getRequest("/coordinacion/ferias", { cookie }))
    ).json();
    expect(data.upcoming.map((d: { id: number }) => d.id)).toEqual([sooner.day.id, later.day.id]);
    expect(data.past.map((d: { id: number }) => d.id)).toEqual([lastWeek.day.id, twoWeeks.day.id]);
    // Cancelled orders do not count; the factory counted all three bookings in the slot.
    expect(data.upcoming[0]).toMatchObject({ orderCount: 2, slotCount: 12, capacity: 120 });
    expect(data.copy.fromDayId).toBe(later.day.id);
  });

  it("writes one audit row per change, naming the coordinator", async () => {
    const date = inDays(90);
    const created = await post(newDay, "/coordinacion/ferias/nueva", dayForm(date), s.cookieA);
    const id = Number(/ferias\/(\d+)/.exec(created.headers.get("Location") ?? "")![1]);
    await postDay(id, { intent: "save", ...dayForm(date, { place: "Coliseo" }) });
    await postDay(id, { intent: "generateSlots", minutes: "60", capacity: "20" });
    await postDay(id, { intent: "slotCapacity", slotId: String(slotsOf(id)[0].id), capacity: "5" });
    await postDay(id, { intent: "openOnSchedule" });
    await postDay(id, { intent: "close" });
    await post(
      list,
      "/coordinacion/ferias",
      { intent: "copyWeek", fromDayId: String(id) },
      s.cookieA,
    );
    await post(
      cancelPage,
      `/coordinacion/ferias/${id}/cancelar`,
      { intent: "cancel", confirm: "yes" },
      s.cookieA,
      { id: String(id) },
    );
    const rows = db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.marketId, s.marketA.id))
      .all()
      .filter(
        (row) =>
          row.entityId === String(id) ||
          (row.entityType === "pickup_slot" && JSON.parse(row.data).marketDayId === id) ||
          (row.action === "market_day.copy_week" && JSON.parse(row.data).fromDayId === id),
      );
    expect(rows.map((row) => row.action)).toEqual([
      "market_day.create",
      "market_day.update",
      "market_day.generate_slots",
      "pickup_slot.capacity",
      "market_day.open",
      "market_day.close",
      "market_day.copy_week",
      "market_day.cancel",
    ]);
    expect(new Set(rows.map((row) => row.actorUserId))).toEqual(new Set([s.coordA.id]));
  });
});
