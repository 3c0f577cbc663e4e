/**
 * The coordinator's sheets (/coordinacion/hojas): pick lists per producer, pickup lists per
 * slot and the CSV exports, through their loaders, with two markets side by side.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { csvCell, csvMoney, toCsv } from "../../app/features/picklists/csv";
import { formatMoney } from "../../app/lib/format";
import { addDays, limaDateOf } from "../../app/lib/time";
import * as sheetsIndex from "../../app/routes/coordinacion.hojas._index";
import * as pickLists from "../../app/routes/coordinacion.hojas.$fecha.preparacion";
import * as pickupLists from "../../app/routes/coordinacion.hojas.$fecha.recojo";
import * as ordersCsv from "../../app/routes/coordinacion.hojas.$fecha.pedidos[.csv]";
import * as itemsCsv from "../../app/routes/coordinacion.hojas.$fecha.detalle[.csv]";
import * as settlementCsv from "../../app/routes/coordinacion.hojas.$fecha.liquidacion[.csv]";
import type { Unit } from "../../db/schema";
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
import { countQueries, getRequest, loggedInCookie, run } from "../helpers";

const today = limaDateOf(new Date());
const nextDate = addDays(today, 3);
const EVIL_NAME = '=HYPERLINK("http://malo.example","clic")';
const QUOTED_NAME = 'Ñusta "La Grande", Mamani';

/** A market with a market day on `date` and a way to offer products on it. */
function buildMarket(name: string, date: string) {
  const market = createMarket({ name });
  const category = createCategory({ marketId: market.id });
  const day = createMarketDay({ marketId: market.id, date });
  const offer = (producerId: number, productName: string, priceCents: number, unit: Unit) => {
    const product = createProduct({ producerId, categoryId: category.id, name: productName, unit });
    const row = createOffer({
      marketDayId: day.day.id,
      productId: product.id,
      producerId,
      priceCents,
      quantity: 50,
    });
    return { offer: row, productName, unit };
  };
  return { market, day, offer };
}

let s: Awaited<ReturnType<typeof setup>>;

async function setup() {
  const a = buildMarket("Mercado A", nextDate);
  // A market day that has already taken place: the sheets page opens on the coming one.
  createMarketDay({ marketId: a.market.id, date: addDays(today, -4), status: "completed" });
  const nawpa = createProducer({
    marketId: a.market.id,
    profile: { farmName: "Chacra Ñawpa", community: "Paucarbamba", province: "Calca" },
  });
  const qori = createProducer({ marketId: a.market.id, profile: { farmName: "Chacra Qori" } });
  createProducer({ marketId: a.market.id, profile: { farmName: "Chacra Vacía" } });
  const oca = a.offer(nawpa.producer.id, "Oca", 300, "kg");
  const papa = a.offer(nawpa.producer.id, "Papa huayro", 250, "kg");
  const queso = a.offer(qori.producer.id, "Queso fresco", 1599, "unidad");
  const rosa = createUser({ name: "Rosa Quispe Huamán", phone: "+51987000111" });
  const evil = createUser({ name: EVIL_NAME, phone: "+51987000222" });
  const quoted = createUser({ name: QUOTED_NAME, email: `nusta-${Date.now()}@example.pe` });
  const ana = createUser({ name: "Ana Mamani", phone: "+51987000333" });
  const [slot0, slot1] = a.day.slots;
  const order = (
    code: string,
    consumerId: number,
    slotId: number,
    status: "confirmed" | "cancelled" | "picked_up" | "no_show",
    paymentMethod: "cash" | "card",
    items: { line: typeof oca; quantity: number }[],
  ) =>
    createOrder({
      marketId: a.market.id,
      consumerId,
      marketDayId: a.day.day.id,
      slotId,
      status,
      paymentMethod,
      pickupCode: code,
      items: items.map((i) => ({ ...i.line, quantity: i.quantity })),
    });
  order("CCC333", rosa.id, slot1.id, "confirmed", "cash", [
    { line: oca, quantity: 2 },
    { line: queso, quantity: 1 },
  ]);
  order("AAA111", evil.id, slot0.id, "confirmed", "card", [
    { line: papa, quantity: 3 },
    { line: oca, quantity: 1 },
  ]);
  order("DDD444", quoted.id, slot1.id, "cancelled", "cash", [{ line: oca, quantity: 5 }]);
  order("EEE555", quoted.id, slot0.id, "picked_up", "cash", [{ line: queso, quantity: 2 }]);
  order("FFF666", ana.id, slot1.id, "no_show", "cash", [{ line: papa, quantity: 1 }]);

  const bDate = addDays(nextDate, 7);
  const b = buildMarket("Mercado B", bDate);
  const bProducer = createProducer({ marketId: b.market.id, profile: { farmName: "Chacra B" } });
  const maiz = b.offer(bProducer.producer.id, "Maíz", 500, "kg");
  createOrder({
    marketId: b.market.id,
    consumerId: rosa.id,
    marketDayId: b.day.day.id,
    slotId: b.day.slots[0].id,
    pickupCode: "BBB999",
    items: [{ ...maiz, quantity: 4 }],
  });
  return {
    a,
    b,
    bDate,
    cookieA: await loggedInCookie(createCoordinator({ marketId: a.market.id }).id),
    cookieB: await loggedInCookie(createCoordinator({ marketId: b.market.id }).id),
    consumerCookie: await loggedInCookie(rosa.id),
    producerCookie: await loggedInCookie(nawpa.user.id),
  };
}

