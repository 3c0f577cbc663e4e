/**
 * Realistic demo data for one Cusco market: producers across the 13 provinces with
 * certifications and Andean produce, the coming Saturday's market day open with offers and
 * pickup slots, and last Saturday's completed market day with orders.
 * The catalogue and the market days are written with the test factories; the orders are not:
 * they are reserved, paid and handed over through the app's own models (see placeOrders and
 * runPastDesk), so the demo keeps the invariants the app keeps (stock held only by standing
 * orders, slot places by orders that hold one).
 * Dates are computed from `now` in America/Lima, so the demo is always current when seeded.
 */
import { asc, eq, gt, max } from "drizzle-orm";
import type Stripe from "stripe";
import { db } from "../app/infra/db.server";
import { slugify } from "../app/lib/slug";
import { addDays, limaDateOf, limaInstant, nextWeekday, weekdayOf } from "../app/lib/time";
import {
  createBundle,
  createCategory,
  createMarket,
  createMarketDay,
  createMembership,
  createOffer,
  createProducer,
  createProduct,
  createUser,
} from "../tests/factories";
import {
  DEMO_ACCOUNTS,
  DEMO_CATEGORIES,
  DEMO_CONSUMER_NAMES,
  DEMO_MARKET,
  DEMO_PRODUCERS,
  demoCertifications,
  PRODUCE,
} from "./demo-data";
import { applyStripeEvent } from "../app/features/payments/webhook-events.server";
import { reserveOrder, type ReserveInput } from "../app/features/ordering/reserve.server";
import type { CartLine, BundleLine } from "../app/features/ordering/order-lines";
import type { Order } from "./schema";
import { markNoShow, recordPickup } from "../app/features/desk/pickup-desk.server";
import { payDemoYape, seedDemoWallet } from "./seed-wallet";
import { auditLog, marketDays, markets, notificationOutbox, offers, pickupSlots } from "./schema";

export { DEMO_ACCOUNTS };

const PRODUCTS_PER_PRODUCER = 4;
const PAST_ORDERS = 60;
const COMING_ORDERS = 18;
/** The coming Saturday's orders paid by Yape: the first verified, the others waiting. */
const YAPE_ORDERS = new Set([1, 5, 13]);
/** Every 12th order of last Saturday was not collected (n % 12 === NO_SHOW_AT). */
const NO_SHOW_AT = 5;

