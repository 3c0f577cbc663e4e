/**
 * Text-message commands (issue 17 §2) through the real producer models: each command's effect
 * on offers, the cutoff, "never below what is reserved", suspended producers and other markets
 * refused, answers in Spanish and Quechua, every answer one GSM-7 SMS, and the digest's short
 * form within one SMS.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { offers } from "../../db/schema";
import { reserveOrder } from "../../app/features/ordering/reserve.server";
import { runProducerCommand } from "../../app/features/sms-commands/run-command.server";
import { gsm7Length, isGsm7 } from "../../app/features/sms-commands/gsm7";
import { limaDateOf } from "../../app/lib/time";
import {
  createCategory,
  createMarket,
  createMarketDay,
  createOffer,
  createProducer,
  createProduct,
  createUser,
} from "../factories";

type Locale = "es" | "qu" | "en";
let market: ReturnType<typeof createMarket>;
let otherMarket: ReturnType<typeof createMarket>;
let category: ReturnType<typeof createCategory>;
let last: ReturnType<typeof createMarketDay>;
let next: ReturnType<typeof createMarketDay>;
let keys = 0;

beforeAll(() => {
  market = createMarket();
  otherMarket = createMarket();
  category = createCategory({ marketId: market.id });
  last = createMarketDay({
    marketId: market.id,
    date: limaDateOf(new Date(Date.now() - 6 * 86_400_000)),
    status: "completed",
  });
  next = createMarketDay({
    marketId: market.id,
    date: limaDateOf(new Date(Date.now() + 3 * 86_400_000)),
    ordersOpenAt: new Date(Date.now() - 3600_000),
    cutoffAt: new Date(Date.now() + 2 * 86_400_000),
  });
  // The other market's next day, with an offer of its own producer.
  const otherDay = createMarketDay({
    marketId: otherMarket.id,
    date: limaDateOf(new Date(Date.now() + 3 * 86_400_000)),
  });
  const stranger = createProducer({ marketId: otherMarket.id });
  const otherCategory = createCategory({ marketId: otherMarket.id });
  const secret = createProduct({
    producerId: stranger.producer.id,
    categoryId: otherCategory.id,
    name: "Quinua secreta",
  });
  createOffer({
    marketDayId: otherDay.day.id,
    productId: secret.id,
    producerId: stranger.producer.id,
  });
});

/**
 * A producer of the market with oca, papa huayro and maíz morado; last week they sold oca
 * (20 kg at S/ 3) and papa (40 kg at S/ 2.50, 5 per person).
 */
function producer({
  locale = "es",
  status = "approved",
}: { locale?: Locale; status?: "approved" | "pending" | "suspended" } = {}) {
  const user = createUser({ name: "Juana Mamani", locale });
  const { producer } = createProducer({ marketId: market.id, user, status });
  const product = (name: string) =>
    createProduct({ producerId: producer.id, categoryId: category.id, name, unit: "kg" });
  const oca = product("Oca");
  const papa = product("Papa huayro");
  const maiz = product("Maíz morado");
  const base = { marketDayId: last.day.id, producerId: producer.id };
  createOffer({ ...base, productId: oca.id, priceCents: 300, quantity: 20 });
  createOffer({ ...base, productId: papa.id, priceCents: 250, quantity: 40, perCustomerLimit: 5 });
  const send = (text: string, { now, as = locale }: { now?: Date; as?: Locale } = {}) =>
    runProducerCommand({
      producerId: producer.id,
      marketId: market.id,
      userId: user.id,
      locale: as,
      text,
      now,
    });
  const offered = () =>
    db()
      .select()
      .from(offers)
      .where(and(eq(offers.marketDayId, next.day.id), eq(offers.producerId, producer.id)))
      .all();
  const offerOf = (productId: number) => offered().find((o) => o.productId === productId);
  return { user, producer, oca, papa, maiz, send, offered, offerOf, product };
}

const afterCutoff = () => new Date(next.day.cutoffAt.getTime() + 60_000);

/** A family reserves (cash, confirmed at once) through the reservation model. */
function familyReserves(lines: { offerId: number; quantity: number }[]) {
  const family = createUser({ name: "Familia Quispe" });
  const result = reserveOrder({
    consumerId: family.id,
    marketDayId: next.day.id,
    slotId: next.slots[0].id,
    lines,
    idempotencyKey: `sms-test-${Date.now()}-${++keys}`,
  });
  expect(result.ok).toBe(true);
}