beforeAll(async () => {
  s = await setup();
});

const SHEETS = {
  preparacion: pickLists,
  recojo: pickupLists,
  "pedidos.csv": ordersCsv,
  "detalle.csv": itemsCsv,
  "liquidacion.csv": settlementCsv,
} as const;

function sheet(
  name: keyof typeof SHEETS,
  date: string,
  cookie: string,
  headers: Record<string, string> = {},
) {
  return run(
    SHEETS[name].loader,
    getRequest(`/coordinacion/hojas/${date}/${name}`, { cookie, headers }),
    { params: { fecha: date } },
  );
}

/** Parses RFC 4180 CSV (quoted cells, doubled quotes, CRLF), for checking what a spreadsheet reads. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      row.push(cell);
      cell = "";
    } else if (!quoted && c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

/** The file as bytes and text (without its BOM), checked to start with the UTF-8 BOM. */
async function readCsv(response: Response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.slice(3));
  return { bytes, text, rows: parseCsv(text) };
}

describe("CSV cells", () => {
  it("quotes text, doubles quotes, and defuses formulas but not our own numbers", () => {
    expect(csvCell('Ñusta "La Grande", Mamani')).toBe('"Ñusta ""La Grande"", Mamani"');
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
      expect(csvCell(`${start}1+1`)).toBe(`"'${start}1+1"`);
    }
    expect(csvCell("línea\nnueva")).toBe('"línea\nnueva"');
    expect(csvCell(12)).toBe("12");
    expect(csvCell(null)).toBe("");
    expect(csvCell(csvMoney(1250))).toBe("12.50");
    expect(csvCell(csvMoney(-300))).toBe("-3.00");
    expect(csvCell(csvMoney(5))).toBe("0.05");
    expect(toCsv(["a"], [["x"], [1]])).toBe('\uFEFF"a"\r\n"x"\r\n1\r\n');
  });
});

describe("the sheets page", () => {
  it("opens on the coming market day and links its sheets", async () => {
    const data = await (
      await run(sheetsIndex.loader, getRequest("/coordinacion/hojas", { cookie: s.cookieA }))
    ).json();
    expect(data.day.date).toBe(nextDate);
    expect(data.days.map((d: { date: string }) => d.date)).toEqual([nextDate, addDays(today, -4)]);
  });

  it("shows another day asked with ?fecha=, and 404 for a day of another market", async () => {
    const past = addDays(today, -4);
    const own = await run(
      sheetsIndex.loader,
      getRequest(`/coordinacion/hojas?fecha=${past}`, { cookie: s.cookieA }),
    );
    expect((await own.json()).day.date).toBe(past);
    for (const fecha of [s.bDate, "no-es-fecha"]) {
      const other = await run(
        sheetsIndex.loader,
        getRequest(`/coordinacion/hojas?fecha=${fecha}`, { cookie: s.cookieA }),
      );
      expect(other.status).toBe(404);
    }
  });
});

