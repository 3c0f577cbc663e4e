/**
 * The coordinator's dashboard through its loader: figures of a hand-built scene against
 * hand-computed numbers, the 12-day window, two-market scoping, who may see it, its fixed
 * number of queries and an empty market.
 */
import { eq } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { BarChart } from "../../app/ui/BarChart";
import { formatMoney } from "../../app/lib/format";
import { addDays, limaDateOf } from "../../app/lib/time";
import * as dashboard from "../../app/routes/coordinacion._index";
import { orderItems, orders, payments, type Unit } from "../../db/schema";
import {
  createCategory,
  createCoordinator,
  createMarket,
  createMarketDay,
  createMembership,
  createOffer,
  createOrder,
  createProducer,
  createProduct,
  createUser,
} from "../factories";
import { countQueries, formRequest, getRequest, loggedInCookie, run } from "../helpers";

const today = limaDateOf(new Date());
const daysFromToday = (n: number) => addDays(today, n);

type Offer = ReturnType<typeof createOffer>;
type Line = { offer: Offer; name: string; unit: Unit; quantity: number; delivered?: number };

/** A little market with one producer selling papa (S/ 3.00 a kg) and queso (S/ 15.00 each). */
function buildMarket(name: string) {
  const market = createMarket({ name });
  const category = createCategory({ marketId: market.id });
  const { producer } = createProducer({ marketId: market.id });
  const papa = createProduct({ producerId: producer.id, categoryId: category.id, name: "Papa" });
  const queso = createProduct({
    producerId: producer.id,
    categoryId: category.id,
    name: "Queso",
    unit: "unidad",
  });
  const consumer = createUser({ name: "Rosa" });

  /** A market day with its two offers and two slots (07:00–07:30, 07:30–08:00) of 5 orders. */
  function day(date: string, status: "open" | "closed" | "completed" | "cancelled") {
    const { day, slots } = createMarketDay({
      marketId: market.id,
      date,
      status,
      pickupStart: "07:00",
      pickupEnd: "08:00",
      slotCapacity: 5,
    });
    const offer = (productId: number, priceCents: number) =>
      createOffer({
        marketDayId: day.id,
        productId,
        producerId: producer.id,
        priceCents,
        quantity: 100,
      });
    return { day, slots, papa: offer(papa.id, 300), queso: offer(queso.id, 1500) };
  }

  /** An order in a status, with what was delivered per line when it was partly picked up. */
  function order(
    d: ReturnType<typeof day>,
    slot: number,
    status: Parameters<typeof createOrder>[0]["status"],
    lines: Line[],
  ) {
    const created = createOrder({
      marketId: market.id,
      consumerId: consumer.id,
      marketDayId: d.day.id,
      slotId: d.slots[slot].id,
      status,
      paymentMethod: status === "pending_payment" ? "card" : "cash",
      items: lines.map((l) => ({
        offer: l.offer,
        productName: l.name,
        unit: l.unit,
        quantity: l.quantity,
      })),
    });
    if (status === "partially_picked_up") {
      // As the desk leaves it: delivered or short per line.
      const items = db().select().from(orderItems).where(eq(orderItems.orderId, created.id)).all();
      for (const [i, item] of items.entries()) {
        const delivered = lines[i].delivered ?? item.quantity;
        db()
          .update(orderItems)
          .set({
            deliveredQuantity: delivered,
            fulfilment: delivered < item.quantity ? "short" : "delivered",
          })
          .where(eq(orderItems.id, item.id))
          .run();
      }
    }
    return created;
  }

  const papaLine = (d: ReturnType<typeof day>, quantity: number, delivered?: number): Line => ({
    offer: d.papa,
    name: "Papa",
    unit: "kg",
    quantity,
    delivered,
  });
  const quesoLine = (d: ReturnType<typeof day>, quantity: number, delivered?: number): Line => ({
    offer: d.queso,
    name: "Queso",
    unit: "unidad",
    quantity,
    delivered,
  });
  return { market, producer, consumer, day, order, papaLine, quesoLine };
}

async function dashboardOf(cookie: string) {
  const response = await run(dashboard.loader, getRequest("/coordinacion", { cookie }));
  expect(response.status).toBe(200);
  return response.json();
}