function expectOneSms(reply: string) {
  expect(isGsm7(reply), reply).toBe(true);
  expect(gsm7Length(reply), reply).toBeLessThanOrEqual(160);
}

describe("MISMO", () => {
  it("offers last week's products again, once", () => {
    const p = producer();
    const first = p.send("MISMO");
    expect(first).toMatchObject({ command: "MISMO", ok: true });
    expect(first.reply).toMatch(/^Qhatu: listo, 2 productos ofrecidos como la semana pasada/);
    expect(p.offerOf(p.oca.id)).toMatchObject({ priceCents: 300, quantity: 20, reserved: 0 });
    expect(p.offerOf(p.papa.id)).toMatchObject({
      priceCents: 250,
      quantity: 40,
      perCustomerLimit: 5,
    });
    const again = p.send("mismo");
    expect(again).toMatchObject({ command: "MISMO", ok: true });
    expect(again.reply).toMatch(/nada que copiar/);
    expect(p.offered()).toHaveLength(2);
  });

  it("answers in Quechua, with the Quechua word", () => {
    const p = producer({ locale: "qu" });
    const result = p.send("KIKIN");
    expect(result).toMatchObject({ command: "MISMO", ok: true });
    expect(result.reply).toMatch(/^Qhatu: ¡Listo! 2 rurusqakuna qayna semana hina qhatusqa/);
    expect(p.offered()).toHaveLength(2);
  });

  it("refuses after the cutoff, copying nothing", () => {
    const p = producer();
    const result = p.send("MISMO", { now: afterCutoff() });
    expect(result).toMatchObject({ command: "MISMO", ok: false });
    expect(result.reply).toMatch(/ya cerraron/);
    expect(p.offered()).toHaveLength(0);
  });
});

