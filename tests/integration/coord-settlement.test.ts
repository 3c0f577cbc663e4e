/**
 * The settlement with producers (/coordinacion/liquidaciones) through its loader and action,
 * on a hand-built market day whose figures are worked out by hand below.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { limaDateOf, addDays } from "../../app/lib/time";
import { commissionOf } from "../../app/features/settlement/settlements.server";
import * as settlementPage from "../../app/routes/coordinacion.liquidaciones";
import * as settlementCsv from "../../app/routes/coordinacion.hojas.$fecha.liquidacion[.csv]";
import { auditLog, markets, orderItems, settlements } from "../../db/schema";
import {
  createCoordinator,
  createOrder,
  createProducer,
  createUser,
  openMarketDayScenario,
} from "../factories";
import { countQueries, formRequest, getRequest, loggedInCookie, run } from "../helpers";
import { flashOf } from "../support/flash";

const today = limaDateOf(new Date());
const pastDate = addDays(today, -6);

/** A farm by its name. */
const farm = (farmName: string) => ({ profile: { farmName } });

/** Sets what was handed over of one line, as the pickup desk does for a partial pickup. */
function deliver(orderId: number, productName: string, delivered: number) {
  const line = db()
    .select()
    .from(orderItems)
    .where(and(eq(orderItems.orderId, orderId), eq(orderItems.productName, productName)))
    .get()!;
  db()
    .update(orderItems)
    .set({
      deliveredQuantity: delivered,
      fulfilment: delivered === line.quantity ? "delivered" : "short",
    })
    .where(eq(orderItems.id, line.id))
    .run();
}

let s: Awaited<ReturnType<typeof setup>>;

