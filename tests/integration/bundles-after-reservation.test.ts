/**
 * Family baskets after the reservation: the producers' pick lists show the units that went into
 * baskets, the coordinators' packing sheet counts the baskets to assemble, the desk shows a
 * basket line's worth, and — the point of it all — the settlement of a day with baskets handed
 * over whole and short adds up to exactly what the consumers paid.
 */
import crypto from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { formatMoney } from "../../app/lib/format";
import { deliveredCents, lineCents } from "../../app/features/ordering/line-value";
import { limaDateOf } from "../../app/lib/time";
import { getPackingSheet } from "../../app/features/picklists/packing-sheet.server";
import { getPickupLists } from "../../app/features/picklists/order-sheets.server";
import { cancelOrder, reserveBasket } from "../../app/features/ordering/orders.server";
import { recordPickup } from "../../app/features/desk/pickup-desk.server";
import { getSales } from "../../app/features/producers/producer-sales.server";
import { getSettlement } from "../../app/features/settlement/settlements.server";
import * as packingSheet from "../../app/routes/coordinacion.hojas.$fecha.canastas";
import * as itemsCsv from "../../app/routes/coordinacion.hojas.$fecha.detalle[.csv]";
import * as coordPickLists from "../../app/routes/coordinacion.hojas.$fecha.preparacion";
import * as deskOrder from "../../app/routes/coordinacion.recojo.$id";
import * as producerPickList from "../../app/routes/productor.preparacion";
import { orderItems, orders, type Unit } from "../../db/schema";
import {
  createBundle,
  createCategory,
  createCoordinator,
  createMarket,
  createMarketDay,
  createOffer,
  createProducer,
  createProduct,
  createUser,
} from "../factories";
import { countQueries, getRequest, loggedInCookie, run } from "../helpers";

const today = limaDateOf(new Date());

/**
 * A market with today's market day still taking orders (cutoff in two hours), two producers
 * and the offers that go into a basket of price 1001 céntimos over contents worth 3 × 250 and
 * 2 × 333: shares 530 and 471, neither a whole number of céntimos per unit.
 */
function buildMarket(name: string, commissionBps = 850) {
  const market = createMarket({ name, commissionBps });
  const category = createCategory({ marketId: market.id, slug: `c-${crypto.randomUUID()}` });
  const { day, slots } = createMarketDay({
    marketId: market.id,
    date: today,
    cutoffAt: new Date(Date.now() + 2 * 3600_000),
  });
  const juan = createProducer({ marketId: market.id, profile: { farmName: "Chacra Juan" } });
  const ana = createProducer({ marketId: market.id, profile: { farmName: "Chacra Ana" } });
  const offer = (
    producer: typeof juan,
    productName: string,
    priceCents: number,
    unit: Unit = "kg",
  ) =>
    createOffer({
      marketDayId: day.id,
      productId: createProduct({
        producerId: producer.producer.id,
        categoryId: category.id,
        name: productName,
        unit,
      }).id,
      producerId: producer.producer.id,
      priceCents,
      quantity: 100,
    });
  const papa = offer(juan, "Papa huayro", 250);
  const queso = offer(ana, "Queso fresco", 333, "unidad");
  const oca = offer(juan, "Oca", 300);
  const familiar = createBundle({
    marketId: market.id,
    marketDayId: day.id,
    name: "Canasta familiar",
    priceCents: 1001,
    contents: [
      { offerId: papa.id, quantity: 3 },
      { offerId: queso.id, quantity: 2 },
    ],
  });
  const reserve = (
    personName: string,
    slotId: number,
    what: {
      lines?: { offerId: number; quantity: number }[];
      bundles?: { bundleId: number; quantity: number }[];
    },
    paymentMethod: "cash" | "card" = "cash",
  ) => {
    const result = reserveBasket({
      consumerId: createUser({ name: personName }).id,
      marketDayId: day.id,
      slotId,
      lines: what.lines ?? [],
      bundles: what.bundles ?? [],
      paymentMethod,
      idempotencyKey: crypto.randomUUID(),
    });
    if (!result.ok) throw new Error(`reservation refused: ${result.error}`);
    return result.order;
  };
  return { market, day, slots, juan, ana, papa, queso, oca, familiar, reserve };
}

const itemsOf = (orderId: number) =>
  db().select().from(orderItems).where(eq(orderItems.orderId, orderId)).all();

