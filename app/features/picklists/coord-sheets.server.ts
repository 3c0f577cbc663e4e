/**
 * What a coordinator prints and exports for one market day of their market: pick lists per
 * producer, the family baskets' packing sheet, pickup lists per slot, and the rows of the
 * orders and order-items CSV files.
 * Every query names the coordinator's market in its WHERE clause (DESIGN invariant 6): a
 * market day of another market is simply not found.
 */
import { and, asc, desc, eq, inArray, isNotNull, ne, sql } from "drizzle-orm";
import {
  marketDays,
  orderBundles,
  orderItems,
  orders,
  pickupSlots,
  producers,
  users,
  type Unit,
} from "../../../db/schema";
import { db } from "../../infra/db.server";
import { limaDateOf } from "../../lib/time";
import { STANDING_ORDER_STATUSES } from "../bundles/bundles.server";
import { ACTIVE_ORDER_STATUSES } from "../ordering/orders.server";

export type SheetDay = Pick<
  typeof marketDays.$inferSelect,
  "id" | "date" | "status" | "place" | "pickupStartAt" | "pickupEndAt"
>;

const dayColumns = {
  id: marketDays.id,
  date: marketDays.date,
  status: marketDays.status,
  place: marketDays.place,
  pickupStartAt: marketDays.pickupStartAt,
  pickupEndAt: marketDays.pickupEndAt,
};

/** The market's market days (cancelled ones aside), newest first: the choices of the sheets page. */
export function listSheetDays({ marketId, limit = 60 }: { marketId: number; limit?: number }) {
  return db()
    .select(dayColumns)
    .from(marketDays)
    .where(and(eq(marketDays.marketId, marketId), ne(marketDays.status, "cancelled")))
    .orderBy(desc(marketDays.date))
    .limit(limit)
    .all();
}

/** One market day of this market by its local date, or undefined (another market's too). */
export function findMarketDayByDate({
  marketId,
  date,
}: {
  marketId: number;
  date: string;
}): SheetDay | undefined {
  return db()
    .select(dayColumns)
    .from(marketDays)
    .where(and(eq(marketDays.marketId, marketId), eq(marketDays.date, date)))
    .get();
}

/** The day the sheets page opens on: the next one from today, else the most recent. */
export function defaultSheetDay(days: SheetDay[], now = new Date()) {
  const today = limaDateOf(now);
  const coming = days.filter((d) => d.date >= today && d.status !== "completed");
  return coming.at(-1) ?? days[0];
}

/** Orders a producer packs for: still reserved, or already (partly) handed over. */
const PACKED_STATUSES = [...ACTIVE_ORDER_STATUSES, "picked_up", "partially_picked_up"] as const;

export type ProducerPickList = {
  producerId: number;
  farmName: string;
  producerName: string;
  community: string;
  province: string;
  /** `inBaskets`, when present, is the part of `quantity` that goes into family baskets. */
  totals: { productName: string; unit: Unit; quantity: number; inBaskets?: number }[];
  orders: {
    pickupCode: string;
    slotStartsAt: Date;
    slotEndsAt: Date;
    items: PickItem[];
  }[];
};

/** A line to pack; `bundle` when its units go into that many of the order's family baskets. */
export type PickItem = {
  productName: string;
  unit: Unit;
  quantity: number;
  bundle: { name: string; count: number } | null;
};

/** Adds a line to a pick list's totals (one row per product and unit, basket units counted apart). */
export function addToPickTotals(
  totals: { productName: string; unit: Unit; quantity: number; inBaskets?: number }[],
  item: PickItem,
) {
  let total = totals.find((t) => t.productName === item.productName && t.unit === item.unit);
  if (!total) {
    total = { productName: item.productName, unit: item.unit, quantity: 0 };
    totals.push(total);
  }
  total.quantity += item.quantity;
  // Only present when some units go into baskets, so a day without baskets reads as before.
  if (item.bundle) total.inBaskets = (total.inBaskets ?? 0) + item.quantity;
}

/**
 * Every producer's pick list for a market day (what to bring, then order by order in pickup
 * order), in one query whatever the number of producers and orders.
 */