describe("pick lists", () => {
  it("give each producer with orders their totals and their orders in pickup order", async () => {
    const response = await sheet("preparacion", nextDate, s.cookieA);
    expect(response.status).toBe(200);
    const data = await response.json();
    type List = {
      farmName: string;
      community: string;
      totals: { productName: string; unit: string; quantity: number }[];
      orders: { code: string; slot: string; items: { productName: string; quantity: number }[] }[];
    };
    const lists = data.lists as List[];
    // Spanish order: Ñ comes after N and before Q. No sheet for a producer without orders.
    expect(lists.map((l) => l.farmName)).toEqual(["Chacra Ñawpa", "Chacra Qori"]);
    const [nawpa, qori] = lists;
    expect(nawpa.community).toBe("Paucarbamba");
    // The cancelled order (oca ×5) and the no-show (papa ×1) bring nothing.
    expect(nawpa.totals).toEqual([
      { productName: "Oca", unit: "kg", quantity: 3 },
      { productName: "Papa huayro", unit: "kg", quantity: 3 },
    ]);
    expect(
      nawpa.orders.map((o) => [o.code, o.items.map((i) => `${i.quantity} ${i.productName}`)]),
    ).toEqual([
      ["AAA111", ["1 Oca", "3 Papa huayro"]],
      ["CCC333", ["2 Oca"]],
    ]);
    expect(nawpa.orders[0].slot).toMatch(/^7:00.*7:30/);
    expect(qori.totals).toEqual([{ productName: "Queso fresco", unit: "unidad", quantity: 3 }]);
    expect(qori.orders.map((o) => o.code)).toEqual(["EEE555", "CCC333"]);
  });

  it("take the same number of queries whatever the number of orders", async () => {
    const many = await countQueries(() => sheet("preparacion", nextDate, s.cookieA));
    const few = await countQueries(() => sheet("preparacion", s.bDate, s.cookieB));
    expect(many).toBe(few);
  });
});

describe("pickup lists", () => {
  it("list each slot's orders with name, contact, items, total and payment", async () => {
    const data = await (await sheet("recojo", nextDate, s.cookieA)).json();
    type Slot = {
      label: string;
      orders: {
        code: string;
        name: string;
        contact: string;
        itemCount: number;
        total: string;
        status: string;
        paymentMethod: string;
        paymentStatus: string;
      }[];
    };
    const slots = data.slots as Slot[];
    expect(slots).toHaveLength(12);
    const [first, second, ...rest] = slots;
    expect(
      first.orders.map((o) => [
        o.code,
        o.name,
        o.contact,
        o.itemCount,
        o.total,
        o.status,
        o.paymentMethod,
        o.paymentStatus,
      ]),
    ).toEqual([
      ["AAA111", EVIL_NAME, "+51 987 000 222", 2, formatMoney(1050), "confirmed", "card", "paid"],
      [
        "EEE555",
        QUOTED_NAME,
        expect.stringMatching(/@example\.pe$/),
        1,
        formatMoney(3198),
        "picked_up",
        "cash",
        "paid",
      ],
    ]);
    // The cancelled order is left out; the no-show stays, marked as such.
    expect(second.orders.map((o) => [o.code, o.name, o.status, o.total])).toEqual([
      ["FFF666", "Ana Mamani", "no_show", formatMoney(250)],
      ["CCC333", "Rosa Quispe Huamán", "confirmed", formatMoney(2199)],
    ]);
    expect(rest.every((slot) => slot.orders.length === 0)).toBe(true);
  });
});