describe("OFERTA", () => {
  it("creates an offer by name, with a comma in the price", () => {
    const p = producer();
    const result = p.send("oferta maiz 15 4,50");
    expect(result).toMatchObject({ command: "OFERTA", ok: true });
    expect(result.reply).toMatch(/^Qhatu: ofreces Maiz morado, 15 kg a S\/ 4\.50 para la feria/);
    expect(result.reply).toMatch(/PAUSA P3$/);
    expect(p.offerOf(p.maiz.id)).toMatchObject({ quantity: 15, priceCents: 450, status: "active" });
  });

  it("updates an offer already made, by code; without a price it keeps the price and limit", () => {
    const p = producer();
    p.send("MISMO");
    const result = p.send("OFERTAA P2 30");
    expect(result).toMatchObject({ command: "OFERTA", ok: true });
    expect(result.reply).toMatch(/oferta cambiada, Papa huayro: 30 kg a S\/ 2\.50/);
    expect(p.offerOf(p.papa.id)).toMatchObject({
      quantity: 30,
      priceCents: 250,
      perCustomerLimit: 5,
    });
    p.send("OFERTA papa huayro 35 S/ 2.80");
    expect(p.offerOf(p.papa.id)).toMatchObject({ quantity: 35, priceCents: 280 });
    expect(p.offered()).toHaveLength(2);
  });

  it("asks for a price when the product is not offered yet", () => {
    const p = producer();
    const result = p.send("OFERTA maiz 15");
    expect(result).toMatchObject({ command: "OFERTA", ok: false });
    expect(result.reply).toBe(
      "Qhatu: falta el precio de Maiz morado. Ej: OFERTA P3 50 2.50 (cantidad y precio)",
    );
    expect(p.offerOf(p.maiz.id)).toBeUndefined();
  });

  it("refuses after the cutoff", () => {
    const p = producer();
    const result = p.send("OFERTA oca 10 3", { now: afterCutoff() });
    expect(result).toMatchObject({ command: "OFERTA", ok: false });
    expect(result.reply).toMatch(/ya cerraron/);
    expect(p.offerOf(p.oca.id)).toBeUndefined();
  });

  it("never goes below what families reserved", () => {
    const p = producer();
    p.send("MISMO");
    familyReserves([{ offerId: p.offerOf(p.oca.id)!.id, quantity: 6 }]);
    const refused = p.send("OFERTA oca 4 3");
    expect(refused).toMatchObject({ command: "OFERTA", ok: false });
    expect(refused.reply).toBe(
      "Qhatu: no se cambio Oca: ya hay 6 kg reservados y la cantidad no puede ser menor.",
    );
    expect(p.offerOf(p.oca.id)).toMatchObject({ quantity: 20, reserved: 6 });
    expect(p.send("OFERTA oca 6 3").ok).toBe(true);
    expect(p.offerOf(p.oca.id)).toMatchObject({ quantity: 6, reserved: 6 });
  });

  it("says how to write it when the message is incomplete or the numbers wrong", () => {
    const p = producer();
    expect(p.send("OFERTA oca").reply).toMatch(/escribe asi: OFERTA producto cantidad precio/);
    expect(p.send("OFERTA oca 2.5 3").reply).toMatch(/la cantidad es un numero entero de 0 a/);
    expect(p.send("OFERTA oca 200000 3").reply).toMatch(/la cantidad es un numero entero/);
    expect(p.send("OFERTA oca 5 0").reply).toMatch(/el precio va en soles/);
    expect(p.send("OFERTA oca 5 20000").reply).toMatch(/el precio va en soles/);
    expect(p.offered()).toHaveLength(0);
  });

  it("refuses the numbers an attacker or a slip writes (1e9, -5, 99999999999, many decimals) and changes nothing", () => {
    const p = producer();
    for (const text of [
      "OFERTA oca 1e9 3",
      "OFERTA oca 99999999999 3",
      "OFERTA oca 100001 3",
      "OFERTA oca -5 3",
      "OFERTA oca 5 -3",
      "OFERTA oca 5 2.123456",
      "OFERTA oca 5 0.001",
      "OFERTA oca 5 1e3",
      "OFERTA oca 5 99999999999",
      "OFERTA oca 5 10000.01",
      "OFERTA oca 5,5 3",
      "PAUSA P99999999999",
      "SIGUE P0",
    ]) {
      const result = p.send(text);
      expect(result.ok, text).toBe(false);
      expectOneSms(result.reply);
    }
    expect(p.offered()).toHaveLength(0);
    // Zero is a quantity (sold out), as on the offer form; the highest price is S/ 10,000.
    expect(p.send("OFERTA oca 0 10000").ok).toBe(true);
    expect(p.offerOf(p.oca.id)).toMatchObject({ quantity: 0, priceCents: 1_000_000 });
    expect(p.send("LISTA 1e9").ok).toBe(true);
    expect(p.send("LISTA -5").reply).toMatch(/\(1\/1\)/);
  });

  it("names the candidates when a name fits several products, and says when none fits", () => {
    const p = producer();
    p.product("Papa amarilla");
    const ambiguous = p.send("OFERTA papa 5 2");
    expect(ambiguous).toMatchObject({ command: "OFERTA", ok: false });
    expect(ambiguous.reply).toBe(
      'Qhatu: "papa" puede ser P2 Papa huayro, P4 Papa amarilla. Escribe el codigo en vez del nombre.',
    );
    const none = p.send("OFERTA yuca 5 2");
    expect(none.reply).toBe(
      'Qhatu: no encontre "yuca" entre tus productos. Para ver sus codigos: LISTA',
    );
    expect(p.offered()).toHaveLength(0);
  });

  it("never reaches another producer's product", () => {
    const p = producer();
    const other = producer();
    other.product("Tarwi");
    const result = p.send("OFERTA tarwi 5 2");
    expect(result.ok).toBe(false);
    expect(other.offered()).toHaveLength(0);
    expect(p.offered()).toHaveLength(0);
  });
});