async function setup() {
  // Market A: 8.5 % commission. Hand-worked figures:
  //   Chacra Alta  oca 3.00, papa 2.50
  //     O1 cash picked up: oca ×3 = 9.00        O2 card picked up: papa ×4 = 10.00
  //     O3 cash partial:  oca 5 ordered, 2 delivered = 6.00
  //     gross 25.00 (card 10.00, cash 15.00), units 9; 2500 × 850 / 10000 = 212.5 → 213
  //     (half up: banker's rounding or truncation would give 212); net 22.87
  //   Chacra Baja  queso 15.99, yogur 4.50
  //     O1 cash: queso ×1 = 15.99   O3 cash partial: queso ×2 delivered 2 = 31.98
  //     O7 card partial: queso 3 ordered 0 delivered, yogur 2 ordered 1 delivered = 4.50
  //     gross 52.47 (card 4.50, cash 47.97), units 4; 5247 × 0.085 = 445.995 → 446; net 48.01
  //   Chacra Sin Venta  miel: only in a no-show order → no row
  //   Also excluded: O5 confirmed but never picked up, O6 cancelled.
  //   Totals: gross 77.47, commission 6.59 (the sum of the rows; 8.5 % of 77.47 would be 6.58)
  const a = openMarketDayScenario({
    market: { name: "Mercado A", commissionBps: 850 },
    producers: {
      alta: farm("Chacra Alta"),
      baja: farm("Chacra Baja"),
      sinVenta: farm("Chacra Sin Venta"),
    },
    date: pastDate,
    status: "completed",
    window: "calendar",
    offers: {
      oca: { name: "Oca", unit: "kg", priceCents: 300, quantity: 100 },
      papa: { name: "Papa huayro", unit: "kg", priceCents: 250, quantity: 100 },
      queso: {
        name: "Queso fresco",
        unit: "unidad",
        producer: "baja",
        priceCents: 1599,
        quantity: 100,
      },
      yogur: { name: "Yogur", unit: "litro", producer: "baja", priceCents: 450, quantity: 100 },
      miel: { name: "Miel", unit: "frasco", producer: "sinVenta", priceCents: 1000, quantity: 100 },
    },
  });
  const alta = a.producers.alta.producer;
  const baja = a.producers.baja.producer;
  const sinVenta = a.producers.sinVenta.producer;
  const consumer = createUser({ name: "Rosa Quispe" });
  const order = (
    status: "picked_up" | "partially_picked_up" | "no_show" | "confirmed" | "cancelled",
    paymentMethod: "cash" | "card",
    items: ReturnType<typeof a.item>[],
  ) =>
    createOrder({
      marketId: a.market.id,
      consumerId: consumer.id,
      marketDayId: a.day.id,
      slotId: a.slots[0].id,
      status,
      paymentMethod,
      items,
    });
  order("picked_up", "cash", [a.item("oca", 3), a.item("queso", 1)]);
  order("picked_up", "card", [a.item("papa", 4)]);
  const o3 = order("partially_picked_up", "cash", [a.item("oca", 5), a.item("queso", 2)]);
  deliver(o3.id, "Oca", 2);
  deliver(o3.id, "Queso fresco", 2);
  order("no_show", "cash", [a.item("miel", 2), a.item("oca", 1)]);
  order("confirmed", "card", [a.item("queso", 1)]);
  order("cancelled", "cash", [a.item("oca", 7)]);
  const o7 = order("partially_picked_up", "card", [a.item("queso", 3), a.item("yogur", 2)]);
  deliver(o7.id, "Queso fresco", 0);
  deliver(o7.id, "Yogur", 1);

  // Market B, on another date, with its own coordinator and producer.
  const b = openMarketDayScenario({
    market: { name: "Mercado B", commissionBps: 1000 },
    producers: { bProducer: farm("Chacra de B") },
    date: addDays(pastDate, -7),
    status: "completed",
    window: "calendar",
    offers: { maiz: { name: "Maíz", unit: "kg", priceCents: 500, quantity: 100 } },
  });
  const bProducer = b.producers.bProducer.producer;
  createOrder({
    marketId: b.market.id,
    consumerId: consumer.id,
    marketDayId: b.day.id,
    slotId: b.slots[0].id,
    status: "picked_up",
    items: [b.item("maiz", 2)],
  });

  const coordA = createCoordinator({ marketId: a.market.id });
  const coordB = createCoordinator({ marketId: b.market.id });
  return {
    a,
    b,
    alta,
    baja,
    sinVenta,
    bProducer,
    o3,
    coordA,
    cookieA: await loggedInCookie(coordA.id),
    cookieB: await loggedInCookie(coordB.id),
    consumerCookie: await loggedInCookie(consumer.id),
    producerCookie: await loggedInCookie(createProducer({ marketId: a.market.id }).user.id),
  };
}

beforeAll(async () => {
  s = await setup();
});

const page = (query: string, cookie: string) =>
  run(settlementPage.loader, getRequest(`/coordinacion/liquidaciones${query}`, { cookie }));
const post = (fields: Record<string, string>, cookie: string) =>
  run(
    settlementPage.action,
    formRequest(`/coordinacion/liquidaciones?fecha=${fields.date ?? ""}`, fields, { cookie }),
  );
const payFields = (producerId: number, extra: Record<string, string> = {}) => ({
  intent: "markPaid",
  date: pastDate,
  producerId: String(producerId),
  paidOn: today,
  reference: "Recibo 0042",
  ...extra,
});
const settlementRows = () => db().select().from(settlements).all();
const auditRows = (action: string) =>
  db().select().from(auditLog).where(eq(auditLog.action, action)).all();

type Row = {
  farmName: string;
  units: number;
  grossCents: number;
  cardCents: number;
  cashCents: number;
  commissionCents: number;
  netCents: number;
  differenceCents: number;
  paid: { netCents: number; reference: string } | null;
};

describe("commission rounding", () => {
  it("rounds half up to whole céntimos in integer arithmetic", () => {
    expect(commissionOf(2500, 850)).toBe(213); // 212.5
    expect(commissionOf(5247, 850)).toBe(446); // 445.995
    expect(commissionOf(1, 5000)).toBe(1); // 0.5
    expect(commissionOf(1, 4999)).toBe(0); // 0.4999
    expect(commissionOf(0, 850)).toBe(0);
    expect(commissionOf(123_456, 10_000)).toBe(123_456);
    expect(commissionOf(123_456, 0)).toBe(0);
    // Large sums stay exact: 9,999,999.99 soles at 8.5 %.
    expect(commissionOf(999_999_999, 850)).toBe(85_000_000);
  });
});