/** A small deterministic PRNG (mulberry32), so every seed gives the same demo (and fuzz run). */
export function random(seed: number) {
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

/**
 * Seeds the demo into an empty database, in one transaction. Does nothing if a market exists.
 * The models' own transactions run nested inside it (better-sqlite3 makes them savepoints), so
 * a refused reservation rolls back only itself, and any error rolls back the whole seed.
 * IMMEDIATE, with the check inside: two processes starting at once cannot both seed.
 */
export function seedDemo({ now = new Date() }: { now?: Date } = {}): { seeded: boolean } {
  const seeded = db()
    .$client.transaction(() => {
      if (isSeeded()) return false;
      seedInto(now);
      return true;
    })
    .immediate();
  return { seeded };
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
  const [coordinator] = (["coordinator", "admin"] as const).map((role) => {
    const user = createUser(DEMO_ACCOUNTS[role]);
    createMembership({ userId: user.id, marketId: market.id, role });
    return user;
  });
  seedDemoWallet(market.id, coordinator.id);
  const outboxBefore =
    db()
      .select({ id: max(notificationOutbox.id) })
      .from(notificationOutbox)
      .get()?.id ?? 0;
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

  // The coming Saturday, open for orders now, and last Saturday. Last Saturday is created
  // open, with its ordering window (the week before its cutoff) in the past, so that its
  // orders are reserved at instants inside that window like any other; it is completed below.
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
    status: "open",
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
  const baskets = seedFamilyBaskets(market.id, next.day.id, nextOffers, catalogue);

  const placeOrders = (
    day: typeof next,
    dayOffers: typeof nextOffers,
    count: number,
    window: { from: Date; to: Date },
    bundlesOf: (n: number) => BundleLine[],
    yapeAt: ReadonlySet<number> = new Set(),
  ) =>
    Array.from({ length: count }, (_, n) => {
      // Spread over the ordering window, in order, so the orders' times read like a real week.
      const at = new Date(
        window.from.getTime() +
          Math.floor(((window.to.getTime() - window.from.getTime()) * (n + 1)) / (count + 1)),
      );
      const card = n % 3 === 0;
      const yape = !card && yapeAt.has(n);
      const order = reserveDemoOrder(
        {
          consumerId: consumers[n % consumers.length].id,
          marketDayId: day.day.id,
          slotId: day.slots[n % day.slots.length].id,
          paymentMethod: card ? "card" : yape ? "yape_plin" : "cash",
          idempotencyKey: `demo-${day.day.date}-${n}`,
          bundles: bundlesOf(n),
          now: at,
        },
        () => {
          const lines = new Map<number, number>();
          const itemCount = between(2, 5);
          while (lines.size < itemCount) {
            const offer = pick(dayOffers);
            if (offer.status === "active") lines.set(offer.id, between(1, 3));
          }
          return [...lines].map(([offerId, quantity]) => ({ offerId, quantity }));
        },
      );
      // A card order is a hold until Stripe's webhook says it is paid: confirm it a minute
      // later, by the same function the webhook calls.
      if (card) payDemoOrder(order, new Date(Math.min(at.getTime() + 60_000, window.to.getTime())));
      if (yape) {
        const later = (minutes: number) =>
          new Date(Math.min(at.getTime() + minutes * 60_000, window.to.getTime()));
        const verify = n === Math.min(...yapeAt);
        payDemoYape(order, market.id, coordinator.id, n, later(5), verify ? later(30) : null);
      }
      return { order, n };
    });

  placeOrders(
    next,
    nextOffers,
    COMING_ORDERS,
    { from: opens, to: now },
    (n) =>
      // One order in six takes a family basket, the two kinds in turn.
      n % 6 === 3 && baskets.length > 0
        ? [{ bundleId: baskets[Math.floor(n / 6) % baskets.length], quantity: 1 }]
        : [],
    YAPE_ORDERS,
  );
  const pastOrders = placeOrders(
    past,
    pastOffers,
    PAST_ORDERS,
    { from: past.day.ordersOpenAt, to: past.day.cutoffAt },
    () => [],
  );
  runPastDesk(market.id, coordinator.id, pastOrders);
  // The app has no path that completes a market day (coordinators open and close orders,
  // or cancel a day): the smallest direct status update, once its desk is done.
  db().update(marketDays).set({ status: "completed" }).where(eq(marketDays.id, past.day.id)).run();
  // The models queue an "order confirmed" message for each order. These orders are part of
  // the demo's story, not made by the people named: nothing may be sent to their made-up
  // (or, for the demo consumer, possibly real) numbers when the outbox worker starts.
  db().delete(notificationOutbox).where(gt(notificationOutbox.id, outboxBefore)).run();
}

/**
 * Reserves one demo order through the reservation model, drawing lines with `draw`. When the
 * model answers that some lines are short (stock taken by earlier orders, a per-customer
 * limit), the order is retried with what it says is available; when nothing of the draw is
 * left, lines are drawn again. Any other refusal is a bug in the seed: it throws, and the
 * whole seed rolls back.
 */
function reserveDemoOrder(input: Omit<ReserveInput, "lines">, draw: () => CartLine[]): Order {
  for (let attempt = 0; attempt < 10; attempt++) {
    let lines = draw();
    let bundles = input.bundles ?? [];
    for (let retry = 0; retry < 2 && lines.length + bundles.length > 0; retry++) {
      const result = reserveOrder({ ...input, lines, bundles });
      if (result.ok) return result.order;
      if (result.error !== "short") {
        throw new Error(`demo order ${input.idempotencyKey} refused: ${result.error}`);
      }
      const availableOf = new Map(result.shortages.map((s) => [s.offerId, s.available]));
      lines = lines
        .map((l) => ({ ...l, quantity: availableOf.get(l.offerId) ?? l.quantity }))
        .filter((l) => l.quantity > 0);
      const bundlesLeft = new Map(
        (result.bundleShortages ?? []).map((s) => [s.bundleId, s.available]),
      );
      bundles = bundles
        .map((b) => ({ ...b, quantity: bundlesLeft.get(b.bundleId) ?? b.quantity }))
        .filter((b) => b.quantity > 0);
    }
  }
  throw new Error(`demo order ${input.idempotencyKey}: no stock left to reserve`);
}

/**
 * Confirms a demo card hold the way a paid Stripe Checkout Session does, through the webhook's
 * own function. The ids say "demo"; there is no payment intent, so no refund of a demo
 * payment is ever asked of Stripe (one due is left to the coordinators instead).
 */
function payDemoOrder(order: Order, at: Date) {
  const session = {
    id: `cs_demo_${order.id}`,
    object: "checkout.session",
    metadata: { order_id: String(order.id) },
    client_reference_id: String(order.id),
    payment_status: "paid",
    amount_total: order.totalCents,
    currency: "pen",
    payment_intent: null,
  };
  const event = {
    id: `evt_demo_${order.id}`,
    type: "checkout.session.completed",
    data: { object: session },
  } as unknown as Stripe.Event;
  const outcome = applyStripeEvent(event, at);
  if (outcome !== "confirmed") throw new Error(`demo order ${order.id} not confirmed: ${outcome}`);
}

/**
 * Last Saturday at the pickup desk, through the desk's model, as the demo coordinator: every
 * order handed over whole within its slot (cash paid exactly), except one in twelve, marked a
 * no-show a little after its slot ended (which gives its units back). In the order they
 * happened, each with its own request key.
 */
function runPastDesk(marketId: number, actorUserId: number, placed: { order: Order; n: number }[]) {
  const slotOf = new Map(
    db()
      .select()
      .from(pickupSlots)
      .all()
      .map((s) => [s.id, s]),
  );
  const visits = placed
    .map(({ order, n }) => {
      const slot = slotOf.get(order.slotId)!;
      const noShow = n % 12 === NO_SHOW_AT;
      const at = noShow
        ? new Date(slot.endsAt.getTime() + 15 * 60_000)
        : new Date(slot.startsAt.getTime() + (2 + ((n * 7) % 25)) * 60_000);
      return { order, noShow, at };
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.order.id - b.order.id);
  for (const { order, noShow, at } of visits) {
    const input = {
      marketId,
      orderId: order.id,
      actorUserId,
      requestKey: `demo-desk-${order.id}`,
      now: at,
    };
    const result = noShow
      ? markNoShow(input)
      : recordPickup({ ...input, delivered: new Map(), cashReceivedCents: null });
    if (!result.ok || result.repeated) {
      throw new Error(`demo desk on order ${order.id}: ${result.ok ? "repeated" : result.error}`);
    }
    // The audit row is stamped with the clock, not the action's `now`: put last Saturday's
    // time on it, so the desk's history reads true and nothing seeded looks undoable.
    db()
      .update(auditLog)
      .set({ createdAt: at })
      .where(eq(auditLog.requestKey, input.requestKey))
      .run();
  }
}

/**
 * Two family baskets on the coming Saturday, made of its active offers from several producers
 * (the first offer found of each product named), a little below what the contents cost alone.
 * Returns the ids of the baskets made.
 */
function seedFamilyBaskets(
  marketId: number,
  marketDayId: number,
  dayOffers: (typeof offers.$inferSelect)[],
  catalogue: { id: number; name: string }[],
): number[] {
  const made: number[] = [];
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
    const bundle = createBundle({
      marketId,
      marketDayId,
      name,
      description,
      maxCount,
      // About 8 % below the contents alone, rounded down to 50 céntimos.
      priceCents: Math.floor((alone * 0.92) / 50) * 50,
      contents: contents.map((c) => ({ offerId: c.offer.id, quantity: c.quantity })),
    });
    made.push(bundle.id);
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
  return made;
}

/** The demo market's id, for scripts. */
export function demoMarketId() {
  return db().select({ id: markets.id }).from(markets).orderBy(asc(markets.id)).limit(1).get()?.id;
}
