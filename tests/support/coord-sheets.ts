/**
 * What the coordinator's sheets tests share (coord-sheets.test.ts, coord-sheets-csv.test.ts):
 * two markets side by side with their orders, the sheets by name, and a CSV reader.
 */
import { beforeAll, expect } from "vitest";
import { addDays, limaDateOf } from "../../app/lib/time";
import * as pickLists from "../../app/routes/coordinacion.hojas.$fecha.preparacion";
import * as pickupLists from "../../app/routes/coordinacion.hojas.$fecha.recojo";
import * as ordersCsv from "../../app/routes/coordinacion.hojas.$fecha.pedidos[.csv]";
import * as itemsCsv from "../../app/routes/coordinacion.hojas.$fecha.detalle[.csv]";
import * as settlementCsv from "../../app/routes/coordinacion.hojas.$fecha.liquidacion[.csv]";
import {
  createCoordinator,
  createMarketDay,
  createOrder,
  createUser,
  openMarketDayScenario,
} from "../factories";
import { getRequest, loggedInCookie, run } from "../helpers";

export const today = limaDateOf(new Date());
export const nextDate = addDays(today, 3);
export const EVIL_NAME = '=HYPERLINK("http://malo.example","clic")';
export const QUOTED_NAME = 'Ñusta "La Grande", Mamani';

/** The scene of these tests, built before them by setUpCoordSheets(). */
export let s: Awaited<ReturnType<typeof coordSheetsScene>>;

/**
 * Market A's coming day with Chacra Ñawpa's oca and papa, Chacra Qori's queso and an empty
 * farm, five orders in every status (a formula and a quoted name among the people) and a past
 * day; market B's day a week later with one order.
 */
async function coordSheetsScene() {
  const a = openMarketDayScenario({
    market: { name: "Mercado A" },
    producers: {
      nawpa: {
        profile: { farmName: "Chacra Ñawpa", community: "Paucarbamba", province: "Calca" },
      },
      qori: { profile: { farmName: "Chacra Qori" } },
      vacia: { profile: { farmName: "Chacra Vacía" } },
    },
    date: nextDate,
    window: "calendar",
    offers: {
      oca: { name: "Oca", unit: "kg", priceCents: 300, quantity: 50 },
      papa: { name: "Papa huayro", unit: "kg", priceCents: 250, quantity: 50 },
      queso: {
        name: "Queso fresco",
        unit: "unidad",
        producer: "qori",
        priceCents: 1599,
        quantity: 50,
      },
    },
  });
  // A market day that has already taken place: the sheets page opens on the coming one.
  createMarketDay({ marketId: a.market.id, date: addDays(today, -4), status: "completed" });
  const { nawpa } = a.producers;
  const rosa = createUser({ name: "Rosa Quispe Huamán", phone: "+51987000111" });
  const evil = createUser({ name: EVIL_NAME, phone: "+51987000222" });
  const quoted = createUser({ name: QUOTED_NAME, email: `nusta-${Date.now()}@example.pe` });
  const ana = createUser({ name: "Ana Mamani", phone: "+51987000333" });
  const [slot0, slot1] = a.slots;
  const order = (
    code: string,
    consumerId: number,
    slotId: number,
    status: "confirmed" | "cancelled" | "picked_up" | "no_show",
    paymentMethod: "cash" | "card",
    items: ReturnType<typeof a.item>[],
  ) =>
    createOrder({
      marketId: a.market.id,
      consumerId,
      marketDayId: a.day.id,
      slotId,
      status,
      paymentMethod,
      pickupCode: code,
      items,
    });
  order("CCC333", rosa.id, slot1.id, "confirmed", "cash", [a.item("oca", 2), a.item("queso", 1)]);
  order("AAA111", evil.id, slot0.id, "confirmed", "card", [a.item("papa", 3), a.item("oca", 1)]);
  order("DDD444", quoted.id, slot1.id, "cancelled", "cash", [a.item("oca", 5)]);
  order("EEE555", quoted.id, slot0.id, "picked_up", "cash", [a.item("queso", 2)]);
  order("FFF666", ana.id, slot1.id, "no_show", "cash", [a.item("papa", 1)]);

  const bDate = addDays(nextDate, 7);
  const b = openMarketDayScenario({
    market: { name: "Mercado B" },
    producers: { bProducer: { profile: { farmName: "Chacra B" } } },
    date: bDate,
    window: "calendar",
    offers: { maiz: { name: "Maíz", unit: "kg", priceCents: 500, quantity: 50 } },
  });
  createOrder({
    marketId: b.market.id,
    consumerId: rosa.id,
    marketDayId: b.day.id,
    slotId: b.slots[0].id,
    pickupCode: "BBB999",
    items: [b.item("maiz", 4)],
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

/** For the test file that calls it: the scene, built before its tests. */
export function setUpCoordSheets() {
  beforeAll(async () => {
    s = await coordSheetsScene();
  });
}

export const SHEETS = {
  preparacion: pickLists,
  recojo: pickupLists,
  "pedidos.csv": ordersCsv,
  "detalle.csv": itemsCsv,
  "liquidacion.csv": settlementCsv,
} as const;

export function sheet(
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
export function parseCsv(text: string): string[][] {
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
export async function readCsv(response: Response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.slice(3));
  return { bytes, text, rows: parseCsv(text) };
}