export function getProducerPickLists({
  marketId,
  marketDayId,
}: {
  marketId: number;
  marketDayId: number;
}): ProducerPickList[] {
  const rows = db()
    .select({
      producerId: producers.id,
      farmName: producers.farmName,
      community: producers.community,
      province: producers.province,
      producerName: users.name,
      pickupCode: orders.pickupCode,
      slotStartsAt: pickupSlots.startsAt,
      slotEndsAt: pickupSlots.endsAt,
      productName: orderItems.productName,
      unit: orderItems.unit,
      quantity: orderItems.quantity,
      bundleName: orderBundles.name,
      bundleCount: orderBundles.quantity,
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .innerJoin(pickupSlots, eq(pickupSlots.id, orders.slotId))
    .innerJoin(producers, eq(producers.id, orderItems.producerId))
    .innerJoin(users, eq(users.id, producers.userId))
    .leftJoin(orderBundles, eq(orderBundles.id, orderItems.orderBundleId))
    .where(
      and(
        eq(orders.marketId, marketId),
        eq(orders.marketDayId, marketDayId),
        inArray(orders.status, PACKED_STATUSES),
      ),
    )
    .orderBy(
      asc(producers.id),
      asc(pickupSlots.startsAt),
      asc(orders.pickupCode),
      asc(orderItems.productName),
      // A product bought alone before the same product inside a basket.
      sql`${orderItems.orderBundleId} IS NOT NULL`,
      asc(orderItems.orderBundleId),
    )
    .all();

  const lists: ProducerPickList[] = [];
  for (const row of rows) {
    let list = lists.at(-1);
    if (!list || list.producerId !== row.producerId) {
      list = {
        producerId: row.producerId,
        farmName: row.farmName,
        producerName: row.producerName,
        community: row.community,
        province: row.province,
        totals: [],
        orders: [],
      };
      lists.push(list);
    }
    let order = list.orders.at(-1);
    if (!order || order.pickupCode !== row.pickupCode) {
      order = {
        pickupCode: row.pickupCode,
        slotStartsAt: row.slotStartsAt,
        slotEndsAt: row.slotEndsAt,
        items: [],
      };
      list.orders.push(order);
    }
    const item: PickItem = {
      productName: row.productName,
      unit: row.unit,
      quantity: row.quantity,
      bundle:
        row.bundleName === null || row.bundleCount === null
          ? null
          : { name: row.bundleName, count: row.bundleCount },
    };
    order.items.push(item);
    addToPickTotals(list.totals, item);
  }
  for (const list of lists) {
    list.totals.sort((a, b) => a.productName.localeCompare(b.productName, "es"));
  }
  // Spanish order (Ñ after N, accents ignored), which SQLite's byte order does not give.
  return lists.sort((a, b) => a.farmName.localeCompare(b.farmName, "es"));
}

export type PackingBasket = {
  bundleId: number;
  name: string;
  priceCents: number;
  /** Baskets to assemble: the sum over the orders that stand. */
  count: number;
  orderCount: number;
  /**
   * What one basket holds, as the orders reserved it (their snapshots), producer by producer;
   * `units` = perBasket × baskets is what the producer brings for them. `baskets` is the number
   * of baskets holding the content this way: `count` unless the basket changed between orders.
   */
  contents: {
    offerId: number;
    producerId: number;
    farmName: string;
    productName: string;
    unit: Unit;
    perBasket: number;
    baskets: number;
    units: number;
  }[];
};

export type PackingSheet = {
  baskets: PackingBasket[];
  /** Per producer, what they bring for every basket of the day (all kinds together). */
  producers: {
    producerId: number;
    farmName: string;
    items: { productName: string; unit: Unit; units: number }[];
  }[];
  /** Per pickup slot (in time order), the orders taking baskets and how many of each kind. */
  slots: {
    slotId: number;
    startsAt: Date;
    endsAt: Date;
    counts: { bundleId: number; name: string; count: number }[];
    orders: {
      orderId: number;
      pickupCode: string;
      firstName: string;
      status: (typeof STANDING_ORDER_STATUSES)[number];
      baskets: { bundleId: number; name: string; count: number }[];
    }[];
  }[];
};

/**
 * The coordinators' packing sheet for a market day's family baskets: how many of each kind to
 * assemble, what goes into one and who brings it, and which orders of each pickup slot take
 * them. Counts the orders that stand (reserved, card payment pending, picked up whole or in
 * part): the baskets the market has promised. Read from the orders' snapshots (the basket's
 * name, price and contents as reserved), not from the basket as it is now. Two queries.
 */
export function getPackingSheet({
  marketId,
  marketDayId,
}: {
  marketId: number;
  marketDayId: number;
}): PackingSheet {
  const standing = and(
    eq(orders.marketId, marketId),
    eq(orders.marketDayId, marketDayId),
    inArray(orders.status, STANDING_ORDER_STATUSES),
  );
  const baskets = db()
    .select({
      orderBundleId: orderBundles.id,
      bundleId: orderBundles.bundleId,
      name: orderBundles.name,
      priceCents: orderBundles.unitPriceCents,
      count: orderBundles.quantity,
      orderId: orders.id,
      pickupCode: orders.pickupCode,
      status: orders.status,
      consumerName: users.name,
      slotId: pickupSlots.id,
      slotStartsAt: pickupSlots.startsAt,
      slotEndsAt: pickupSlots.endsAt,
    })
    .from(orderBundles)
    .innerJoin(orders, eq(orders.id, orderBundles.orderId))
    .innerJoin(users, eq(users.id, orders.consumerId))
    .innerJoin(pickupSlots, eq(pickupSlots.id, orders.slotId))
    .where(standing)
    .orderBy(asc(pickupSlots.startsAt), asc(orders.pickupCode), asc(orderBundles.id))
    .all();
  const contents = db()
    .select({
      orderBundleId: orderItems.orderBundleId,
      offerId: orderItems.offerId,
      producerId: producers.id,
      farmName: producers.farmName,
      productName: orderItems.productName,
      unit: orderItems.unit,
      units: orderItems.quantity,
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .innerJoin(producers, eq(producers.id, orderItems.producerId))
    .where(and(standing, isNotNull(orderItems.orderBundleId)))
    .all();

  const byKind = new Map<number, PackingBasket & { orders: Set<number> }>();
  const countOf = new Map<number, { bundleId: number; count: number }>();
  for (const b of baskets) {
    countOf.set(b.orderBundleId, { bundleId: b.bundleId, count: b.count });
    const kind = byKind.get(b.bundleId) ?? {
      bundleId: b.bundleId,
      // The earliest reservation's name and price, should the basket have been renamed since.
      name: b.name,
      priceCents: b.priceCents,
      count: 0,
      orderCount: 0,
      contents: [],
      orders: new Set<number>(),
    };
    kind.count += b.count;
    kind.orders.add(b.orderId);
    byKind.set(b.bundleId, kind);
  }
  const producerTotals = new Map<number, PackingSheet["producers"][number]>();
  for (const line of contents) {
    const basket = countOf.get(line.orderBundleId!);
    if (!basket) continue;
    const kind = byKind.get(basket.bundleId)!;
    const perBasket = line.units / basket.count;
    const content = kind.contents.find(
      (c) => c.offerId === line.offerId && c.perBasket === perBasket,
    );
    if (content) {
      content.baskets += basket.count;
      content.units += line.units;
    } else {
      kind.contents.push({
        offerId: line.offerId,
        producerId: line.producerId,
        farmName: line.farmName,
        productName: line.productName,
        unit: line.unit,
        perBasket,
        baskets: basket.count,
        units: line.units,
      });
    }
    const producer = producerTotals.get(line.producerId) ?? {
      producerId: line.producerId,
      farmName: line.farmName,
      items: [],
    };
    const item = producer.items.find(
      (i) => i.productName === line.productName && i.unit === line.unit,
    );
    if (item) item.units += line.units;
    else producer.items.push({ productName: line.productName, unit: line.unit, units: line.units });
    producerTotals.set(line.producerId, producer);
  }

  const slots: PackingSheet["slots"] = [];
  for (const b of baskets) {
    let slot = slots.at(-1);
    if (!slot || slot.slotId !== b.slotId) {
      slot = {
        slotId: b.slotId,
        startsAt: b.slotStartsAt,
        endsAt: b.slotEndsAt,
        counts: [],
        orders: [],
      };
      slots.push(slot);
    }
    let order = slot.orders.at(-1);
    if (!order || order.orderId !== b.orderId) {
      order = {
        orderId: b.orderId,
        pickupCode: b.pickupCode,
        firstName: b.consumerName.split(" ")[0],
        status: b.status as PackingSheet["slots"][number]["orders"][number]["status"],
        baskets: [],
      };
      slot.orders.push(order);
    }
    const name = byKind.get(b.bundleId)!.name;
    const mine = order.baskets.find((x) => x.bundleId === b.bundleId);
    if (mine) mine.count += b.count;
    else order.baskets.push({ bundleId: b.bundleId, name, count: b.count });
    const inSlot = slot.counts.find((x) => x.bundleId === b.bundleId);
    if (inSlot) inSlot.count += b.count;
    else slot.counts.push({ bundleId: b.bundleId, name, count: b.count });
  }

  const es = (a: string, b: string) => a.localeCompare(b, "es");
  const byProducerThenProduct = (
    a: { farmName: string; productName: string },
    b: { farmName: string; productName: string },
  ) => es(a.farmName, b.farmName) || es(a.productName, b.productName);
  return {
    baskets: [...byKind.values()]
      .map(({ orders: kindOrders, ...kind }) => ({
        ...kind,
        orderCount: kindOrders.size,
        contents: kind.contents.sort(
          (a, b) => byProducerThenProduct(a, b) || b.baskets - a.baskets,
        ),
      }))
      .sort((a, b) => es(a.name, b.name) || a.bundleId - b.bundleId),
    producers: [...producerTotals.values()]
      .map((p) => ({ ...p, items: p.items.sort((a, b) => es(a.productName, b.productName)) }))
      .sort((a, b) => es(a.farmName, b.farmName)),
    slots,
  };
}

/** Orders shown at the desk and on paper: everything but cancelled and expired reservations. */
const DESK_STATUSES = [...PACKED_STATUSES, "no_show"] as const;

/** Lines of an order: each item bought alone, and each family basket as one (as /pedidos counts). */
const itemCount = sql<number>`(SELECT count(*) FROM ${orderItems} WHERE ${orderItems.orderId} = ${orders.id} AND ${orderItems.orderBundleId} IS NULL)
  + (SELECT count(*) FROM ${orderBundles} WHERE ${orderBundles.orderId} = ${orders.id})`;

/** Each pickup slot of the day with its orders, for the paper list at the desk. Two queries. */
export function getPickupLists({
  marketId,
  marketDayId,
}: {
  marketId: number;
  marketDayId: number;
}) {
  const slots = db()
    .select({ id: pickupSlots.id, startsAt: pickupSlots.startsAt, endsAt: pickupSlots.endsAt })
    .from(pickupSlots)
    .innerJoin(marketDays, eq(marketDays.id, pickupSlots.marketDayId))
    .where(and(eq(pickupSlots.marketDayId, marketDayId), eq(marketDays.marketId, marketId)))
    .orderBy(asc(pickupSlots.startsAt))
    .all();
  const rows = db()
    .select({
      slotId: orders.slotId,
      pickupCode: orders.pickupCode,
      consumerName: users.name,
      phone: users.phone,
      email: users.email,
      itemCount,
      totalCents: orders.totalCents,
      status: orders.status,
      paymentMethod: orders.paymentMethod,
      paymentStatus: orders.paymentStatus,
    })
    .from(orders)
    .innerJoin(users, eq(users.id, orders.consumerId))
    .where(
      and(
        eq(orders.marketId, marketId),
        eq(orders.marketDayId, marketDayId),
        inArray(orders.status, DESK_STATUSES),
      ),
    )
    .orderBy(asc(users.name), asc(orders.pickupCode))
    .all();
  return slots.map((slot) => ({
    ...slot,
    orders: rows
      .filter((r) => r.slotId === slot.id)
      .map((r) => ({ ...r, itemCount: Number(r.itemCount) })),
  }));
}

/** Every order of the day, whatever its state, for the orders CSV. */
export function listOrdersForExport({
  marketId,
  marketDayId,
}: {
  marketId: number;
  marketDayId: number;
}) {
  return db()
    .select({
      pickupCode: orders.pickupCode,
      slotStartsAt: pickupSlots.startsAt,
      slotEndsAt: pickupSlots.endsAt,
      consumerName: users.name,
      phone: users.phone,
      email: users.email,
      status: orders.status,
      paymentMethod: orders.paymentMethod,
      paymentStatus: orders.paymentStatus,
      itemCount,
      totalCents: orders.totalCents,
      cashReceivedCents: orders.cashReceivedCents,
      createdAt: orders.createdAt,
      pickedUpAt: orders.pickedUpAt,
    })
    .from(orders)
    .innerJoin(pickupSlots, eq(pickupSlots.id, orders.slotId))
    .innerJoin(users, eq(users.id, orders.consumerId))
    .where(and(eq(orders.marketId, marketId), eq(orders.marketDayId, marketDayId)))
    .orderBy(asc(pickupSlots.startsAt), asc(orders.pickupCode))
    .all()
    .map((r) => ({ ...r, itemCount: Number(r.itemCount) }));
}

/** Every line of every order of the day, for the order-items CSV. */
export function listOrderItemsForExport({
  marketId,
  marketDayId,
}: {
  marketId: number;
  marketDayId: number;
}) {
  return db()
    .select({
      pickupCode: orders.pickupCode,
      orderStatus: orders.status,
      paymentMethod: orders.paymentMethod,
      farmName: producers.farmName,
      productName: orderItems.productName,
      unit: orderItems.unit,
      unitPriceCents: orderItems.unitPriceCents,
      quantity: orderItems.quantity,
      shareCents: orderItems.shareCents,
      bundleName: orderBundles.name,
      deliveredQuantity: orderItems.deliveredQuantity,
      fulfilment: orderItems.fulfilment,
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .leftJoin(orderBundles, eq(orderBundles.id, orderItems.orderBundleId))
    .innerJoin(pickupSlots, eq(pickupSlots.id, orders.slotId))
    .innerJoin(producers, eq(producers.id, orderItems.producerId))
    .where(and(eq(orders.marketId, marketId), eq(orders.marketDayId, marketDayId)))
    .orderBy(
      asc(pickupSlots.startsAt),
      asc(orders.pickupCode),
      asc(orderItems.productName),
      // A product bought alone before the same product inside a basket.
      sql`${orderItems.orderBundleId} IS NOT NULL`,
      asc(orderItems.id),
    )
    .all();
}
