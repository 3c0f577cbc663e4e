/**
 * A scenario: the market day most tests start from (a market, its categories and producers, a
 * day taking orders with its pickup slots, offers, family baskets, consumers), built with the
 * factories and re-exported by them.
 */
import { eq } from "drizzle-orm";
import { markets, offers, type Unit } from "../db/schema";
import { db } from "../app/infra/db.server";
import { limaDateOf } from "../app/lib/time";
import {
  createBundle,
  createCategory,
  createMarket,
  createMarketDay,
  createOffer,
  createProducer,
  createProduct,
  createUser,
} from "./factories";

/** An offer of a scenario: its product's name and unit, its producer and category by handle. */
export type ScenarioOffer<P extends string = string, C extends string = string> = Partial<
  Omit<typeof offers.$inferInsert, "marketDayId" | "productId" | "producerId">
> & {
  /** The product's name; createProduct's "Producto …" when left out. */
  name?: string;
  unit?: Unit;
  /** A producer's handle; the first producer when left out. */
  producer?: P;
  /** A category's handle; the first category when left out. */
  category?: C;
};

export type ScenarioOptions<
  O extends string,
  P extends string,
  C extends string,
  B extends string,
  U extends string,
> = Omit<Partial<Parameters<typeof createMarketDay>[0]>, "marketId"> & {
  /** A market that already exists; otherwise a new one is made with `market`'s values. */
  marketId?: number;
  market?: Partial<typeof markets.$inferInsert>;
  /** "open" (the default) or createMarketDay's calendar; `ordersOpenAt`, `cutoffAt` win. */
  window?: "open" | "calendar";
  categories?: Record<C, Omit<Parameters<typeof createCategory>[0], "marketId">>;
  producers?: Record<P, Omit<Parameters<typeof createProducer>[0], "marketId">>;
  offers?: Record<O, ScenarioOffer<NoInfer<P>, NoInfer<C>>>;
  /** Family baskets, with their contents as units per basket by offer handle. */
  bundles?: Record<
    B,
    Omit<Parameters<typeof createBundle>[0], "marketId" | "marketDayId" | "contents"> & {
      contents: Partial<Record<NoInfer<O>, number>>;
    }
  >;
  consumers?: Record<U, Parameters<typeof createUser>[0]>;
};

/** Builds one row per key of `specs`, in their order, keyed the same. */
function byHandle<K extends string, V, R>(specs: Record<K, V>, make: (spec: V, key: K) => R) {
  const built = {} as Record<K, R>;
  for (const key of Object.keys(specs) as K[]) built[key] = make(specs[key], key);
  return built;
}

const firstOf = <T>(built: Record<string, T>) => Object.values(built)[0];

/**
 * A market day and what is on sale on it, named by handles (the keys of the options): a test
 * reads `s.offers.oca`, `s.producers.juan.producer`, `s.bundles.familiar`. Rows are made in this
 * order: market, categories, producers, the day and its slots, each offer's product then the
 * offer, family baskets, consumers.
 *
 * Defaults: a new market with one category (`category`) and one approved producer (`producer`);
 * a day three days ahead, status "open", orders opened an hour ago and closing a day from now
 * (`window: "calendar"` keeps createMarketDay's week that closes at 20:00 the evening before,
 * so a day dated today no longer takes orders, as at the pickup desk); createMarketDay's pickup,
 * 07:00–13:00 in slots of 30 minutes for 40 orders; createOffer's 20 units at S/ 5.00 per
 * offer; no family baskets and no consumers.
 */
export function openMarketDayScenario<
  O extends string = never,
  P extends string = "producer",
  C extends string = "category",
  B extends string = never,
  U extends string = never,
>(options: ScenarioOptions<O, P, C, B, U> = {}) {
  const { marketId, market: marketValues, window = "open", ...rest } = options;
  const { categories: categorySpecs, producers: producerSpecs, offers: offerSpecs } = rest;
  const { bundles: bundleSpecs, consumers: consumerSpecs, ...dayOptions } = rest;
  const market =
    marketId === undefined
      ? createMarket(marketValues)
      : db().select().from(markets).where(eq(markets.id, marketId)).get()!;
  const categories = byHandle(
    categorySpecs ?? ({ category: {} } as NonNullable<typeof categorySpecs>),
    (values) => createCategory({ ...values, marketId: market.id }),
  );
  const producers = byHandle(
    producerSpecs ?? ({ producer: {} } as NonNullable<typeof producerSpecs>),
    (values) => createProducer({ ...values, marketId: market.id }),
  );
  const now = Date.now();
  const { day, slots } = createMarketDay({
    date: limaDateOf(new Date(now + 3 * 86_400_000)),
    ...(window === "open" && {
      ordersOpenAt: new Date(now - 3600_000),
      cutoffAt: new Date(now + 86_400_000),
    }),
    ...dayOptions,
    marketId: market.id,
  });
  const products = {} as Record<O, ReturnType<typeof createProduct>>;
  const offerRows = byHandle(
    offerSpecs ?? ({} as Record<O, ScenarioOffer<P, C>>),
    ({ name, unit, producer, category, ...values }, key) => {
      const producerId = (producer ? producers[producer] : firstOf(producers)).producer.id;
      const categoryId = (category ? categories[category] : firstOf(categories)).id;
      products[key] = createProduct({
        producerId,
        categoryId,
        ...(name && { name }),
        ...(unit && { unit }),
      });
      return createOffer({
        ...values,
        marketDayId: day.id,
        productId: products[key].id,
        producerId,
      });
    },
  );
  const bundleRows = byHandle(
    bundleSpecs ?? ({} as NonNullable<typeof bundleSpecs>),
    ({ contents, ...values }) =>
      createBundle({
        ...values,
        marketId: market.id,
        marketDayId: day.id,
        contents: (Object.entries(contents) as [O, number][]).map(([offer, quantity]) => ({
          offerId: offerRows[offer].id,
          quantity,
        })),
      }),
  );
  const consumers = byHandle(consumerSpecs ?? ({} as NonNullable<typeof consumerSpecs>), (values) =>
    createUser(values),
  );
  return {
    market,
    categories,
    producers,
    day,
    slots,
    products,
    offers: offerRows,
    bundles: bundleRows,
    consumers,
    /** `quantity` of an offer as createOrder takes an item: the offer, its product's name and unit. */
    item: (offer: O, quantity: number) => ({
      offer: offerRows[offer],
      productName: products[offer].name,
      unit: products[offer].unit,
      quantity,
    }),
  };
}

/**
 * The `producers` and `offers` options for `count` offers ("Producto 0", "Producto 1", … unless
 * named otherwise), each sold by a farm of its own, as the load tests spread their stock; the
 * offers come back in that order from `Object.values(scenario.offers)`.
 */
export function oneFarmPerOffer(
  count: number,
  offer: (i: number) => Omit<ScenarioOffer, "producer" | "category">,
) {
  const producers: Record<string, Omit<Parameters<typeof createProducer>[0], "marketId">> = {};
  const offers: Record<string, ScenarioOffer<string, never>> = {};
  for (let i = 0; i < count; i++) {
    producers[`farm${i}`] = {};
    offers[`offer${i}`] = { name: `Producto ${i}`, ...offer(i), producer: `farm${i}` };
  }
  return { producers, offers };
}
