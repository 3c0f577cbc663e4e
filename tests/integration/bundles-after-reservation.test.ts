/**
 * Family baskets after the reservation: the producers' pick lists show the units that went into
 * baskets, the coordinators' packing sheet counts the baskets to assemble, the desk shows a
 * basket line's worth. The settlement of such a day is bundles-settlement.test.ts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { formatMoney } from "../../app/lib/format";
import { lineCents } from "../../app/features/ordering/line-value";
import { getPickupLists } from "../../app/features/picklists/order-sheets.server";
import { cancelOrder } from "../../app/features/ordering/order-changes.server";
import * as packingSheet from "../../app/routes/coordinacion.hojas.$fecha.canastas";
import * as itemsCsv from "../../app/routes/coordinacion.hojas.$fecha.detalle[.csv]";
import * as coordPickLists from "../../app/routes/coordinacion.hojas.$fecha.preparacion";
import * as deskOrder from "../../app/routes/coordinacion.recojo.$id";
import * as producerPickList from "../../app/routes/productor.preparacion";
import { createBundle, createCoordinator, createMarketDay } from "../factories";
import { countQueries, getRequest, loggedInCookie, run } from "../helpers";
import { buildMarket, today } from "../support/bundle-market";

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
      { productName: "Oca", unit: "kg", quantity: 4, inBundles: 4 },
      { productName: "Papa huayro", unit: "kg", quantity: 13, inBundles: 11 },
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
      totals: { productName: string; quantity: number; inBundles?: number }[];
      orders: { code: string; items: { productName: string; bundle: { name: string } | null }[] }[];
    };
    const [ana, juan] = data.lists as List[];
    expect(ana.farmName).toBe("Chacra Ana");
    // Queso: 2 in Rosa's basket + 4 in Luis's two.
    expect(ana.totals).toEqual([
      { productName: "Queso fresco", unit: "unidad", quantity: 6, inBundles: 6 },
    ]);
    expect(juan.totals.find((t) => t.productName === "Papa huayro")).toMatchObject({
      quantity: 13,
      inBundles: 11,
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
      contents: { farmName: string; productName: string; perBundle: number; units: number }[];
    };
    const baskets = data.baskets as Basket[];
    // Carmen's four cancelled baskets are not assembled; Nilda's card hold is.
    expect(baskets.map((b) => [b.name, b.count, b.orderCount])).toEqual([
      ["Canasta andina", 2, 2],
      ["Canasta familiar", 3, 2],
    ]);
    const contents = (b: Basket) =>
      b.contents.map((c) => `${c.farmName}: ${c.productName} ${c.perBundle} → ${c.units}`);
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