let a: Awaited<ReturnType<typeof sceneA>>;

/**
 * Market A: three market days that took place (20, 13 and 6 days ago), one cancelled in
 * between, and the next one in three days. The expected figures are worked out by hand below.
 */
async function sceneA() {
  const m = buildMarket("Mercado A");
  const { day, order, papaLine: papa, quesoLine: queso } = m;
  const d1 = day(daysFromToday(-20), "completed");
  order(d1, 0, "picked_up", [queso(d1, 3)]); // S/ 45.00
  order(d1, 1, "expired", [papa(d1, 2)]);

  const d2 = day(daysFromToday(-13), "closed");
  order(d2, 0, "picked_up", [papa(d2, 10)]); // S/ 30.00
  order(d2, 1, "no_show", [queso(d2, 1)]);

  const cancelled = day(daysFromToday(-10), "cancelled");
  order(cancelled, 0, "picked_up", [queso(cancelled, 10)]); // never counted: day cancelled

  const d3 = day(daysFromToday(-6), "completed");
  order(d3, 0, "picked_up", [papa(d3, 4)]); // S/ 12.00
  order(d3, 0, "partially_picked_up", [papa(d3, 3, 1), queso(d3, 2, 2)]); // 1 × 3 + 2 × 15 = S/ 33.00
  order(d3, 1, "no_show", [queso(d3, 1)]);
  order(d3, 1, "cancelled", [papa(d3, 5)]);

  const next = day(daysFromToday(3), "open");
  order(next, 0, "confirmed", [papa(next, 2), queso(next, 1)]); // 6 + 15 = S/ 21.00
  order(next, 0, "pending_payment", [papa(next, 1)]); // S/ 3.00
  order(next, 1, "cancelled", [queso(next, 1)]);

  const coordinator = createCoordinator({ marketId: m.market.id });
  return { ...m, d1, d2, d3, cancelled, next, cookie: await loggedInCookie(coordinator.id) };
}

beforeAll(async () => {
  a = await sceneA();
});

describe("the next and the last market day", () => {
  it("shows the next market day's orders, reserved value and baskets per slot", async () => {
    const { next } = await dashboardOf(a.cookie);
    expect(next).toMatchObject({
      id: a.next.day.id,
      orders: 2,
      reserved: formatMoney(2400),
      pickedUp: 0,
      noShows: 0,
    });
    expect(
      next.slots.map((s: { orders: number; capacity: number }) => [s.orders, s.capacity]),
    ).toEqual([
      [2, 5],
      [0, 5],
    ]);
  });

  it("shows the last market day's pickups, no-shows and delivered sales", async () => {
    const { last } = await dashboardOf(a.cookie);
    expect(last).toMatchObject({
      id: a.d3.day.id,
      orders: 3,
      pickedUp: 2,
      partiallyPickedUp: 1,
      noShows: 1,
      sales: formatMoney(4500),
      noShowRate: expect.stringMatching(/^33\s?%$/),
    });
    // The cancelled order booked slot 2 once; it no longer counts.
    expect(last.slots.map((s: { orders: number }) => s.orders)).toEqual([2, 1]);
  });
});

