/**
 * The coordinator's sheets (/coordinacion/hojas): the page, pick lists per producer and pickup
 * lists per slot, through their loaders, with two markets side by side, and who may see them.
 * The CSV exports are coord-sheets-csv.test.ts.
 */
import { describe, expect, it } from "vitest";
import { formatMoney } from "../../app/lib/format";
import { addDays } from "../../app/lib/time";
import * as sheetsIndex from "../../app/routes/coordinacion.hojas._index";
import { countQueries, getRequest, run } from "../helpers";
import {
  s,
  setUpCoordSheets,
  today,
  nextDate,
  EVIL_NAME,
  QUOTED_NAME,
  SHEETS,
  sheet,
  readCsv,
} from "../support/coord-sheets";

setUpCoordSheets();

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
