/**
 * The pickup desk: finding orders, handing them over whole or in part with cash and change,
 * no-shows, undo, and the promises around them — every tap done once, stock given back exactly,
 * and nothing of another market reachable.
 */
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { markNoShow, recordPickup } from "../../app/features/desk/pickup-desk.server";
import { searchDeskOrders } from "../../app/features/desk/desk-search.server";
import { UNDO_WINDOW_MS } from "../../app/features/desk/desk-transaction.server";
import { undoDeskAction } from "../../app/features/desk/desk-undo.server";
import * as deskOrder from "../../app/routes/coordinacion.recojo.$id";
import * as desk from "../../app/routes/coordinacion.recojo._index";
import { auditLog, offers, orderItems, orders } from "../../db/schema";
import { addDays, limaDateOf } from "../../app/lib/time";
import {
  createCoordinator,
  createMarketDay,
  createOrder,
  openMarketDayScenario,
} from "../factories";
import { formRequest, getRequest, loggedInCookie, run } from "../helpers";

const key = () => crypto.randomUUID();

/** A market with today's market day (slots 07:00–13:00), two producers and Rosa's order. */
function scene() {
  const { market, day, slots, offers, consumers, item } = openMarketDayScenario({
    categories: { category: { slug: `c-${key()}` } },
    producers: {
      juan: { profile: { farmName: "Chacra Juan" } },
      ana: { profile: { farmName: "Chacra Ana" } },
    },
    date: limaDateOf(new Date()),
    window: "calendar",
    offers: {
      papa: { name: "Papa huayro", unit: "kg", priceCents: 250, quantity: 10 },
      queso: { name: "Queso fresco", unit: "kg", producer: "ana", priceCents: 1200, quantity: 5 },
    },
    consumers: { rosa: { name: "Rosa Quispe Ñahui" } },
  });
  const coordinator = createCoordinator({ marketId: market.id });
  const { papa, queso } = offers;
  const rosa = consumers.rosa;
  const order = createOrder({
    marketId: market.id,
    consumerId: rosa.id,
    marketDayId: day.id,
    slotId: slots[0].id,
    pickupCode: "KQ4MPA",
    items: [item("papa", 4), item("queso", 1)],
  });
  const items = db().select().from(orderItems).where(eq(orderItems.orderId, order.id)).all();
  const itemOf = (offerId: number) => items.find((i) => i.offerId === offerId)!;
  return { market, coordinator, day, slots, papa, queso, rosa, order, itemOf };
}

const reservedOf = (offerId: number) =>
  db().select().from(offers).where(eq(offers.id, offerId)).get()!.reserved;
const orderOf = (id: number) => db().select().from(orders).where(eq(orders.id, id)).get()!;
const auditCount = () => db().select().from(auditLog).all().length;

let s: ReturnType<typeof scene>;
beforeEach(() => {
  s = scene();
});

function base(extra: { now?: Date; requestKey?: string } = {}) {
  return {
    marketId: s.market.id,
    orderId: s.order.id,
    actorUserId: s.coordinator.id,
    requestKey: key(),
    ...extra,
  };
}