describe("PAUSA and SIGUE", () => {
  it("pauses and resumes an offer", () => {
    const p = producer();
    p.send("MISMO");
    const paused = p.send("PAUSA oca");
    expect(paused).toMatchObject({ command: "PAUSA", ok: true });
    expect(paused.reply).toMatch(/^Qhatu: Oca en pausa: .* SIGUE P1$/);
    expect(p.offerOf(p.oca.id)!.status).toBe("paused");
    const resumed = p.send("SIGUE P1");
    expect(resumed).toMatchObject({ command: "SIGUE", ok: true });
    expect(p.offerOf(p.oca.id)!.status).toBe("active");
    const quechua = p.send("SAYACHIY P2", { as: "qu" });
    expect(quechua.reply).toMatch(/^Qhatu: Papa huayro sayachisqa: .*KUTICHIY P2$/);
    expect(p.offerOf(p.papa.id)!.status).toBe("paused");
  });

  it("says when the product is not offered, and refuses after the cutoff", () => {
    const p = producer();
    p.send("MISMO");
    const notOffered = p.send("PAUSA maiz");
    expect(notOffered).toMatchObject({ command: "PAUSA", ok: false });
    expect(notOffered.reply).toMatch(/no ofreces Maiz morado para la feria .*OFERTA P3 50 2\.50$/);
    const late = p.send("PAUSA oca", { now: afterCutoff() });
    expect(late).toMatchObject({ command: "PAUSA", ok: false });
    expect(late.reply).toMatch(/ya cerraron/);
    expect(p.offerOf(p.oca.id)!.status).toBe("active");
  });
});

describe("LISTA, PEDIDOS and LLEVAR", () => {
  it("lists the products with their codes, a page per SMS", () => {
    const p = producer();
    expect(p.send("LISTA").reply).toBe(
      "Qhatu, tus productos (1/1): P1 Oca, P2 Papa huayro, P3 Maiz morado.",
    );
    for (let i = 1; i <= 20; i++) p.product(`Producto de la chacra numero ${i}`);
    const first = p.send("LISTA");
    expectOneSms(first.reply);
    expect(first.reply).toMatch(/^Qhatu, tus productos \(1\/\d\): P1 Oca, .* Siguen: LISTA 2$/);
    const second = p.send("LISTA 2");
    expectOneSms(second.reply);
    expect(second.reply).toMatch(/^Qhatu, tus productos \(2\/\d\): P\d+ Producto/);
    expect(p.send("RURUSQA", { as: "qu" }).reply).toMatch(
      /^Qhatu, rurusqaykikuna \(1\/\d\): P1 Oca/,
    );
  });

  it("PEDIDOS counts what families reserved, per product", () => {
    const p = producer();
    expect(p.send("PEDIDOS").reply).toMatch(/no ofreces nada para la feria/);
    p.send("MISMO");
    expect(p.send("PEDIDOS").reply).toMatch(/todavia nadie reservo tus 2 ofertas/);
    const oca = p.offerOf(p.oca.id)!.id;
    const papa = p.offerOf(p.papa.id)!.id;
    familyReserves([
      { offerId: oca, quantity: 4 },
      { offerId: papa, quantity: 5 },
    ]);
    familyReserves([{ offerId: oca, quantity: 2 }]);
    const result = p.send("pedido");
    expect(result).toMatchObject({ command: "PEDIDOS", ok: true });
    expect(result.reply).toMatch(
      /^Qhatu, reservado para la feria del .+: Oca 6 de 20 kg, Papa huayro 5 de 40 kg\. Total S\/ 30\.50$/,
    );
    const quechua = p.send("MAÑAKUY", { as: "qu" });
    expect(quechua.reply).toMatch(
      /qhatupaq waqaychasqa: Oca 6\/20 kilo, Papa huayro 5\/40 kilo\. Llapan S\/ 30\.50$/,
    );
  });

  it("LLEVAR gives the pick list's totals: so far before the cutoff, what to bring after", () => {
    const p = producer();
    expect(p.send("LLEVAR").reply).toMatch(/todavia no hay pedidos con tus productos/);
    p.send("MISMO");
    const oca = p.offerOf(p.oca.id)!.id;
    const papa = p.offerOf(p.papa.id)!.id;
    familyReserves([
      { offerId: oca, quantity: 3 },
      { offerId: papa, quantity: 2 },
    ]);
    familyReserves([{ offerId: papa, quantity: 5 }]);
    const soFar = p.send("LLEVAR");
    expect(soFar).toMatchObject({ command: "LLEVAR", ok: true });
    expect(soFar.reply).toMatch(
      /^Qhatu, hasta ahora para la feria del .+: 3 kg Oca, 7 kg Papa huayro\. Los pedidos siguen abiertos\.$/,
    );
    const after = p.send("APAY", { now: afterCutoff(), as: "qu" });
    expect(after.reply).toMatch(/^Qhatu, .+ qhatuman apamuy: 3 kilo Oca, 7 kilo Papa huayro\.$/);
  });
});

