/**
 * The pickup desk offline, server side: the day's copy it downloads ("Preparar la mesa") and the
 * sync of what it recorded without a signal — a resend recorded once, every conflict in its own
 * words, another market's orders out of reach, and bodies no desk sends refused with a 4xx.
 */
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { applyQueuedDeskActions } from "../../app/features/desk/offline/desk-sync.server";
import { deskDayCopy } from "../../app/features/desk/offline/desk-copy.server";
import { findInCopy, type QueuedDeskAction } from "../../app/features/desk/offline/desk-copy";
import * as mesa from "../../app/routes/coordinacion.recojo.mesa";
import * as sync from "../../app/routes/coordinacion.recojo.sincronizar";
import { auditLog, orderItems, orders } from "../../db/schema";
import { limaDateOf } from "../../app/lib/time";
import { createCoordinator, createOrder, openMarketDayScenario } from "../factories";
import { getRequest, loggedInCookie, run } from "../helpers";

const key = () => crypto.randomUUID();

/** A market with today's market day, two producers, and two of Rosa's orders (cash, card). */
function scene() {
  const { market, day, slots, consumers, item } = openMarketDayScenario({
    categories: { category: { slug: `c-${key()}` } },
    producers: {
      juan: { profile: { farmName: "Chacra Juan" } },
      ana: { profile: { farmName: "Chacra Ana" } },
    },
    date: limaDateOf(new Date()),
    window: "calendar",
    offers: {
      papa: { name: "Papa huayro", unit: "kg", priceCents: 250, quantity: 20 },
      queso: { name: "Queso fresco", unit: "kg", producer: "ana", priceCents: 1200, quantity: 10 },
    },
    consumers: { rosa: { name: "Rosa Quispe Ñahui" } },
  });
  const coordinator = createCoordinator({ marketId: market.id });
  const rosa = consumers.rosa;
  const place = (paymentMethod: "cash" | "card" = "cash") =>
    createOrder({
      marketId: market.id,
      consumerId: rosa.id,
      marketDayId: day.id,
      slotId: slots[0].id,
      paymentMethod,
      items: [item("papa", 4), item("queso", 1)],
    });
  return { market, coordinator, day, slots, rosa, place, order: place() };
}

let s: ReturnType<typeof scene>;
beforeEach(() => {
  s = scene();
});

const orderOf = (id: number) => db().select().from(orders).where(eq(orders.id, id)).get()!;
const auditRows = () => db().select().from(auditLog).all().length;
const itemsOf = (orderId: number) =>
  db().select().from(orderItems).where(eq(orderItems.orderId, orderId)).all();

/** The copy's entry for an order, as the desk would have it. */
function copied(orderId: number) {
  return deskDayCopy({ marketId: s.market.id, dayId: s.day.id })!.orders.find(
    (o) => o.id === orderId,
  );
}

function pickup(orderId: number, extra: Partial<QueuedDeskAction> = {}): QueuedDeskAction {
  return {
    requestKey: key(),
    orderId,
    version: copied(orderId)?.version ?? "not-in-this-copy",
    intent: "pickup",
    items: itemsOf(orderId).map((i) => ({ id: i.id, delivered: i.quantity })),
    cashReceivedCents: null,
    recordedAt: new Date().toISOString(),
    ...extra,
  };
}

const apply = (actions: QueuedDeskAction[], now?: Date) =>
  applyQueuedDeskActions({ marketId: s.market.id, actorUserId: s.coordinator.id, actions, now });

async function post(body: unknown, cookie?: string, raw?: string) {
  return run(
    sync.action,
    new Request("http://localhost:3000/coordinacion/recojo/sincronizar", {
      method: "POST",
      body: raw ?? JSON.stringify(body),
      headers: {
        "Content-Type": "application/json",
        Cookie: cookie ?? (await loggedInCookie(s.coordinator.id)),
      },
    }),
  );
}