describe("finding an order", () => {
  it("by pickup code however it is typed, by phone digits, and by name without accents", () => {
    const find = (query: string) =>
      searchDeskOrders({ marketId: s.market.id, marketDayId: s.day.id, query }).map((r) => r.id);
    expect(find("kq4-mpa")).toEqual([s.order.id]);
    const local = s.rosa.phone!.slice(3);
    expect(find(`${local.slice(0, 3)} ${local.slice(3, 6)} ${local.slice(6)}`)).toEqual([
      s.order.id,
    ]);
    expect(find(local.slice(-6))).toEqual([s.order.id]);
    expect(find("nahui")).toEqual([s.order.id]);
    expect(find("quispe")).toEqual([s.order.id]);
    expect(find("Huamán")).toEqual([]);
  });

  it("never finds another market's orders, even by their exact code", () => {
    const other = scene();
    const found = searchDeskOrders({
      marketId: s.market.id,
      marketDayId: other.day.id,
      query: other.order.pickupCode,
    });
    expect(found).toEqual([]);
  });

  it("a code of another of the market's days says which day it belongs to", async () => {
    const cookie = await loggedInCookie(s.coordinator.id);
    const { day: nextWeek } = createMarketDay({
      marketId: s.market.id,
      date: addDays(limaDateOf(new Date()), 7),
    });
    const response = await run(
      desk.loader,
      getRequest(`/coordinacion/recojo?dia=${nextWeek.id}&q=KQ4MPA`, { cookie }),
    );
    const data = await response.json();
    expect(data.results).toEqual([]);
    expect(data.elsewhere).toEqual([expect.objectContaining({ id: s.order.id })]);
  });

  it("a scanned code opens the order at once; a name lists the matches", async () => {
    const cookie = await loggedInCookie(s.coordinator.id);
    const scanned = await run(
      desk.loader,
      getRequest(`/coordinacion/recojo?dia=${s.day.id}&q=KQ4MPA`, { cookie }),
    );
    expect(scanned.status).toBe(302);
    expect(scanned.headers.get("Location")).toBe(`/coordinacion/recojo/${s.order.id}`);
    const listed = await run(desk.loader, getRequest(`/coordinacion/recojo?q=rosa`, { cookie }));
    const data = await listed.json();
    expect(data.results.map((r: { code: string }) => r.code)).toEqual(["KQ4MPA"]);
    expect(data.summary).toEqual({ waiting: 1, pickedUp: 0, noShow: 0 });
  });
});

describe("handing an order over", () => {
  it("whole, paid in cash: picked up, the change recorded, the stock stays sold", () => {
    const result = recordPickup({ ...base(), delivered: new Map(), cashReceivedCents: 5000 });
    expect(result).toMatchObject({ ok: true, totalCents: 2200, changeCents: 2800 });
    const order = orderOf(s.order.id);
    expect(order).toMatchObject({
      status: "picked_up",
      totalCents: 2200,
      cashReceivedCents: 5000,
      paymentStatus: "paid",
    });
    expect(order.pickedUpAt).not.toBeNull();
    expect(reservedOf(s.papa.id)).toBe(4);
    expect(reservedOf(s.queso.id)).toBe(1);
  });

  it("in part: the total is what was delivered and the short units go back to the market", () => {
    const papaItem = s.itemOf(s.papa.id);
    const result = recordPickup({
      ...base(),
      delivered: new Map([[papaItem.id, 1]]),
      cashReceivedCents: null,
    });
    // 1 kg of papa (2.50) + the cheese (12.00), paid exactly.
    expect(result).toMatchObject({ ok: true, totalCents: 1450, changeCents: 0 });
    expect(orderOf(s.order.id)).toMatchObject({
      status: "partially_picked_up",
      totalCents: 1450,
      cashReceivedCents: 1450,
    });
    const item = db().select().from(orderItems).where(eq(orderItems.id, papaItem.id)).get()!;
    expect(item).toMatchObject({ deliveredQuantity: 1, fulfilment: "short" });
    expect(reservedOf(s.papa.id)).toBe(1);
    expect(reservedOf(s.queso.id)).toBe(1);
  });

  it("refuses cash short of the total and writes nothing", () => {
    const before = auditCount();
    const result = recordPickup({ ...base(), delivered: new Map(), cashReceivedCents: 2000 });
    expect(result).toEqual({ ok: false, error: "cashShort", totalCents: 2200 });
    expect(orderOf(s.order.id).status).toBe("confirmed");
    expect(auditCount()).toBe(before);
  });

  it("a retried tap (same key) is done once; another desk's tap finds it already done", () => {
    const input = { ...base(), delivered: new Map([[s.itemOf(s.papa.id).id, 2]]) };
    const first = recordPickup({ ...input, cashReceivedCents: 2000 });
    const retried = recordPickup({ ...input, cashReceivedCents: 2000 });
    expect(first).toMatchObject({ ok: true, repeated: false, changeCents: 300 });
    expect(retried).toMatchObject({ ok: true, repeated: true, changeCents: 300 });
    // Released once: 4 ordered, 2 delivered.
    expect(reservedOf(s.papa.id)).toBe(2);
    const other = recordPickup({ ...base(), delivered: new Map(), cashReceivedCents: null });
    expect(other).toMatchObject({ ok: false, error: "notPending" });
    expect(reservedOf(s.papa.id)).toBe(2);
    const rows = db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(s.order.id)))
      .all()
      .filter((r) => r.action === "desk.pickup");
    expect(rows).toHaveLength(1);
    expect(rows[0].actorUserId).toBe(s.coordinator.id);
  });

  it("a key used for one order cannot act on another", () => {
    const requestKey = key();
    recordPickup({ ...base({ requestKey }), delivered: new Map(), cashReceivedCents: null });
    const second = createOrder({
      marketId: s.market.id,
      consumerId: s.rosa.id,
      marketDayId: s.day.id,
      slotId: s.slots[1].id,
      items: [{ offer: s.papa, productName: "Papa huayro", unit: "kg", quantity: 1 }],
    });
    const reused = recordPickup({
      ...base({ requestKey }),
      orderId: second.id,
      delivered: new Map(),
      cashReceivedCents: null,
    });
    expect(reused).toEqual({ ok: false, error: "keyReused" });
    expect(orderOf(second.id).status).toBe("confirmed");
  });
});