describe("the last market days", () => {
  it("charts the days that took place, oldest first, without the cancelled one", async () => {
    const { history } = await dashboardOf(a.cookie);
    expect(
      history.map((d: { id: number; orders: number; salesCents: number; noShowRate: number }) => [
        d.id,
        d.orders,
        d.salesCents,
        d.noShowRate,
      ]),
    ).toEqual([
      [a.d1.day.id, 1, 4500, 0],
      [a.d2.day.id, 2, 3000, 0.5],
      [a.d3.day.id, 3, 4500, 1 / 3],
    ]);
  });

  it("ranks products by delivered value over those days", async () => {
    const { topProducts } = await dashboardOf(a.cookie);
    // Queso: 2 (d3, partial) + 3 (d1) delivered = 5 × S/ 15; papa: 4 + 1 (d3) + 10 (d2) = 15 × S/ 3.
    expect(
      topProducts.map((p: { name: string; units: number; valueCents: number }) => [
        p.name,
        p.units,
        p.valueCents,
      ]),
    ).toEqual([
      ["Queso", 5, 7500],
      ["Papa", 15, 4500],
    ]);
  });

  it("keeps only the last 12 market days", async () => {
    const m = buildMarket("Mercado de catorce ferias");
    const days = [];
    for (let week = 14; week >= 1; week--) {
      const d = m.day(daysFromToday(-7 * week), "completed");
      // One more kilo each week: week 14 sells 1 kg, week 1 sells 14 kg.
      m.order(d, 0, "picked_up", [m.papaLine(d, 15 - week)]);
      days.push(d);
    }
    const coordinator = createCoordinator({ marketId: m.market.id });
    const { history, topProducts, last } = await dashboardOf(await loggedInCookie(coordinator.id));
    expect(history.map((d: { id: number }) => d.id)).toEqual(days.slice(2).map((d) => d.day.id));
    expect(last.id).toBe(days[13].day.id);
    // 3 + 4 + … + 14 kg: the two oldest weeks (1 and 2 kg) are out of the window.
    expect(topProducts).toEqual([
      expect.objectContaining({ name: "Papa", units: 102, valueCents: 30_600 }),
    ]);
  });

  it("counts today's market day as the last once it is closed, and as the next while open", async () => {
    const open = buildMarket("Mercado abierto hoy");
    const openDay = open.day(today, "open");
    const closed = buildMarket("Mercado cerrado hoy");
    const closedDay = closed.day(today, "closed");
    const openView = await dashboardOf(
      await loggedInCookie(createCoordinator({ marketId: open.market.id }).id),
    );
    const closedView = await dashboardOf(
      await loggedInCookie(createCoordinator({ marketId: closed.market.id }).id),
    );
    expect([openView.next?.id, openView.last]).toEqual([openDay.day.id, null]);
    expect([closedView.next, closedView.last?.id]).toEqual([null, closedDay.day.id]);
  });
});

describe("scoping and access", () => {
  it("a coordinator of another market sees none of market A's numbers", async () => {
    const b = buildMarket("Mercado B");
    // Same date as A's last market day, so only the market id tells them apart.
    const bDay = b.day(daysFromToday(-6), "completed");
    b.order(bDay, 0, "picked_up", [b.papaLine(bDay, 1)]);
    const coordinatorB = createCoordinator({ marketId: b.market.id });
    const view = await dashboardOf(await loggedInCookie(coordinatorB.id));
    expect(view.next).toBeNull();
    expect(view.last).toMatchObject({
      id: bDay.day.id,
      orders: 1,
      pickedUp: 1,
      sales: formatMoney(300),
    });
    expect(view.last.slots.map((s: { orders: number }) => s.orders)).toEqual([1, 0]);
    expect(view.history.map((d: { id: number }) => d.id)).toEqual([bDay.day.id]);
    expect(view.topProducts).toEqual([
      expect.objectContaining({ name: "Papa", units: 1, valueCents: 300 }),
    ]);
    // And market A's view is untouched by B's order.
    const aView = await dashboardOf(a.cookie);
    expect(aView.last).toMatchObject({ id: a.d3.day.id, orders: 3, sales: formatMoney(4500) });
  });

  it("lists the card refunds Stripe refused for good, for this market only", async () => {
    const b = buildMarket("Mercado de devoluciones");
    const bDay = b.day(daysFromToday(3), "open");
    const order = b.order(bDay, 0, "cancelled", [b.papaLine(bDay, 1)]);
    db()
      .update(orders)
      .set({ paymentMethod: "card", paymentStatus: "paid" })
      .where(eq(orders.id, order.id))
      .run();
    db().insert(payments).values({ orderId: order.id, amountCents: 300, status: "failed" }).run();
    const coordinatorB = createCoordinator({ marketId: b.market.id });
    const view = await dashboardOf(await loggedInCookie(coordinatorB.id));
    expect(view.refunds).toEqual([
      expect.objectContaining({ orderId: order.id, amount: formatMoney(300) }),
    ]);
    expect((await dashboardOf(a.cookie)).refunds).toEqual([]);

    // Another market's coordinator cannot mark it; its own coordinator can, once.
    const mark = (cookie: string) =>
      run(
        dashboard.action,
        formRequest(
          "/coordinacion",
          { intent: "refundedByHand", orderId: String(order.id) },
          { cookie },
        ),
      );
    expect((await mark(a.cookie)).status).toBe(404);
    const cookieB = await loggedInCookie(coordinatorB.id);
    expect((await mark(cookieB)).status).toBe(302);
    expect(db().select().from(orders).where(eq(orders.id, order.id)).get()!.paymentStatus).toBe(
      "refunded",
    );
    expect((await dashboardOf(cookieB)).refunds).toEqual([]);
    expect((await mark(cookieB)).status).toBe(404);
  });

  it("refuses a refund mark with no order, or not a number, with the form's message", async () => {
    for (const orderId of ["", "abc", "0", "1.5"]) {
      const response = await run(
        dashboard.action,
        formRequest("/coordinacion", { intent: "refundedByHand", orderId }, { cookie: a.cookie }),
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        formId: "refundedByHand",
        error: { "": ["errors.formInvalid"] },
      });
    }
  });

  it("refuses consumers, producers and pending coordinators with 403", async () => {
    const consumer = createUser();
    createMembership({ userId: consumer.id, marketId: a.market.id, role: "consumer" });
    const producer = createProducer({ marketId: a.market.id });
    const pending = createUser();
    createMembership({
      userId: pending.id,
      marketId: a.market.id,
      role: "coordinator",
      status: "pending",
    });
    for (const user of [consumer, producer.user, pending]) {
      const response = await run(
        dashboard.loader,
        getRequest("/coordinacion", { cookie: await loggedInCookie(user.id) }),
      );
      expect(response.status).toBe(403);
    }
  });

  it("sends a visitor who is not logged in to the login page", async () => {
    const response = await run(dashboard.loader, getRequest("/coordinacion"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/ingresar/);
  });
});