describe("pick lists and the packing sheet", () => {
  let s: Awaited<ReturnType<typeof setup>>;

  async function setup() {
    const m = buildMarket("Mercado con canastas");
    const andina = createBundle({
      marketId: m.market.id,
      marketDayId: m.day.id,
      name: "Canasta andina",
      priceCents: 800,
      contents: [
        { offerId: m.oca.id, quantity: 2 },
        { offerId: m.papa.id, quantity: 1 },
      ],
    });
    const [slot0, slot1] = m.slots;
    const rosa = m.reserve("Rosa Quispe Huamán", slot0.id, {
      lines: [{ offerId: m.papa.id, quantity: 2 }],
      bundles: [{ bundleId: m.familiar.id, quantity: 1 }],
    });
    const luis = m.reserve("Luis Mamani", slot1.id, {
      bundles: [
        { bundleId: m.familiar.id, quantity: 2 },
        { bundleId: andina.id, quantity: 1 },
      ],
    });
    // A card hold still being paid stands too: its baskets are promised.
    const nilda = m.reserve(
      "Nilda Ccori",
      slot1.id,
      { bundles: [{ bundleId: andina.id, quantity: 1 }] },
      "card",
    );
    const carmen = m.reserve("Carmen Huallpa", slot0.id, {
      bundles: [{ bundleId: m.familiar.id, quantity: 4 }],
      lines: [{ offerId: m.oca.id, quantity: 5 }],
    });
    expect(cancelOrder({ consumerId: carmen.consumerId, orderId: carmen.id }).ok).toBe(true);

    // Another market with a market day on the same date, one basket and one order.
    const other = buildMarket("Otro mercado");
    other.reserve("Pedro Otro", other.slots[0].id, {
      bundles: [{ bundleId: other.familiar.id, quantity: 1 }],
    });
    return {
      m,
      andina,
      rosa,
      luis,
      nilda,
      carmen,
      other,
      cookie: await loggedInCookie(createCoordinator({ marketId: m.market.id }).id),
      otherCookie: await loggedInCookie(createCoordinator({ marketId: other.market.id }).id),
      juanCookie: await loggedInCookie(m.juan.user.id),
    };
  }

  beforeAll(async () => {
    s = await setup();
  });

  const sheet = (route: { loader: unknown }, name: string, cookie: string, date = today) =>
    run(route.loader, getRequest(`/coordinacion/hojas/${date}/${name}`, { cookie }), {
      params: { fecha: date },
    });

  it("the producer's pick list includes basket units, labelled with their basket", async () => {
    const response = await run(
      producerPickList.loader,
      getRequest("/productor/preparacion", { cookie: s.juanCookie }),
    );
    expect(response.status).toBe(200);
    const list = await response.json();
    // Papa: 2 alone + 3 (Rosa's basket) + 6 (Luis's two) + 1 + 1 (the andina baskets); oca: 2 + 2.
    // Carmen's cancelled order brings nothing.
    expect(list.totals).toEqual([
      { productName: "Oca", unit: "kg", quantity: 4, inBaskets: 4 },
      { productName: "Papa huayro", unit: "kg", quantity: 13, inBaskets: 11 },
    ]);
    type Item = {
      productName: string;
      quantity: number;
      bundle: { name: string; count: number } | null;
    };
    const orders = (list.slots as { orders: { code: string; items: Item[] }[] }[]).flatMap(
      (slot) => slot.orders,
    );
    const label = (i: Item) =>
      `${i.productName} ${i.quantity}${i.bundle ? ` para ${i.bundle.count} × ${i.bundle.name}` : ""}`;
    expect(orders.map((o) => [o.code, o.items.map(label)])).toEqual([
      [s.rosa.pickupCode, ["Papa huayro 2", "Papa huayro 3 para 1 × Canasta familiar"]],
      ...[
        [
          s.luis.pickupCode,
          [
            "Oca 2 para 1 × Canasta andina",
            "Papa huayro 6 para 2 × Canasta familiar",
            "Papa huayro 1 para 1 × Canasta andina",
          ],
        ],
        [
          s.nilda.pickupCode,
          ["Oca 2 para 1 × Canasta andina", "Papa huayro 1 para 1 × Canasta andina"],
        ],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ]);
  });

  it("the coordinators' pick lists carry the same labels and split", async () => {
    const data = await (await sheet(coordPickLists, "preparacion", s.cookie)).json();
    type List = {
      farmName: string;
      totals: { productName: string; quantity: number; inBaskets?: number }[];
      orders: { code: string; items: { productName: string; bundle: { name: string } | null }[] }[];
    };
    const [ana, juan] = data.lists as List[];
    expect(ana.farmName).toBe("Chacra Ana");
    // Queso: 2 in Rosa's basket + 4 in Luis's two.
    expect(ana.totals).toEqual([
      { productName: "Queso fresco", unit: "unidad", quantity: 6, inBaskets: 6 },
    ]);
    expect(juan.totals.find((t) => t.productName === "Papa huayro")).toMatchObject({
      quantity: 13,
      inBaskets: 11,
    });
    const rosa = juan.orders.find((o) => o.code === s.rosa.pickupCode)!;
    expect(rosa.items.map((i) => i.bundle?.name ?? null)).toEqual([null, "Canasta familiar"]);
  });

  it("the packing sheet counts the baskets to assemble and what each producer brings", async () => {
    const response = await sheet(packingSheet, "canastas", s.cookie);
    expect(response.status).toBe(200);
    const data = await response.json();
    type Basket = {
      name: string;
      count: number;
      orderCount: number;
      price: string;
      contents: { farmName: string; productName: string; perBasket: number; units: number }[];
    };
    const baskets = data.baskets as Basket[];
    // Carmen's four cancelled baskets are not assembled; Nilda's card hold is.
    expect(baskets.map((b) => [b.name, b.count, b.orderCount])).toEqual([
      ["Canasta andina", 2, 2],
      ["Canasta familiar", 3, 2],
    ]);
    const contents = (b: Basket) =>
      b.contents.map((c) => `${c.farmName}: ${c.productName} ${c.perBasket} → ${c.units}`);
    expect(contents(baskets[0])).toEqual([
      "Chacra Juan: Oca 2 → 4",
      "Chacra Juan: Papa huayro 1 → 2",
    ]);
    expect(contents(baskets[1])).toEqual([
      "Chacra Ana: Queso fresco 2 → 6",
      "Chacra Juan: Papa huayro 3 → 9",
    ]);
    expect(baskets[1].price).toBe(formatMoney(1001));
    // Every basket kind together, per producer.
    expect(
      (
        data.producers as { farmName: string; items: { productName: string; units: number }[] }[]
      ).map((p) => [p.farmName, p.items.map((i) => `${i.productName} ${i.units}`)]),
    ).toEqual([
      ["Chacra Ana", ["Queso fresco 6"]],
      ["Chacra Juan", ["Oca 4", "Papa huayro 11"]],
    ]);
    // Per pickup slot, which order takes how many of which.
    type Slot = {
      counts: { name: string; count: number }[];
      orders: {
        pickupCode: string;
        firstName: string;
        baskets: { name: string; count: number }[];
      }[];
    };
    const slots = (data.slots as Slot[]).map((slot) => ({
      counts: slot.counts.map((c) => `${c.count} × ${c.name}`),
      orders: slot.orders.map(
        (o) =>
          `${o.pickupCode} ${o.firstName}: ${o.baskets.map((b) => `${b.count} × ${b.name}`).join(", ")}`,
      ),
    }));
    expect(slots[0]).toEqual({
      counts: ["1 × Canasta familiar"],
      orders: [`${s.rosa.pickupCode} Rosa: 1 × Canasta familiar`],
    });
    expect(slots[1].counts.sort()).toEqual(["2 × Canasta andina", "2 × Canasta familiar"]);
    expect(slots[1].orders.sort()).toEqual(
      [
        `${s.luis.pickupCode} Luis: 2 × Canasta familiar, 1 × Canasta andina`,
        `${s.nilda.pickupCode} Nilda: 1 × Canasta andina`,
      ].sort(),
    );
    expect(JSON.stringify(data)).not.toContain(s.carmen.pickupCode);
  });

  it("the packing sheet is the coordinator's own market's, and 404 for another market's date", async () => {
    // The other market has a day on the same date: its coordinator sees only its own basket.
    const own = await (await sheet(packingSheet, "canastas", s.otherCookie)).json();
    expect(own.baskets.map((b: { count: number }) => b.count)).toEqual([1]);
    expect(JSON.stringify(own)).not.toContain(s.rosa.pickupCode);
    // A date on which only the first market has a day.
    const date = "2031-01-04";
    createMarketDay({ marketId: s.m.market.id, date });
    expect((await sheet(packingSheet, "canastas", s.cookie, date)).status).toBe(200);
    expect((await sheet(packingSheet, "canastas", s.otherCookie, date)).status).toBe(404);
  });

  it("the packing sheet takes the same number of queries whatever the number of baskets", async () => {
    const many = await countQueries(() => sheet(packingSheet, "canastas", s.cookie));
    const none = await countQueries(() => sheet(packingSheet, "canastas", s.cookie, "2031-01-04"));
    expect(many).toBe(none);
  });

  it("the order-items CSV names the basket of each basket line and leaves its unit price out", async () => {
    const text = await (await sheet(itemsCsv, "detalle.csv", s.cookie)).text();
    const rows = text
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n")
      .map((line) => line.split(","));
    expect(rows[0].at(-1)).toBe('"Canasta familiar"');
    const rosaRows = rows.filter((r) => r[0] === `"${s.rosa.pickupCode}"`);
    // Papa alone: price 2.50, subtotal 5.00, no basket; papa in the basket: share 5.30.
    expect(rosaRows.map((r) => [r[4], r[6], r[10], r[11]])).toEqual([
      ['"Papa huayro"', "2.50", "5.00", ""],
      ['"Papa huayro"', "", "5.30", '"Canasta familiar"'],
      ['"Queso fresco"', "", "4.71", '"Canasta familiar"'],
    ]);
  });

  it("the pickup lists count a family basket as one line of the order", () => {
    const lists = getPickupLists({ marketId: s.m.market.id, marketDayId: s.m.day.id });
    const orders = lists.flatMap((slot) => slot.orders);
    // Rosa: papa alone + 1 familiar; Luis: 2 familiar + 1 andean (two kinds, two lines).
    expect(orders.find((o) => o.pickupCode === s.rosa.pickupCode)?.itemCount).toBe(2);
    expect(orders.find((o) => o.pickupCode === s.luis.pickupCode)?.itemCount).toBe(2);
  });

  it("the desk shows a basket line with its basket and its worth", async () => {
    const response = await run(
      deskOrder.loader,
      getRequest(`/coordinacion/recojo/${s.rosa.id}`, { cookie: s.cookie }),
      { params: { id: String(s.rosa.id) } },
    );
    const data = await response.json();
    type Item = {
      productName: string;
      bundleName: string | null;
      bundleCount: number | null;
      unitPriceCents: number;
      quantity: number;
      shareCents: number | null;
    };
    const items = (data.items as Item[]).map((i) => [
      i.productName,
      i.bundleName,
      i.bundleCount,
      lineCents(i),
    ]);
    expect(items).toEqual([
      ["Queso fresco", "Canasta familiar", 1, 471],
      ["Papa huayro", null, null, 500],
      ["Papa huayro", "Canasta familiar", 1, 530],
    ]);
    expect(data.order.totalCents).toBe(1501);
  });
});

describe("settlement of a day with family baskets", () => {
  it("adds up, producer by producer, to what the consumers paid", async () => {
    const m = buildMarket("Mercado que liquida", 850);
    const coordinator = createCoordinator({ marketId: m.market.id });
    const [slot0, slot1] = m.slots;
    const familiar = (quantity: number) => [{ bundleId: m.familiar.id, quantity }];
    // 1. Papa alone and a basket, handed over whole, cash.
    const whole = m.reserve("Rosa Quispe", slot0.id, {
      lines: [{ offerId: m.papa.id, quantity: 2 }],
      bundles: familiar(1),
    });
    // 2. Two baskets and a cheese alone; a kilo of the baskets' papa is missing. Cash.
    const short = m.reserve("Luis Mamani", slot1.id, {
      lines: [{ offerId: m.queso.id, quantity: 1 }],
      bundles: familiar(2),
    });
    // 3. A basket paid by card, both its lines handed over short.
    const card = m.reserve("Carmen Huallpa", slot1.id, { bundles: familiar(1) }, "card");
    // The verified webhook's effect: the card hold is paid and the order confirmed.
    db()
      .update(orders)
      .set({ status: "confirmed", paymentStatus: "paid", holdExpiresAt: null })
      .where(eq(orders.id, card.id))
      .run();
    // 4. Cancelled before the market day: counts nothing.
    const cancelled = m.reserve("Nilda Ccori", slot0.id, {
      lines: [{ offerId: m.oca.id, quantity: 3 }],
      bundles: familiar(3),
    });
    expect(cancelOrder({ consumerId: cancelled.consumerId, orderId: cancelled.id }).ok).toBe(true);

    expect(whole.totalCents).toBe(500 + 1001);
    expect(short.totalCents).toBe(333 + 2 * 1001);

    const line = (orderId: number, offerId: number, inBasket: boolean) =>
      itemsOf(orderId).find(
        (i) => i.offerId === offerId && (i.orderBundleId !== null) === inBasket,
      )!;
    const desk = (orderId: number, delivered: Map<number, number>) => {
      const result = recordPickup({
        marketId: m.market.id,
        orderId,
        actorUserId: coordinator.id,
        requestKey: crypto.randomUUID(),
        delivered,
        cashReceivedCents: null,
      });
      if (!result.ok) throw new Error(`desk refused: ${result.error}`);
      return result;
    };
    desk(whole.id, new Map());
    const shortPapa = line(short.id, m.papa.id, true);
    expect(shortPapa).toMatchObject({ quantity: 6, shareCents: 1060 });
    desk(short.id, new Map([[shortPapa.id, 5]]));
    const cardPapa = line(card.id, m.papa.id, true);
    const cardQueso = line(card.id, m.queso.id, true);
    desk(
      card.id,
      new Map([
        [cardPapa.id, 2],
        [cardQueso.id, 1],
      ]),
    );

    const picked = db()
      .select()
      .from(orders)
      .where(inArray(orders.id, [whole.id, short.id, card.id]))
      .all();
    expect(picked.map((o) => o.status).sort()).toEqual([
      "partially_picked_up",
      "partially_picked_up",
      "picked_up",
    ]);
    // By hand: 5 of 6 kg of a 10.60 share is 8.83 (8.833…); 2 of 3 kg of 5.30 is 3.53; 1 of 2
    // cheeses of 4.71 is 2.36 (2.355, half up).
    const byId = new Map(picked.map((o) => [o.id, o]));
    expect(byId.get(whole.id)!.totalCents).toBe(1501);
    expect(byId.get(short.id)!.totalCents).toBe(883 + 942 + 333);
    expect(byId.get(card.id)!.totalCents).toBe(353 + 236);
    const paid = picked.reduce((sum, o) => sum + o.totalCents, 0);
    expect(paid).toBe(4248);

    const settlement = getSettlement({ marketId: m.market.id, marketDayId: m.day.id });
    const rows = settlement.rows;
    expect(rows.map((r) => r.farmName)).toEqual(["Chacra Ana", "Chacra Juan"]);
    const sum = (pick: (r: (typeof rows)[number]) => number) =>
      rows.reduce((total, r) => total + pick(r), 0);
    expect(sum((r) => r.netCents + r.commissionCents)).toBe(paid);
    expect(sum((r) => r.grossCents)).toBe(paid);
    expect(sum((r) => r.cardCents + r.cashCents)).toBe(paid);
    expect(settlement.totals.grossCents).toBe(paid);
    expect(sum((r) => r.cardCents)).toBe(byId.get(card.id)!.totalCents);

    // Each producer's gross is the sum of their lines' delivered worth.
    const lines = db()
      .select()
      .from(orderItems)
      .where(inArray(orderItems.orderId, [whole.id, short.id, card.id, cancelled.id]))
      .all();
    for (const row of rows) {
      const theirs = lines.filter(
        (l) => l.producerId === row.producerId && l.orderId !== cancelled.id,
      );
      const worth = theirs.reduce(
        (total, l) => total + deliveredCents(l, l.deliveredQuantity ?? 0),
        0,
      );
      expect(row.grossCents, row.farmName).toBe(worth);
    }
    const juan = rows.find((r) => r.producerId === m.juan.producer.id)!;
    const ana = rows.find((r) => r.producerId === m.ana.producer.id)!;
    expect(juan).toMatchObject({ grossCents: 500 + 530 + 883 + 353, cardCents: 353 });
    expect(ana).toMatchObject({ grossCents: 471 + 942 + 333 + 236, cardCents: 236 });

    // The producers' own sales page says the same for that day.
    for (const row of rows) {
      const day = getSales({ producerId: row.producerId, marketId: m.market.id }).find(
        (d) => d.date === today,
      )!;
      expect(day.grossCents, row.farmName).toBe(row.grossCents);
      expect(day.commissionCents, row.farmName).toBe(row.commissionCents);
      expect(day.netCents, row.farmName).toBe(row.netCents);
    }
    expect(
      getSales({ producerId: m.juan.producer.id, marketId: m.market.id }).find(
        (d) => d.date === today,
      )!.basketCents,
    ).toBe(530 + 883 + 353);

    // Nothing of the cancelled order is left on the lines' stock or the sheets.
    expect(
      db()
        .select()
        .from(orders)
        .where(and(eq(orders.id, cancelled.id), eq(orders.status, "cancelled")))
        .get(),
    ).toBeTruthy();
    const packing = getPackingSheet({ marketId: m.market.id, marketDayId: m.day.id });
    expect(packing.baskets.map((b) => b.count)).toEqual([4]);
  });
});