describe("request keys across markets", () => {
  it("another market's coordinator replaying a used key learns nothing and changes nothing", () => {
    const requestKey = key();
    recordPickup({ ...base({ requestKey }), delivered: new Map(), cashReceivedCents: 5000 });
    const other = scene();
    const replayed = recordPickup({
      marketId: other.market.id,
      orderId: s.order.id,
      actorUserId: other.coordinator.id,
      requestKey,
      delivered: new Map(),
      cashReceivedCents: null,
    });
    expect(replayed).toEqual({ ok: false, error: "keyReused" });
  });
});

describe("no-shows", () => {
  it("only once the slot is over, then the units go back to the market", () => {
    const during = new Date(s.slots[0].endsAt.getTime() - 60_000);
    expect(markNoShow(base({ now: during }))).toMatchObject({ ok: false, error: "slotNotOver" });
    expect(orderOf(s.order.id).status).toBe("confirmed");
    const after = new Date(s.slots[0].endsAt.getTime() + 60_000);
    expect(markNoShow(base({ now: after }))).toMatchObject({ ok: true });
    expect(orderOf(s.order.id).status).toBe("no_show");
    expect(reservedOf(s.papa.id)).toBe(0);
    expect(reservedOf(s.queso.id)).toBe(0);
  });
});

describe("undo", () => {
  it("puts a partial pickup back exactly as it was, stock included, once", () => {
    const at = new Date();
    recordPickup({
      ...base({ now: at }),
      delivered: new Map([[s.itemOf(s.papa.id).id, 0]]),
      cashReceivedCents: 1500,
    });
    expect(reservedOf(s.papa.id)).toBe(0);
    const undo = base({ now: new Date(at.getTime() + 60_000) });
    expect(undoDeskAction(undo)).toMatchObject({ ok: true, repeated: false });
    expect(undoDeskAction(undo)).toMatchObject({ ok: true, repeated: true });
    expect(orderOf(s.order.id)).toMatchObject({
      status: "confirmed",
      totalCents: 2200,
      cashReceivedCents: null,
      paymentStatus: "unpaid",
      pickedUpAt: null,
    });
    expect(reservedOf(s.papa.id)).toBe(4);
    const items = db().select().from(orderItems).where(eq(orderItems.orderId, s.order.id)).all();
    expect(items.every((i) => i.fulfilment === "pending" && i.deliveredQuantity === null)).toBe(
      true,
    );
    // Nothing left to undo: the undo itself cannot be undone into a second copy.
    expect(undoDeskAction(base())).toMatchObject({ ok: false, error: "nothingToUndo" });
  });

  it("is refused after the window, and when the released units were sold again", () => {
    const at = new Date();
    recordPickup({
      ...base({ now: at }),
      delivered: new Map([[s.itemOf(s.papa.id).id, 0]]),
      cashReceivedCents: null,
    });
    const late = base({ now: new Date(at.getTime() + UNDO_WINDOW_MS + 1000) });
    expect(undoDeskAction(late)).toMatchObject({ ok: false, error: "undoExpired" });
    // Someone else took all ten kilos meanwhile.
    db().update(offers).set({ reserved: 10 }).where(eq(offers.id, s.papa.id)).run();
    const soon = base({ now: new Date(at.getTime() + 1000) });
    expect(undoDeskAction(soon)).toMatchObject({ ok: false, error: "stockGone" });
    expect(orderOf(s.order.id).status).toBe("partially_picked_up");
    expect(reservedOf(s.papa.id)).toBe(10);
  });
});