describe("who may", () => {
  it.each(["suspended", "pending"] as const)(
    "a %s producer is refused and nothing changes",
    (status) => {
      const p = producer({ status });
      for (const text of ["MISMO", "OFERTA oca 5 3", "LISTA", "PEDIDOS"]) {
        const result = p.send(text);
        expect(result.ok, text).toBe(false);
        expect(result.reply).toBe(
          "Qhatu: tu cuenta de productor no esta activa (en espera o suspendida). Habla con la coordinacion.",
        );
      }
      expect(p.offered()).toHaveLength(0);
    },
  );

  it("another market's data is never shown, and a producer id not the user's is refused", () => {
    const p = producer();
    const wrongMarket = runProducerCommand({
      producerId: p.producer.id,
      marketId: otherMarket.id,
      userId: p.user.id,
      locale: "es",
      text: "LISTA",
    });
    expect(wrongMarket.ok).toBe(false);
    expect(wrongMarket.reply).not.toMatch(/Quinua/);
    const other = producer();
    const mixed = runProducerCommand({
      producerId: other.producer.id,
      marketId: market.id,
      userId: p.user.id,
      locale: "es",
      text: "MISMO",
    });
    expect(mixed.ok).toBe(false);
    expect(other.offered()).toHaveLength(0);
  });

  it("AYUDA and unknown messages answer how to write, in the producer's language", () => {
    const p = producer();
    expect(p.send("AYUDA")).toMatchObject({ command: "AYUDA", ok: true });
    expect(p.send("AYUDA").reply).toMatch(/^Qhatu: MISMO = como la semana pasada/);
    expect(p.send("yanapay", { as: "qu" }).reply).toMatch(/^Qhatu: KIKIN = qayna semana hina/);
    expect(p.send("hola")).toMatchObject({ command: "DESCONOCIDO", ok: false });
    expect(p.send("hola", { as: "qu" }).reply).toMatch(/^Qhatu: mana hamut'arqanichu/);
  });
});

describe("every answer is one GSM-7 SMS", () => {
  const texts = [
    "AYUDA",
    "hola",
    "MISMO",
    "MISMO",
    "LISTA",
    "LISTA 3",
    "OFERTA",
    "OFERTA p1",
    "OFERTA p1 2.5 3",
    "OFERTA p1 5 0",
    "OFERTA p1 10 3.50",
    "OFERTA p2 1 2",
    "OFERTA nada 5 2",
    "OFERTA papa 5 2",
    "OFERTA p5 5",
    "PAUSA",
    "PAUSA p1",
    "SIGUE",
    "SIGUE p1",
    "PAUSA p6",
    "PEDIDOS",
    "LLEVAR",
  ];
  const long = "Papa nativa de la comunidad de Chincheros, variedad puka mama, lavada";

  it.each(["es", "qu", "en"] as const)(
    "in %s, with long accented names and many products",
    (locale) => {
      const p = producer({ locale });
      // Long names with letters outside GSM-7 (í, ó, ú, á), many of them.
      for (let i = 0; i < 12; i++) p.product(`${long} ${i} María Ñústa Ccóllpa`);
      p.send("MISMO");
      p.send("OFERTA p4 100 9.90");
      p.send("OFERTA p5 100 9.90");
      p.send("OFERTA p6 100 9.90");
      for (const productId of [p.oca.id, p.papa.id]) {
        familyReserves([{ offerId: p.offerOf(productId)!.id, quantity: 2 }]);
      }
      for (const product of p.offered().filter((o) => o.quantity === 100))
        familyReserves([{ offerId: product.id, quantity: 7 }]);
      for (const now of [undefined, afterCutoff()])
        for (const text of texts) expectOneSms(p.send(text, { now }).reply);
      // And the refusals before any product or day exist.
      const bare = createUser({ locale });
      const { producer: empty } = createProducer({ marketId: otherMarket.id, user: bare });
      for (const text of ["LISTA", "MISMO"])
        expectOneSms(
          runProducerCommand({
            producerId: empty.id,
            marketId: otherMarket.id,
            userId: bare.id,
            locale,
            text,
          }).reply,
        );
    },
  );
});
