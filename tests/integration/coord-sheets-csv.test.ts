/**
 * The coordinator's sheets as CSV files: cells quoted and defused for spreadsheets, and each
 * export (orders, order items, settlement) through its loader, with two markets side by side.
 */
import { describe, expect, it } from "vitest";
import { csvCell, csvMoney, toCsv } from "../../app/features/picklists/csv";
import {
  s,
  setUpCoordSheets,
  nextDate,
  EVIL_NAME,
  QUOTED_NAME,
  sheet,
  readCsv,
} from "../support/coord-sheets";

setUpCoordSheets();

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
      '"Chacra Qori",2,31.98,0.00,31.98,0.00,10,3.20,28.78,,,,',
      '"Totales",2,31.98,0.00,31.98,0.00,10,3.20,28.78,,,0.00,',
      "",
    ]);
  });
});