describe("the desk pages", () => {
  it("record a partial pickup with cash and show the change", async () => {
    const cookie = await loggedInCookie(s.coordinator.id);
    const page = await run(
      deskOrder.loader,
      getRequest(`/coordinacion/recojo/${s.order.id}`, { cookie }),
      {
        params: { id: String(s.order.id) },
      },
    );
    const data = await page.json();
    expect(data.items.map((i: { farmName: string }) => i.farmName)).toEqual([
      "Chacra Ana",
      "Chacra Juan",
    ]);
    const papaIndex = data.items.findIndex((i: { offerId?: number; productName: string }) =>
      i.productName.startsWith("Papa"),
    );
    const fields: Record<string, string> = {
      intent: "pickup",
      requestKey: data.requestKey,
      cashReceived: "20",
    };
    data.items.forEach((item: { id: number; quantity: number }, index: number) => {
      fields[`items[${index}].id`] = String(item.id);
      fields[`items[${index}].delivered`] = String(index === papaIndex ? 3 : item.quantity);
    });
    const post = () =>
      run(deskOrder.action, formRequest(`/coordinacion/recojo/${s.order.id}`, fields, { cookie }), {
        params: { id: String(s.order.id) },
      });
    const done = await post();
    expect(done.status).toBe(302);
    expect(orderOf(s.order.id)).toMatchObject({ status: "partially_picked_up", totalCents: 1950 });
    // The same form posted again (a flaky connection) changes nothing and still succeeds.
    expect((await post()).status).toBe(302);
    expect(reservedOf(s.papa.id)).toBe(3);
  });

  it("bad cash gets a 400 with a clear message and nothing is written", async () => {
    const cookie = await loggedInCookie(s.coordinator.id);
    const before = auditCount();
    const response = await run(
      deskOrder.action,
      formRequest(
        `/coordinacion/recojo/${s.order.id}`,
        { intent: "pickup", requestKey: key(), cashReceived: "cincuenta" },
        { cookie },
      ),
      { params: { id: String(s.order.id) } },
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toEqual({ "": ["coordDesk.errors.cashFormat"] });
    expect(body.initialValue.cashReceived).toBe("cincuenta");
    expect(orderOf(s.order.id).status).toBe("confirmed");
    expect(auditCount()).toBe(before);
  });

  it("another market's coordinator cannot see or touch the order; others get 403", async () => {
    const other = scene();
    const stranger = await loggedInCookie(other.coordinator.id);
    const params = { id: String(s.order.id) };
    const seen = await run(
      deskOrder.loader,
      getRequest(`/coordinacion/recojo/${s.order.id}`, { cookie: stranger }),
      { params },
    );
    expect(seen.status).toBe(404);
    const touched = await run(
      deskOrder.action,
      formRequest(
        `/coordinacion/recojo/${s.order.id}`,
        { intent: "pickup", requestKey: key() },
        { cookie: stranger },
      ),
      { params },
    );
    expect(touched.status).toBe(404);
    expect(orderOf(s.order.id).status).toBe("confirmed");
    const consumer = await loggedInCookie(s.rosa.id);
    const forbidden = await run(
      deskOrder.action,
      formRequest(
        `/coordinacion/recojo/${s.order.id}`,
        { intent: "pickup", requestKey: key() },
        {
          cookie: consumer,
        },
      ),
      { params },
    );
    expect(forbidden.status).toBe(403);
    expect(orderOf(s.order.id).status).toBe("confirmed");
  });
});