describe("the settlement of a market day", () => {
  it("counts only delivered units, splits card and cash, and totals the rows", async () => {
    const response = await page(`?fecha=${pastDate}`, s.cookieA);
    expect(response.status).toBe(200);
    const data = await response.json();
    expect(data.percent).toBe("8.5");
    const rows = data.settlement.rows as Row[];
    expect(
      rows.map((r) => [
        r.farmName,
        r.units,
        r.grossCents,
        r.cardCents,
        r.cashCents,
        r.commissionCents,
        r.netCents,
      ]),
    ).toEqual([
      ["Chacra Alta", 9, 2500, 1000, 1500, 213, 2287],
      ["Chacra Baja", 4, 5247, 450, 4797, 446, 4801],
    ]);
    const totals = data.settlement.totals;
    expect(totals).toMatchObject({
      units: 13,
      grossCents: 7747,
      cardCents: 1450,
      cashCents: 6297,
      commissionCents: 659,
      netCents: 7088,
    });
    for (const key of [
      "units",
      "grossCents",
      "cardCents",
      "cashCents",
      "commissionCents",
      "netCents",
    ] as const) {
      expect(totals[key]).toBe(rows.reduce((sum, r) => sum + r[key], 0));
    }
  });

  it("takes the same number of queries whatever the number of producers", async () => {
    const two = await countQueries(() => page(`?fecha=${pastDate}`, s.cookieA));
    const one = await countQueries(() => page(`?fecha=${addDays(pastDate, -7)}`, s.cookieB));
    expect(two).toBe(one);
  });

  it("opens on the latest market day that has taken place", async () => {
    const data = await (await page("", s.cookieA)).json();
    expect(data.day.date).toBe(pastDate);
  });
});

describe("marking a producer paid", () => {
  it("keeps a snapshot and an audit row, and a second tap records nothing more", async () => {
    const first = await post(payFields(s.alta.id), s.cookieA);
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe(`/coordinacion/liquidaciones?fecha=${pastDate}`);
    expect(await flashOf(first)).toEqual({
      key: "coordSettlement.notice.paid",
      values: { producer: "Chacra Alta" },
    });
    const paid = settlementRows().filter((r) => r.producerId === s.alta.id);
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({
      marketId: s.a.market.id,
      marketDayId: s.a.day.id,
      grossCents: 2500,
      commissionBps: 850,
      commissionCents: 213,
      netCents: 2287,
      paidOn: today,
      reference: "Recibo 0042",
      paidByUserId: s.coordA.id,
    });
    expect(auditRows("settlement.paid")).toHaveLength(1);

    const again = await post(payFields(s.alta.id, { reference: "otra vez" }), s.cookieA);
    expect(again.status).toBe(302);
    // The second says it was already paid, naming the producer.
    expect(await flashOf(again)).toEqual({
      key: "coordSettlement.notice.alreadyPaid",
      values: { producer: "Chacra Alta" },
    });
    expect(settlementRows().filter((r) => r.producerId === s.alta.id)).toHaveLength(1);
    expect(settlementRows().find((r) => r.producerId === s.alta.id)?.reference).toBe("Recibo 0042");
    expect(auditRows("settlement.paid")).toHaveLength(1);

    const data = await (await page(`?fecha=${pastDate}`, s.cookieA)).json();
    const alta = (data.settlement.rows as Row[]).find((r) => r.farmName === "Chacra Alta")!;
    expect(alta.paid).toMatchObject({ netCents: 2287, reference: "Recibo 0042" });
    expect(alta.differenceCents).toBe(0);
  });

  it("shows the difference when the live figures move after payment", async () => {
    // A correction at the desk: one more kilo of oca was handed over in the partial order.
    deliver(s.o3.id, "Oca", 3);
    const data = await (await page(`?fecha=${pastDate}`, s.cookieA)).json();
    const alta = (data.settlement.rows as Row[]).find((r) => r.farmName === "Chacra Alta")!;
    // gross 28.00 → commission 238 → net 25.62; paid 22.87 → difference +2.75
    expect([alta.grossCents, alta.commissionCents, alta.netCents]).toEqual([2800, 238, 2562]);
    expect(alta.differenceCents).toBe(2562 - 2287);
    // The snapshot itself is untouched.
    expect(settlementRows().find((r) => r.producerId === s.alta.id)?.netCents).toBe(2287);
    deliver(s.o3.id, "Oca", 2);
  });

  it.each<[string, Record<string, string>, string]>([
    ["a date in the future", { paidOn: addDays(today, 1) }, "paidOn"],
    ["a date before the market day", { paidOn: addDays(pastDate, -1) }, "paidOn"],
    ["an impossible date", { paidOn: "2026-02-30" }, "paidOn"],
    ["no reference", { reference: "   " }, "reference"],
    ["a reference too long", { reference: "x".repeat(81) }, "reference"],
    ["a malformed producer id", { producerId: "abc" }, "producerId"],
  ])("refuses %s with 400 and writes nothing", async (_label, extra, field) => {
    const before = [settlementRows().length, auditRows("settlement.paid").length];
    const response = await post(payFields(s.baja.id, extra), s.cookieA);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error[field]?.length).toBeGreaterThan(0);
    expect(body.initialValue.reference).toBe(extra.reference ?? "Recibo 0042");
    expect([settlementRows().length, auditRows("settlement.paid").length]).toEqual(before);
  });

  it("refuses a producer who handed over nothing that day (409), writing nothing", async () => {
    const before = settlementRows().length;
    const response = await post(payFields(s.sinVenta.id), s.cookieA);
    expect(response.status).toBe(409);
    expect(settlementRows()).toHaveLength(before);
  });
});

