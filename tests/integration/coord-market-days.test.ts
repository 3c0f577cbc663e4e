/**
 * The coordinator's market days through their loaders and actions: validation, slots,
 * capacity never below bookings, copy last week, open/close by hand, cancel, and scoping to
 * the coordinator's own market (a coordinator of market B touches nothing of market A).
 */
import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { resetEnv } from "../../app/infra/env.server";
import { addDays, limaDateOf, limaInstant } from "../../app/lib/time";
import { orderWindow } from "../../app/features/market-days/markets.server";
import {
  auditLog,
  marketDays,
  notificationOutbox,
  offers,
  orders,
  pickupSlots,
} from "../../db/schema";
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
} from "../factories";
import { formRequest, getRequest, loggedInCookie, run } from "../helpers";

// Email and SMS configured (never contacted: these tests only look at what is queued), so the
// outbox rows show the channels people chose rather than the development log.
process.env.SMTP_URL = "smtp://localhost:2525";
process.env.TWILIO_ACCOUNT_SID = "AC0123456789";
process.env.TWILIO_AUTH_TOKEN = "twilio-token";
process.env.TWILIO_FROM = "+15005550006";
resetEnv();

const DAY_MS = 86_400_000;
/** A Lima date `n` days from now. */
const inDays = (n: number) => limaDateOf(new Date(Date.now() + n * DAY_MS));

let s: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const marketA = createMarket({ defaultPlace: "Plataforma de Huancaro" });
  const marketB = createMarket();
  const coordA = createCoordinator({ marketId: marketA.id });
  const coordB = createCoordinator({ marketId: marketB.id });
  const consumer = createUser({ name: "Rosa" });
  return {
    marketA,
    marketB,
    coordA,
    coordB,
    consumer,
    cookieA: await loggedInCookie(coordA.id),
    cookieB: await loggedInCookie(coordB.id),
    consumerCookie: await loggedInCookie(consumer.id),
  };
}

beforeAll(async () => {
  s = await setup();
});

const dayRow = (id: number) => db().select().from(marketDays).where(eq(marketDays.id, id)).get()!;
const slotsOf = (dayId: number) =>
  db()
    .select()
    .from(pickupSlots)
    .where(eq(pickupSlots.marketDayId, dayId))
    .orderBy(pickupSlots.startsAt)
    .all();
const auditCount = () => db().select({ n: count() }).from(auditLog).get()!.n;
const dayCount = () => db().select({ n: count() }).from(marketDays).get()!.n;

const post = (
  route: { action: unknown },
  url: string,
  fields: Record<string, string>,
  cookie: string,
  params: Record<string, string> = {},
) => run(route.action, formRequest(url, fields, { cookie }), { params });

const postDay = (dayId: number, fields: Record<string, string>, cookie = s.cookieA) =>
  post(dayPage, `/coordinacion/ferias/${dayId}`, fields, cookie, { id: String(dayId) });

/** A valid new-day form for a date, with everything typed. */
const dayForm = (date: string, overrides: Record<string, string> = {}) => ({
  date,
  ordersOpenAt: `${addDays(date, -7)}T08:00`,
  cutoffAt: `${addDays(date, -1)}T20:00`,
  pickupStart: "07:00",
  pickupEnd: "13:00",
  place: "Plataforma de Huancaro",
  ...overrides,
});

/** A market day of market A with a producer's offers and `orderCount` cash orders. */
function dayWithOrders(date: string, orderCount = 0) {
  const { day, slots } = createMarketDay({ marketId: s.marketA.id, date });
  const { producer } = createProducer({ marketId: s.marketA.id });
  const category = createCategory({ marketId: s.marketA.id });
  const product = createProduct({ producerId: producer.id, categoryId: category.id });
  const offer = createOffer({
    marketDayId: day.id,
    productId: product.id,
    producerId: producer.id,
  });
  const made = [];
  for (let i = 0; i < orderCount; i++) {
    made.push(
      createOrder({
        marketId: s.marketA.id,
        consumerId: s.consumer.id,
        marketDayId: day.id,
        slotId: slots[0].id,
        items: [{ offer, productName: "Papa", unit: "kg", quantity: 2 }],
      }),
    );
  }
  return { day, slots, offer, orders: made };
}

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
      /\/coordinacion\/ferias\/(\d+)\?hecho=created/.exec(
        response.headers.get("Location") ?? "",
      )?.[1],
    );
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
    expect(response.headers.get("Location")).toContain("hecho=slotsCleared");
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
    expect((await response.json()).error).toBe("coordDays.errors.handedOver");
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
    expect(body.error).toBe("coordDays.errors.copyExists");
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
    const { day, slots } = createMarketDay({ marketId: s.marketA.id, date });
    const { producer } = createProducer({ marketId: s.marketA.id });
    const category = createCategory({ marketId: s.marketA.id });
    const papa = createOffer({
      marketDayId: day.id,
      productId: createProduct({ producerId: producer.id, categoryId: category.id }).id,
      producerId: producer.id,
      quantity: 50,
    });
    const oca = createOffer({
      marketDayId: day.id,
      productId: createProduct({ producerId: producer.id, categoryId: category.id }).id,
      producerId: producer.id,
      quantity: 50,
    });
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
    expect(response.headers.get("Location")).toBe(`/coordinacion/ferias/${day.id}?hecho=cancelled`);

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
    expect(again.headers.get("Location")).toBe(
      `/coordinacion/ferias/${day.id}?hecho=alreadyCancelled`,
    );
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
