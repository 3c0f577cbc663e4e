/**
 * Realistic demo data for one Cusco market, built with the test factories: producers across
 * the 13 provinces with certifications and Andean produce, the coming Saturday's market day
 * open with offers and pickup slots, and last Saturday's completed market day with orders.
 * Dates are computed from `now` in America/Lima, so the demo is always current when seeded.
 */
import { asc, eq } from "drizzle-orm";
import { db } from "../app/db.server";
import { slugify } from "../app/lib/slug";
import { addDays, limaDateOf, limaInstant, nextWeekday, weekdayOf } from "../app/lib/time";
import {
  createBundle,
  createCategory,
  createMarket,
  createMarketDay,
  createMembership,
  createOffer,
  createOrder,
  createProducer,
  createProduct,
  createUser,
} from "../tests/factories";
import {
  DEMO_CATEGORIES,
  DEMO_CONSUMER_NAMES,
  DEMO_MARKET,
  DEMO_PRODUCERS,
  demoCertifications,
  PRODUCE,
} from "./demo-data";
import { markets, offers, type Unit } from "./schema";

/** The accounts listed in the README (password "feria2026" for all). */
export const DEMO_ACCOUNTS = {
  consumer: { name: "Rosa Quispe", phone: "+51987654321" },
  producer: { name: "Juan Mamani Quispe", phone: "+51984111222" },
  pendingProducer: { name: "Celia Ramos Huamán", phone: "+51984000999" },
  coordinator: { name: "Carmen Coordinadora", email: "coordinacion@qhatu.pe" },
  admin: { name: "Administración Qhatu", email: "admin@qhatu.pe" },
};

const PICKUP_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
const PRODUCTS_PER_PRODUCER = 4;