describe("the market's commission", () => {
  const commission = (percent: string, cookie = s.cookieA) =>
    post({ intent: "commission", date: pastDate, percent }, cookie);
  const bpsOf = (marketId: number) =>
    db().select().from(markets).where(eq(markets.id, marketId)).get()!.commissionBps;

  it.each(["abc", "-1", "100.5", "101", "8.555", "8,5,1", ""])(
    "refuses %j with 400 and changes nothing",
    async (percent) => {
      const audits = auditRows("market.commission_changed").length;
      const response = await commission(percent);
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.formId).toBe("commission");
      expect(body.error.percent.length).toBeGreaterThan(0);
      expect(body.initialValue.percent).toBe(percent);
      expect(bpsOf(s.a.market.id)).toBe(850);
      expect(auditRows("market.commission_changed")).toHaveLength(audits);
    },
  );

  it("accepts a percentage with a comma, audits it, and recomputes unpaid rows only", async () => {
    const response = await commission("10,25 %");
    expect(response.status).toBe(302);
    expect(bpsOf(s.a.market.id)).toBe(1025);
    const audit = auditRows("market.commission_changed").at(-1)!;
    expect(JSON.parse(audit.data)).toEqual({ fromBps: 850, toBps: 1025 });
    expect(audit.actorUserId).toBe(s.coordA.id);
    const data = await (await page(`?fecha=${pastDate}`, s.cookieA)).json();
    const rows = data.settlement.rows as Row[];
    const baja = rows.find((r) => r.farmName === "Chacra Baja")!;
    expect(baja.commissionCents).toBe(commissionOf(5247, 1025)); // 537.8175 → 538
    expect(baja.commissionCents).toBe(538);
    // Alta was paid at 8.5 %: the new rate shows as a difference, the snapshot stays.
    const alta = rows.find((r) => r.farmName === "Chacra Alta")!;
    expect(alta.differenceCents).toBe(2500 - 256 - 2287);
    expect(bpsOf(s.b.market.id)).toBe(1000);
    expect((await commission("8.5")).status).toBe(302);
    expect(bpsOf(s.a.market.id)).toBe(850);
  });

  it("accepts the bounds 0 and 100", async () => {
    expect((await commission("0")).status).toBe(302);
    expect(bpsOf(s.a.market.id)).toBe(0);
    expect((await commission("100")).status).toBe(302);
    expect(bpsOf(s.a.market.id)).toBe(10_000);
    expect((await commission("8.5")).status).toBe(302);
  });
});

