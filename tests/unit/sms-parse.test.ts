/**
 * The language of text-message commands (issue 17 §2): what each message a producer may write
 * is read as, with typos, Quechua and English words, numbers with comma or point, product
 * codes or names, and garbage; and the GSM-7 helpers every answer goes through.
 */
import { describe, expect, it } from "vitest";
import {
  COMMAND_WORDS,
  COMMANDS,
  editDistance,
  findProduct,
  parseCommand,
  typosAllowed,
  withCodes,
  type ParsedCommand,
} from "../../app/features/sms-commands/parse-command";
import { fitList, fitSms, gsm7Length, isGsm7, toGsm7 } from "../../app/features/sms-commands/gsm7";

const offer = (product: string, quantity: number, priceCents: number | null): ParsedCommand => ({
  command: "OFERTA",
  product,
  quantity,
  priceCents,
});

describe("parseCommand", () => {
  const cases: [string, ParsedCommand][] = [
    // Spanish, as the help teaches
    ["MISMO", { command: "MISMO" }],
    ["OFERTA PAPA 50 2.50", offer("papa", 50, 250)],
    ["LISTA", { command: "LISTA", page: 1 }],
    ["LISTA 2", { command: "LISTA", page: 2 }],
    ["PEDIDOS", { command: "PEDIDOS" }],
    ["LLEVAR", { command: "LLEVAR" }],
    ["PAUSA PAPA", { command: "PAUSA", product: "papa" }],
    ["SIGUE P2", { command: "SIGUE", product: "p2" }],
    ["AYUDA", { command: "AYUDA" }],
    ["?", { command: "AYUDA" }],
    // Case, accents, spaces, punctuation around the word
    ["  oferta   papa   amarilla  50   2.50 ", offer("papa amarilla", 50, 250)],
    ["Ofertá Maíz Morado 10 4", offer("maiz morado", 10, 400)],
    ["lista.", { command: "LISTA", page: 1 }],
    ["*Ayuda*", { command: "AYUDA" }],
    ["lo mismo", { command: "MISMO" }],
    ["mis pedidos", { command: "PEDIDOS" }],
    // Numbers with comma or point, soles and units around them
    ["OFERTA papa 50 2,50", offer("papa", 50, 250)],
    ["OFERTA papa 50 2,5", offer("papa", 50, 250)],
    ["OFERTA papa 50 S/2.50", offer("papa", 50, 250)],
    ["OFERTA papa 50 kg a S/ 2.50", offer("papa", 50, 250)],
    ["OFERTA papa 50kg 3 soles", offer("papa", 50, 300)],
    ["OFERTA P1 20 12", offer("p1", 20, 1200)],
    ["OFERTA papa, 50, 2.50", offer("papa", 50, 250)],
    // Quantity only: an offer already made keeps its price
    ["OFERTA papa 30", offer("papa", 30, null)],
    // Digits inside a product's name stay in it
    ["OFERTA huevos 12 unidades 10 6.00", offer("huevos 12", 10, 600)],
    // Typos on the command word
    ["OFERTAA papa 50 2.50", offer("papa", 50, 250)],
    ["OFETRA papa 50 2.50", offer("papa", 50, 250)],
    ["OFRECER papa 50 2.50", offer("papa", 50, 250)],
    ["PEDIDO", { command: "PEDIDOS" }],
    ["PEDIDSO", { command: "PEDIDOS" }],
    ["LLEBAR", { command: "LLEVAR" }],
    ["MISNO", { command: "MISMO" }],
    ["AYUDAA", { command: "AYUDA" }],
    ["PAUZA p1", { command: "PAUSA", product: "p1" }],
    // Quechua words (and their typos)
    ["KIKIN", { command: "MISMO" }],
    ["qhatuy papa 50 2,50", offer("papa", 50, 250)],
    ["QATUY papa 50 2.50", offer("papa", 50, 250)],
    ["RURUSQA", { command: "LISTA", page: 1 }],
    ["MAÑAKUY", { command: "PEDIDOS" }],
    ["manakuy", { command: "PEDIDOS" }],
    ["APAY", { command: "LLEVAR" }],
    ["SAYACHIY oca", { command: "PAUSA", product: "oca" }],
    ["KUTICHIY oca", { command: "SIGUE", product: "oca" }],
    ["YANAPAY", { command: "AYUDA" }],
    ["yanapay", { command: "AYUDA" }],
    // English
    ["offer potato 5 1.20", offer("potato", 5, 120)],
    ["help", { command: "AYUDA" }],
    // Commands missing what they are about
    ["OFERTA", { command: "OFERTA", error: "format" }],
    ["OFERTA papa", { command: "OFERTA", error: "format" }],
    ["OFERTA 50 2.50", { command: "OFERTA", error: "format" }],
    ["OFERTA papa 2.5 3", { command: "OFERTA", error: "quantity" }],
    ["OFERTA papa 50 2.505", { command: "OFERTA", error: "price" }],
    ["OFERTA papa 50 2..5", { command: "OFERTA", error: "price" }],
    ["PAUSA", { command: "PAUSA", error: "format" }],
    ["SIGUE", { command: "SIGUE", error: "format" }],
    // Garbage
    ["", { command: "DESCONOCIDO" }],
    ["   ", { command: "DESCONOCIDO" }],
    ["hola buenos dias", { command: "DESCONOCIDO" }],
    ["PAPA 50 2.50", { command: "DESCONOCIDO" }],
    ["12345", { command: "DESCONOCIDO" }],
    ["😀😀", { command: "DESCONOCIDO" }],
    ["<script>alert(1)</script>", { command: "DESCONOCIDO" }],
    ["x".repeat(5000), { command: "DESCONOCIDO" }],
    ["OK", { command: "DESCONOCIDO" }],
  ];

  it.each(cases)("reads %j", (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it("never reads one command's word as another command, even allowing its typos", () => {
    const words = COMMANDS.flatMap((command) =>
      Object.values(COMMAND_WORDS[command]).flatMap((list) =>
        list.map((word) => ({ word, command })),
      ),
    );
    for (const a of words)
      for (const b of words) {
        if (a.command === b.command) continue;
        const distance = editDistance(a.word, b.word);
        expect(distance, `${a.word} (${a.command}) vs ${b.word} (${b.command})`).toBeGreaterThan(
          Math.max(typosAllowed(a.word.length), typosAllowed(b.word.length)),
        );
      }
  });

  it("has a Spanish, a Quechua and an English word for every command", () => {
    for (const command of COMMANDS) {
      const words = COMMAND_WORDS[command];
      expect(words.es.length * words.qu.length * words.en.length, command).toBeGreaterThan(0);
    }
  });
});

describe("findProduct", () => {
  const products = withCodes([
    { id: 10, name: "Papa amarilla", archivedAt: null },
    { id: 11, name: "Papa huayro", archivedAt: null },
    { id: 12, name: "Oca", archivedAt: new Date() },
    { id: 13, name: "Maíz morado", archivedAt: null },
    { id: 14, name: "Queso fresco", archivedAt: null },
    { id: 15, name: "Papa", archivedAt: null },
  ]);
  const id = (query: string) => {
    const match = findProduct(query, products);
    return match.found ? match.found.id : match.candidates.map((p) => p.id);
  };

  it("numbers products in the order they were added, archived ones keeping their code", () => {
    expect(products.map((p) => `${p.code} ${p.name}`)).toEqual([
      "P1 Papa amarilla",
      "P2 Papa huayro",
      "P4 Maíz morado",
      "P5 Queso fresco",
      "P6 Papa",
    ]);
  });

  it.each([
    ["p1", 10],
    ["P2", 11],
    ["p02", 11],
    ["p 4", 13],
    ["papa", 15], // the exact name wins over the names starting with it
    ["papa amarilla", 10],
    ["PAPA AMARILLA", 10],
    ["papa ama", 10],
    ["maiz", 13],
    ["MAÍZ MORADO", 13],
    ["morado", 13], // a word of the name
    ["fresco", 14],
    ["ueso", 14], // contained
    ["papa amarila", 10], // one typo
    ["papa h", 11],
  ] as const)("%j is product %i", (query, expected) => {
    expect(id(query)).toBe(expected);
  });

  it.each([
    ["pa", [10, 11, 15]],
    ["p3", []], // archived: its code is not reused, and it is not offered
    ["oca", []],
    ["yuca", []],
    ["p9", []],
    ["papa ".repeat(400), []],
  ] as const)("%j is ambiguous or nothing: %j", (query, expected) => {
    expect(id(query)).toEqual(expected);
  });
});

describe("GSM-7", () => {
  it.each([
    ["Oferta: 50 kg a S/ 2.50", true],
    ["ñ Ñ é É ü ¿ ¡ à è ù ì ò @ £ $ € [ ] { } ~ ^ | \\", true],
    ["Maíz", false],
    ["sáb", false],
    ["acción", false],
    ["Perú", false],
    ["Qhatu – feria", false],
    ["hola 😀", false],
  ] as const)("%j is GSM-7: %s", (text, expected) => {
    expect(isGsm7(text)).toBe(expected);
  });

  it("makes a text plain, keeping what GSM-7 has", () => {
    expect(toGsm7("Maíz morado – sáb. «Perú» S/\u00a02.50 ñuqa Ñ é …")).toBe(
      'Maiz morado - sab. "Peru" S/ 2.50 ñuqa Ñ é ...',
    );
    expect(isGsm7(toGsm7("Chʼuño 😀 ÁÍÓÚ ç"))).toBe(true);
  });

  it("counts extension characters twice and cuts to 160", () => {
    expect(gsm7Length("€[]")).toBe(6);
    const long = "a".repeat(200);
    expect(fitSms(long)).toHaveLength(160);
    expect(fitSms(long).endsWith("...")).toBe(true);
    expect(gsm7Length(fitSms("€".repeat(100)))).toBeLessThanOrEqual(160);
    expect(fitSms("corto")).toBe("corto");
  });

  it("fits a list: all items when they fit, else the first ones and how many more", () => {
    const compose = (shown: string, more: string) => `Lleva: ${shown}${more}.`;
    const more = (n: number) => ` +${n} más`;
    expect(fitList(["1 kg Oca", "2 kg Papa"], compose, more)).toBe("Lleva: 1 kg Oca, 2 kg Papa.");
    const many = Array.from({ length: 30 }, (_, i) => `${i + 1} kg Producto ${i + 1}`);
    const text = fitList(many, compose, more);
    expect(gsm7Length(text)).toBeLessThanOrEqual(160);
    expect(isGsm7(text)).toBe(true);
    const shown = text.split(", ").length;
    expect(text).toMatch(new RegExp(`\\+${30 - shown} mas\\.$`));
    expect(text.startsWith("Lleva: 1 kg Producto 1, 2 kg Producto 2")).toBe(true);
  });
});