describe("the day's copy for the desk", () => {
  it("holds the day's orders with the last three phone digits only, items by producer, a version", async () => {
    const cookie = await loggedInCookie(s.coordinator.id);
    const response = await run(
      mesa.loader,
      getRequest(`/coordinacion/recojo/mesa?dia=${s.day.id}`, { cookie }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const copy = await response.json();
    expect(copy).toMatchObject({ marketId: s.market.id, dayId: s.day.id });
    const [order] = copy.orders;
    expect(order).toMatchObject({
      id: s.order.id,
      name: "Rosa Quispe Ñahui",
      status: "confirmed",
      paymentMethod: "cash",
      totalCents: 4 * 250 + 1200,
    });
    expect(order.phoneEnd).toMatch(/^\d{3}$/);
    expect(JSON.stringify(copy)).not.toContain(s.rosa.phone!.slice(-6));
    expect(order.items.map((i: { farmName: string }) => i.farmName)).toEqual([
      "Chacra Ana",
      "Chacra Juan",
    ]);
    expect(order.version).toMatch(/^[\w-]{22}$/);
    // Found offline by code, by a name typed without accents, by the phone's last digits.
    expect(findInCopy(copy, order.code.toLowerCase()).map((o) => o.id)).toEqual([s.order.id]);
    expect(findInCopy(copy, "rosa quispe nahui")).toHaveLength(1);
    expect(findInCopy(copy, `9${order.phoneEnd}`)).toHaveLength(1);
    expect(findInCopy(copy, "zz")).toHaveLength(0);
  });

  it("another market's day is a 404, a consumer a 403, a malformed day a 404", async () => {
    const other = scene();
    const stranger = await loggedInCookie(other.coordinator.id);
    const seen = await run(
      mesa.loader,
      getRequest(`/coordinacion/recojo/mesa?dia=${s.day.id}`, { cookie: stranger }),
    );
    expect(seen.status).toBe(404);
    expect(JSON.stringify(await seen.json())).not.toContain("Rosa");
    const consumer = await loggedInCookie(s.rosa.id);
    const refused = await run(
      mesa.loader,
      getRequest(`/coordinacion/recojo/mesa?dia=${s.day.id}`, { cookie: consumer }),
    );
    expect(refused.status).toBe(403);
    const own = await loggedInCookie(s.coordinator.id);
    for (const dia of ["", "abc", "-1", "1e99", "99999999999999999999"]) {
      const bad = await run(
        mesa.loader,
        getRequest(`/coordinacion/recojo/mesa?dia=${dia}`, { cookie: own }),
      );
      expect(bad.status, dia).toBe(404);
    }
  });
});

describe("sending what was recorded offline", () => {
  it("records a handover once, however many times it is sent", async () => {
    const action = pickup(s.order.id, { cashReceivedCents: 5000 });
    const first = await post({ actions: [action] });
    expect(first.status).toBe(200);
    expect((await first.json()).results).toEqual([
      { requestKey: action.requestKey, orderId: s.order.id, outcome: "done" },
    ]);
    const rows = auditRows();
    // The answer was lost on the way back: the desk sends the same action again.
    const again = await post({ actions: [action, action] });
    expect((await again.json()).results.map((r: { outcome: string }) => r.outcome)).toEqual([
      "repeated",
      "repeated",
    ]);
    expect(auditRows()).toBe(rows);
    expect(orderOf(s.order.id)).toMatchObject({ status: "picked_up", cashReceivedCents: 5000 });
  });

  it("applies a queue in order, a partial handover with its total, each on its own", () => {
    const second = s.place();
    const [item] = itemsOf(s.order.id).filter((i) => i.quantity === 4);
    const partial = pickup(s.order.id, {
      items: itemsOf(s.order.id).map((i) => ({
        id: i.id,
        delivered: i.id === item.id ? 2 : i.quantity,
      })),
      cashReceivedCents: 2000,
    });
    const short = pickup(second.id, { cashReceivedCents: 100 });
    const results = apply([partial, short]);
    expect(results.map((r) => r.outcome)).toEqual(["done", "conflict"]);
    expect(results[1]).toMatchObject({ reason: "cashShort", totalCents: 2200 });
    expect(orderOf(s.order.id)).toMatchObject({
      status: "partially_picked_up",
      totalCents: 2 * 250 + 1200,
      cashReceivedCents: 2000,
    });
    expect(orderOf(second.id).status).toBe("confirmed");
  });

  it("an order cancelled meanwhile, changed meanwhile, or handed over at another desk is a conflict", () => {
    const cancelled = s.place();
    const changed = s.place();
    const elsewhere = s.place();
    const actions = [pickup(cancelled.id), pickup(changed.id), pickup(elsewhere.id)];
    db().update(orders).set({ status: "cancelled" }).where(eq(orders.id, cancelled.id)).run();
    const [line] = itemsOf(changed.id);
    db().update(orderItems).set({ quantity: 1 }).where(eq(orderItems.id, line.id)).run();
    expect(apply([pickup(elsewhere.id)])[0].outcome).toBe("done");
    const rows = auditRows();
    expect(apply(actions).map((r) => r.reason)).toEqual([
      "cancelled",
      "changed",
      "handedElsewhere",
    ]);
    expect(auditRows()).toBe(rows);
    expect(orderOf(changed.id).status).toBe("confirmed");
  });

  it("a card order not paid, or cash recorded for an order now paid by card, is a conflict", () => {
    const card = s.place("card");
    db().update(orders).set({ paymentStatus: "pending" }).where(eq(orders.id, card.id)).run();
    expect(apply([pickup(card.id)])[0]).toMatchObject({ reason: "cardNotPaid" });
    const paid = s.place("card");
    expect(apply([pickup(paid.id, { cashReceivedCents: 5000 })])[0]).toMatchObject({
      reason: "paidByCard",
    });
    expect(apply([pickup(paid.id)])[0].outcome).toBe("done");
    expect(orderOf(card.id).status).toBe("confirmed");
  });

  it("a no-show before the slot's end is refused; after it, recorded", () => {
    const noShow = (now: Date) =>
      apply(
        [
          {
            requestKey: key(),
            orderId: s.order.id,
            version: copied(s.order.id)!.version,
            intent: "noShow",
            recordedAt: now.toISOString(),
          },
        ],
        now,
      )[0];
    const during = new Date(s.slots[0].endsAt.getTime() - 60_000);
    expect(noShow(during)).toMatchObject({ outcome: "conflict", reason: "slotNotOver" });
    expect(orderOf(s.order.id).status).toBe("confirmed");
    expect(noShow(new Date(s.slots[0].endsAt.getTime() + 60_000)).outcome).toBe("done");
    expect(orderOf(s.order.id).status).toBe("no_show");
  });

  it("another market's order id is refused as if it did not exist, and left alone", async () => {
    const other = scene();
    const theirs = pickup(other.order.id);
    const mine = pickup(s.order.id);
    const response = await post({ actions: [{ ...theirs, version: "x" }] });
    const missing = await post({ actions: [{ ...mine, orderId: 999_999_999, version: "x" }] });
    expect(await response.json()).toEqual({
      results: [
        {
          requestKey: theirs.requestKey,
          orderId: other.order.id,
          outcome: "conflict",
          reason: "notFound",
        },
      ],
    });
    expect((await missing.json()).results[0].reason).toBe("notFound");
    expect(orderOf(other.order.id).status).toBe("confirmed");
    // Nor can a request key used in another market be replayed to learn about its order.
    const used = key();
    applyQueuedDeskActions({
      marketId: other.market.id,
      actorUserId: other.coordinator.id,
      actions: [
        {
          ...theirs,
          requestKey: used,
          version: deskDayCopy({ marketId: other.market.id, dayId: other.day.id })!.orders[0]
            .version,
        },
      ],
    });
    expect(orderOf(other.order.id).status).toBe("picked_up");
    expect(apply([{ ...theirs, requestKey: used }])[0].reason).toBe("notFound");
    expect(apply([{ ...mine, requestKey: used }])[0].reason).toBe("keyReused");
    expect(orderOf(s.order.id).status).toBe("confirmed");
  });

  it("refuses forged, oversized and malformed bodies with a localized 4xx and writes nothing", async () => {
    const rows = auditRows();
    const good = pickup(s.order.id);
    const bodies: [string, unknown, string?][] = [
      ["not JSON", undefined, "{actions:"],
      ["no actions", {}],
      ["empty queue", { actions: [] }],
      ["unknown intent", { actions: [{ ...good, intent: "undo" }] }],
      ["short key", { actions: [{ ...good, requestKey: "abc" }] }],
      ["negative id", { actions: [{ ...good, orderId: -1 }] }],
      ["fractional quantity", { actions: [{ ...good, items: [{ id: 1, delivered: 1.5 }] }] }],
      ["huge cash", { actions: [{ ...good, cashReceivedCents: 1e12 }] }],
      ["too many", { actions: Array.from({ length: 51 }, () => ({ ...good, requestKey: key() })) }],
      ["array body", [good]],
      ["oversized", undefined, JSON.stringify({ actions: [good], pad: "x".repeat(70_000) })],
    ];
    for (const [label, body, raw] of bodies) {
      const response = await post(body, undefined, raw);
      expect(response.status, label).toBeGreaterThanOrEqual(400);
      expect(response.status, label).toBeLessThan(500);
      expect((await response.json()).error, label).toMatch(/Nada se registró|Nothing was recorded/);
    }
    const form = await run(
      sync.action,
      new Request("http://localhost:3000/coordinacion/recojo/sincronizar", {
        method: "POST",
        body: new URLSearchParams({ actions: "x" }),
        headers: { Cookie: await loggedInCookie(s.coordinator.id) },
      }),
    );
    expect(form.status).toBe(415);
    const consumer = await post({ actions: [good] }, await loggedInCookie(s.rosa.id));
    expect(consumer.status).toBe(403);
    expect(auditRows()).toBe(rows);
    expect(orderOf(s.order.id).status).toBe("confirmed");
  });
});