describe("speed", () => {
  it("costs the same few queries for 2 market days or 20", async () => {
    const m = buildMarket("Mercado de consultas");
    const cookie = await loggedInCookie(createCoordinator({ marketId: m.market.id }).id);
    const addWeek = (week: number) => {
      const d = m.day(daysFromToday(-7 * week), "completed");
      m.order(d, 0, "picked_up", [m.papaLine(d, 2), m.quesoLine(d, 1)]);
      m.order(d, 1, "no_show", [m.quesoLine(d, 1)]);
    };
    const load = () => run(dashboard.loader, getRequest("/coordinacion", { cookie }));
    addWeek(1);
    m.day(daysFromToday(4), "open");
    await load(); // statements prepared once per connection are not the page's cost
    const few = await countQueries(load);
    for (let week = 2; week <= 20; week++) addWeek(week);
    const many = await countQueries(load);
    expect(many).toBe(few);
    // The coordinator's market (the session is a statement prepared once), five for the
    // dashboard itself (past days, next day, figures per day, slots, top products), and the
    // money left to the coordinators to give back (card refunds Stripe refused, Yape/Plin).
    expect(many).toBe(8);
  });
});

describe("a new market", () => {
  it("answers with empty figures instead of an error", async () => {
    const m = createMarket({ name: "Mercado nuevo" });
    const cookie = await loggedInCookie(createCoordinator({ marketId: m.id }).id);
    expect(await dashboardOf(cookie)).toMatchObject({
      next: null,
      last: null,
      history: [],
      topProducts: [],
    });
  });
});

describe("the chart", () => {
  it("is one image named by its title and described, with a hover text per bar", () => {
    const html = renderToStaticMarkup(
      createElement(BarChart, {
        id: "ventas",
        title: "Ventas por feria",
        description: "Una barra por feria",
        bars: [
          { key: "1", label: "07/11", value: 100, valueLabel: formatMoney(100) },
          { key: "2", label: "14/11", value: 0, valueLabel: formatMoney(0) },
        ],
      }),
    );
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-labelledby="ventas-title"');
    expect(html).toContain('<title id="ventas-title">Ventas por feria</title>');
    expect(html).toContain('<desc id="ventas-desc">Una barra por feria</desc>');
    expect(html).toContain(`<title>07/11: ${formatMoney(100)}</title>`);
    expect(html).toMatch(/viewBox="0 0 320 \d+"/);
  });
});