describe("CSV exports", () => {
  it("orders: BOM, headers in Spanish, quoting, defused formulas, accents, decimal soles", async () => {
    const response = await sheet("pedidos.csv", nextDate, s.cookieA);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="pedidos-${nextDate}.csv"`,
    );
    const { bytes, text, rows } = await readCsv(response);
    // "á" of Huamán as UTF-8 bytes (C3 A1), not a Windows code page.
    expect(Buffer.from(bytes).includes(Buffer.from("Huam\u00e1n", "utf8"))).toBe(true);
    expect(rows[0]).toEqual([
      "Código",
      "Turno desde",
      "Turno hasta",
      "Nombre",
      "Celular",
      "Correo",
      "Estado del pedido",
      "Forma de pago",
      "Estado del pago",
      "Productos",
      "Total (S/)",
      "Efectivo recibido (S/)",
      "Pedido el",
      "Recogido el",
    ]);
    // Every order of the day, the cancelled one included, by slot then code.
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      "AAA111",
      "EEE555",
      "CCC333",
      "DDD444",
      "FFF666",
    ]);
    const evil = rows[1];
    expect(evil.slice(0, 12)).toEqual([
      "AAA111",
      "07:00",
      "07:30",
      `'${EVIL_NAME}`,
      "987 000 222",
      "",
      "Reservado",
      "Tarjeta",
      "pagado",
      "2",
      "10.50",
      "",
    ]);
    expect(evil[12]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(text).toContain(`"'=HYPERLINK(""http://malo.example"",""clic"")"`);
    expect(text).toContain(`"Ñusta ""La Grande"", Mamani"`);
    const pickedUp = rows.find((r) => r[0] === "EEE555")!;
    expect([pickedUp[3], pickedUp[6], pickedUp[10], pickedUp[11]]).toEqual([
      QUOTED_NAME,
      "Recogido",
      "31.98",
      "31.98",
    ]);
    expect(rows.find((r) => r[0] === "DDD444")![6]).toBe("Cancelado");
    expect(text.endsWith("\r\n")).toBe(true);
  });

  it("orders in English for a coordinator whose browser asks for English", async () => {
    const { rows } = await readCsv(
      await sheet("pedidos.csv", nextDate, s.cookieA, { "Accept-Language": "en" }),
    );
    expect(rows[0].slice(0, 4)).toEqual(["Code", "Slot from", "Slot to", "Name"]);
  });

  it("order items: one line per product with price, quantities and line total", async () => {
    const response = await sheet("detalle.csv", nextDate, s.cookieA);
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="detalle-pedidos-${nextDate}.csv"`,
    );
    const { rows } = await readCsv(response);
    expect(rows[0]).toEqual([
      "Código",
      "Estado del pedido",
      "Forma de pago",
      "Productor",
      "Producto",
      "Unidad",
      "Precio unitario (S/)",
      "Cantidad",
      "Entregado",
      "Entrega",
      "Subtotal (S/)",
    ]);
    expect(rows.slice(1)).toEqual([
      [
        "AAA111",
        "Reservado",
        "Tarjeta",
        "Chacra Ñawpa",
        "Oca",
        "kg",
        "3.00",
        "1",
        "",
        "por entregar",
        "3.00",
      ],
      [
        "AAA111",
        "Reservado",
        "Tarjeta",
        "Chacra Ñawpa",
        "Papa huayro",
        "kg",
        "2.50",
        "3",
        "",
        "por entregar",
        "7.50",
      ],
      [
        "EEE555",
        "Recogido",
        "Efectivo",
        "Chacra Qori",
        "Queso fresco",
        "unidad",
        "15.99",
        "2",
        "2",
        "entregado",
        "31.98",
      ],
      [
        "CCC333",
        "Reservado",
        "Efectivo",
        "Chacra Ñawpa",
        "Oca",
        "kg",
        "3.00",
        "2",
        "",
        "por entregar",
        "6.00",
      ],
      [
        "CCC333",
        "Reservado",
        "Efectivo",
        "Chacra Qori",
        "Queso fresco",
        "unidad",
        "15.99",
        "1",
        "",
        "por entregar",
        "15.99",
      ],
      [
        "DDD444",
        "Cancelado",
        "Efectivo",
        "Chacra Ñawpa",
        "Oca",
        "kg",
        "3.00",
        "5",
        "",
        "por entregar",
        "15.00",
      ],
      [
        "FFF666",
        "No recogido",
        "Efectivo",
        "Chacra Ñawpa",
        "Papa huayro",
        "kg",
        "2.50",
        "1",
        "",
        "por entregar",
        "2.50",
      ],
    ]);
  });

  it("settlement: counts only what was handed over so far on the coming day", async () => {
    const { text } = await readCsv(await sheet("liquidacion.csv", nextDate, s.cookieA));
    // Only EEE555 was picked up: Chacra Qori's row, at the default 10 % commission.
    expect(text.split("\r\n").slice(1)).toEqual([
      '"Chacra Qori",2,31.98,0.00,31.98,10,3.20,28.78,,,,',
      '"Totales",2,31.98,0.00,31.98,10,3.20,28.78,,,0.00,',
      "",
    ]);
  });
});

describe("who may see the sheets", () => {
  it.each(Object.keys(SHEETS) as (keyof typeof SHEETS)[])(
    "%s: 404 for another market's coordinator, 403 for consumers and producers",
    async (name) => {
      expect((await sheet(name, nextDate, s.cookieB)).status).toBe(404);
      expect((await sheet(name, nextDate, s.consumerCookie)).status).toBe(403);
      expect((await sheet(name, nextDate, s.producerCookie)).status).toBe(403);
      expect((await sheet(name, "2026-13-45", s.cookieA)).status).toBe(404);
    },
  );

  it("shows a coordinator only their own market's orders on their own day", async () => {
    const data = await (await sheet("preparacion", s.bDate, s.cookieB)).json();
    expect(data.lists.map((l: { farmName: string }) => l.farmName)).toEqual(["Chacra B"]);
    const { rows } = await readCsv(await sheet("pedidos.csv", s.bDate, s.cookieB));
    expect(rows.slice(1).map((r) => r[0])).toEqual(["BBB999"]);
  });

  it("refuses the sheets page to consumers (403) and sends strangers to log in", async () => {
    const consumer = await run(
      sheetsIndex.loader,
      getRequest("/coordinacion/hojas", { cookie: s.consumerCookie }),
    );
    expect(consumer.status).toBe(403);
    const stranger = await run(sheetsIndex.loader, getRequest("/coordinacion/hojas"));
    expect(stranger.status).toBe(302);
  });
});