describe("the settlement CSV", () => {
  it("has a byte-order mark, Spanish headers, plain decimal soles and a totals row", async () => {
    const response = await run(
      settlementCsv.loader,
      getRequest(`/coordinacion/hojas/${pastDate}/liquidacion.csv`, { cookie: s.cookieA }),
      { params: { fecha: pastDate } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="liquidacion-${pastDate}.csv"`,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split("\r\n");
    expect(lines[0]).toBe(
      '"Productor","Unidades entregadas","Ventas (S/)","Tarjeta (S/)","Efectivo (S/)","Yape / Plin (S/)","Comisión (%)","Comisión (S/)","Neto a pagar (S/)","Pagado el","Referencia","Neto pagado (S/)","Diferencia desde el pago (S/)"',
    );
    expect(lines[1]).toBe(
      `"Chacra Alta",9,25.00,10.00,15.00,0.00,8.5,2.13,22.87,"${today}","Recibo 0042",22.87,0.00`,
    );
    expect(lines[2]).toBe('"Chacra Baja",4,52.47,4.50,47.97,0.00,8.5,4.46,48.01,,,,');
    expect(lines[3]).toBe('"Totales",13,77.47,14.50,62.97,0.00,8.5,6.59,70.88,,,22.87,');
    expect(lines[4]).toBe("");
  });
});

describe("who may settle", () => {
  it("gives another market's coordinator 404 for this market's day and writes nothing", async () => {
    expect((await page(`?fecha=${pastDate}`, s.cookieB)).status).toBe(404);
    const before = [settlementRows().length, db().select().from(auditLog).all().length];
    // Market A's day, as market B's coordinator.
    expect((await post(payFields(s.baja.id), s.cookieB)).status).toBe(404);
    // Market B's own day with market A's producer.
    const bDate = addDays(pastDate, -7);
    expect((await post(payFields(s.baja.id, { date: bDate }), s.cookieB)).status).toBe(404);
    expect([settlementRows().length, db().select().from(auditLog).all().length]).toEqual(before);
    const csv = await run(
      settlementCsv.loader,
      getRequest(`/coordinacion/hojas/${pastDate}/liquidacion.csv`, { cookie: s.cookieB }),
      { params: { fecha: pastDate } },
    );
    expect(csv.status).toBe(404);
    // B's own page shows B's producer only.
    const data = await (await page("", s.cookieB)).json();
    expect((data.settlement.rows as Row[]).map((r) => r.farmName)).toEqual(["Chacra de B"]);
  });

  it("lets another market's coordinator change only their own commission", async () => {
    const response = await post({ intent: "commission", date: pastDate, percent: "12" }, s.cookieB);
    expect(response.status).toBe(302);
    const bps = (id: number) =>
      db().select().from(markets).where(eq(markets.id, id)).get()!.commissionBps;
    expect(bps(s.b.market.id)).toBe(1200);
    expect(bps(s.a.market.id)).toBe(850);
  });

  it("refuses consumers and producers with 403, and sends strangers to log in", async () => {
    for (const cookie of [s.consumerCookie, s.producerCookie]) {
      expect((await page("", cookie)).status).toBe(403);
      expect((await post(payFields(s.baja.id), cookie)).status).toBe(403);
      expect(
        (await post({ intent: "commission", date: pastDate, percent: "50" }, cookie)).status,
      ).toBe(403);
    }
    const stranger = await run(settlementPage.loader, getRequest("/coordinacion/liquidaciones"));
    expect(stranger.status).toBe(302);
    expect(settlementRows().filter((r) => r.producerId === s.baja.id)).toHaveLength(0);
  });
});