/** A small deterministic PRNG (mulberry32), so every seed gives the same demo. */
function random(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The coming Saturday whose cutoff (Friday 20:00) is still at least two hours away. */
export function comingMarketDate(now: Date): string {
  let date = nextWeekday(limaDateOf(now), 6);
  if (limaInstant(addDays(date, -1), "20:00").getTime() - now.getTime() < 2 * 3600_000) {
    date = addDays(date, 7);
  }
  return date;
}

/** The last Saturday before today, when the previous market took place. */
export function lastMarketDate(now: Date): string {
  const yesterday = addDays(limaDateOf(now), -1);
  return addDays(yesterday, -((weekdayOf(yesterday) + 1) % 7));
}

export function isSeeded(): boolean {
  return db().select({ id: markets.id }).from(markets).limit(1).get() !== undefined;
}

/** Seeds the demo into an empty database, in one transaction. Does nothing if a market exists. */
export function seedDemo({ now = new Date() }: { now?: Date } = {}): { seeded: boolean } {
  if (isSeeded()) return { seeded: false };
  db().$client.transaction(() => seedInto(now))();
  return { seeded: true };
}

function seedInto(now: Date) {
  const rand = random(2026);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const between = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

  const market = createMarket(DEMO_MARKET);
  const categoryId = new Map(
    DEMO_CATEGORIES.map((c, position) => [
      c.slug,
      createCategory({ marketId: market.id, ...c, position }).id,
    ]),
  );

  const consumer = createUser(DEMO_ACCOUNTS.consumer);
  createMembership({ userId: consumer.id, marketId: market.id, role: "consumer" });
  for (const role of ["coordinator", "admin"] as const) {
    const user = createUser(DEMO_ACCOUNTS[role]);
    createMembership({ userId: user.id, marketId: market.id, role });
  }
  createProducer({
    marketId: market.id,
    user: createUser(DEMO_ACCOUNTS.pendingProducer),
    status: "pending",
    profile: {
      farmName: "Chacra Ramos",
      province: "Paruro",
      community: "Yaurisque",
      slug: "chacra-ramos",
    },
  });

  // Producers and their catalogue.
  const today = limaDateOf(now);
  const catalogue: {
    id: number;
    producerId: number;
    name: string;
    unit: Unit;
    priceCents: number;
  }[] = [];
  DEMO_PRODUCERS.forEach(([first, surname, farmName, community, district, province, kind], i) => {
    const isDemoProducer = DEMO_ACCOUNTS.producer.name === `${first} ${surname}`;
    const user = createUser({
      name: `${first} ${surname}`,
      phone: isDemoProducer
        ? DEMO_ACCOUNTS.producer.phone
        : `+5198420${String(1000 + i).padStart(4, "0")}`,
      locale: i % 4 === 0 ? "qu" : "es",
    });
    const { producer } = createProducer({
      marketId: market.id,
      user,
      profile: {
        farmName,
        community,
        district,
        province,
        slug: slugify(farmName),
        story: `Somos la familia ${surname.split(" ")[0]} de la comunidad de ${community}, distrito de ${district} (${province}). Cultivamos sin químicos, como nos enseñaron nuestros abuelos.`,
      },
      certs: demoCertifications(i, today),
    });
    const range = PRODUCE[kind];
    const chosen = new Set<number>();
    while (chosen.size < PRODUCTS_PER_PRODUCER) chosen.add(Math.floor(rand() * range.length));
    for (const index of chosen) {
      const item = range[index];
      const product = createProduct({
        producerId: producer.id,
        categoryId: categoryId.get(item.category)!,
        name: item.name,
        unit: item.unit,
        description: item.description,
      });
      // Each producer sets their own price, within a sol or so of the usual one.
      const priceCents = Math.max(50, item.priceCents + between(-3, 3) * 10);
      catalogue.push({
        id: product.id,
        producerId: producer.id,
        name: item.name,
        unit: item.unit,
        priceCents,
      });
    }
  });

  const consumers = [
    consumer,
    ...DEMO_CONSUMER_NAMES.slice(1).map((name, i) =>
      createUser({ name, phone: `+5197430${String(1000 + i).padStart(4, "0")}` }),
    ),
  ];
  for (const c of consumers.slice(1))
    createMembership({ userId: c.id, marketId: market.id, role: "consumer" });

  // The coming Saturday, open for orders now, and last Saturday, completed.
  const coming = comingMarketDate(now);
  const cutoff = limaInstant(addDays(coming, -1), "20:00");
  const opens = new Date(Math.min(cutoff.getTime() - 7 * 24 * 3600_000, now.getTime() - 3600_000));
  const next = createMarketDay({
    marketId: market.id,
    date: coming,
    status: "open",
    place: DEMO_MARKET.defaultPlace,
    ordersOpenAt: opens,
    cutoffAt: cutoff,
  });
  const past = createMarketDay({
    marketId: market.id,
    date: lastMarketDate(now),
    status: "completed",
    place: DEMO_MARKET.defaultPlace,
  });

  const offerFor = (dayId: number, share: number) =>
    catalogue
      .filter(() => rand() < share)
      .map((product) =>
        createOffer({
          marketDayId: dayId,
          productId: product.id,
          producerId: product.producerId,
          priceCents: product.priceCents,
          quantity: between(12, 60),
          perCustomerLimit: product.priceCents >= 3000 ? 2 : null,
          status: rand() < 0.04 ? "paused" : "active",
        }),
      );
  const nextOffers = offerFor(next.day.id, 0.92);
  const pastOffers = offerFor(past.day.id, 0.75);
  seedFamilyBaskets(market.id, next.day.id, nextOffers, catalogue);

  const productOf = new Map(catalogue.map((c) => [c.id, c]));
  const placeOrders = (
    day: typeof next,
    dayOffers: typeof nextOffers,
    count: number,
    statusOf: (n: number) => "confirmed" | "picked_up" | "no_show",
  ) => {
    const codes = new Set<string>();
    for (let n = 0; n < count; n++) {
      let code = "";
      while (code === "" || codes.has(code)) {
        code = Array.from({ length: 6 }, () => pick([...PICKUP_CODE_ALPHABET])).join("");
      }
      codes.add(code);
      const lines = new Map<number, number>();
      const itemCount = between(2, 5);
      while (lines.size < itemCount) {
        const offer = pick(dayOffers);
        if (offer.status === "active") lines.set(offer.id, between(1, 3));
      }
      const items = [...lines]
        .map(([offerId, quantity]) => {
          const offer = db().select().from(offers).where(eq(offers.id, offerId)).get()!;
          const product = productOf.get(offer.productId)!;
          return {
            offer,
            productName: product.name,
            unit: product.unit,
            quantity: Math.min(quantity, offer.quantity - offer.reserved),
          };
        })
        .filter((item) => item.quantity > 0);
      if (items.length === 0) continue;
      createOrder({
        marketId: market.id,
        consumerId: consumers[n % consumers.length].id,
        marketDayId: day.day.id,
        slotId: day.slots[n % day.slots.length].id,
        items,
        status: statusOf(n),
        paymentMethod: n % 3 === 0 ? "card" : "cash",
        pickupCode: code,
      });
    }
  };
  placeOrders(past, pastOffers, 60, (n) => (n % 12 === 5 ? "no_show" : "picked_up"));
  placeOrders(next, nextOffers, 18, () => "confirmed");
}

/**
 * Two family baskets on the coming Saturday, made of its active offers from several producers
 * (the first offer found of each product named), a little below what the contents cost alone.
 */
function seedFamilyBaskets(
  marketId: number,
  marketDayId: number,
  dayOffers: (typeof offers.$inferSelect)[],
  catalogue: { id: number; name: string }[],
) {
  const nameOf = new Map(catalogue.map((c) => [c.id, c.name]));
  const compose = (wanted: [string[], number][]) => {
    const used = new Set<number>();
    return wanted.flatMap(([names, quantity]) => {
      const offer = dayOffers.find(
        (o) =>
          o.status === "active" &&
          !used.has(o.id) &&
          names.includes(nameOf.get(o.productId) ?? "") &&
          o.quantity >= quantity * 5,
      );
      if (!offer) return [];
      used.add(offer.id);
      return [{ offer, quantity }];
    });
  };
  const basket = (
    name: string,
    description: string,
    contents: ReturnType<typeof compose>,
    maxCount: number | null,
  ) => {
    if (contents.length < 2) return;
    const alone = contents.reduce((sum, c) => sum + c.offer.priceCents * c.quantity, 0);
    createBundle({
      marketId,
      marketDayId,
      name,
      description,
      maxCount,
      // About 8 % below the contents alone, rounded down to 50 céntimos.
      priceCents: Math.floor((alone * 0.92) / 50) * 50,
      contents: contents.map((c) => ({ offerId: c.offer.id, quantity: c.quantity })),
    });
  };
  basket(
    "Canasta familiar",
    "Lo de la semana para una familia de cuatro: papa, verduras, habas y queso de productores de varias provincias.",
    compose([
      [["Papa huayro", "Papa amarilla", "Papa qompis"], 3],
      [["Habas verdes", "Arveja verde"], 1],
      [["Zanahoria"], 1],
      [["Cebolla roja"], 1],
      [["Queso fresco de Anta", "Queso de altura"], 1],
    ]),
    null,
  );
  basket(
    "Canasta andina",
    "Granos y tubérculos de altura para la sopa de la semana, con una hierba aromática.",
    compose([
      [["Quinua blanca", "Cañihua"], 1],
      [["Oca", "Olluco", "Mashua"], 2],
      [["Chuño negro", "Moraya (tunta)"], 1],
      [["Muña", "Huacatay"], 1],
    ]),
    20,
  );
}

/** The demo market's id, for scripts. */
export function demoMarketId() {
  return db().select({ id: markets.id }).from(markets).orderBy(asc(markets.id)).limit(1).get()?.id;
}
