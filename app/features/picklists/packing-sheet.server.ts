/** The coordinators' packing sheet for a market day's family baskets. */
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import {
  orderBundles,
  orderItems,
  orders,
  pickupSlots,
  producers,
  users,
  type Unit,
} from "../../../db/schema";
import { lastGroupOr } from "../../lib/group";
import { STANDING_ORDER_STATUSES } from "../ordering/order-status";
import {
  ordersOfDay,
  selectOrderLines,
  selectOrdersWithPickup,
} from "../ordering/order-scope.server";

export type PackingBundle = {
  bundleId: number;
  name: string;
  priceCents: number;
  /** Baskets to assemble: the sum over the orders that stand. */
  count: number;
  orderCount: number;
  /**
   * What one basket holds, as the orders reserved it (their snapshots), producer by producer;
   * `units` = perBundle × baskets is what the producer brings for them. `baskets` is the number
   * of baskets holding the content this way: `count` unless the basket changed between orders.
   */
  contents: {
    offerId: number;
    producerId: number;
    farmName: string;
    productName: string;
    unit: Unit;
    perBundle: number;
    baskets: number;
    units: number;
  }[];
};

export type PackingSheet = {
  baskets: PackingBundle[];
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
  const standing = ordersOfDay(
    marketId,
    marketDayId,
    inArray(orders.status, STANDING_ORDER_STATUSES),
  );
  const baskets = selectOrdersWithPickup({
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
    .innerJoin(orderBundles, eq(orderBundles.orderId, orders.id))
    .where(standing)
    .orderBy(asc(pickupSlots.startsAt), asc(orders.pickupCode), asc(orderBundles.id))
    .all();
  const contents = selectOrderLines({
    orderBundleId: orderItems.orderBundleId,
    offerId: orderItems.offerId,
    producerId: producers.id,
    farmName: producers.farmName,
    productName: orderItems.productName,
    unit: orderItems.unit,
    units: orderItems.quantity,
  })
    .where(and(standing, isNotNull(orderItems.orderBundleId)))
    .all();

  const byKind = new Map<number, PackingBundle & { orders: Set<number> }>();
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
    const perBundle = line.units / basket.count;
    const content = kind.contents.find(
      (c) => c.offerId === line.offerId && c.perBundle === perBundle,
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
        perBundle,
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
    const slot = lastGroupOr(
      slots,
      (s) => s.slotId === b.slotId,
      () => ({
        slotId: b.slotId,
        startsAt: b.slotStartsAt,
        endsAt: b.slotEndsAt,
        counts: [],
        orders: [],
      }),
    );
    const order = lastGroupOr(
      slot.orders,
      (o) => o.orderId === b.orderId,
      () => ({
        orderId: b.orderId,
        pickupCode: b.pickupCode,
        firstName: b.consumerName.split(" ")[0],
        status: b.status as PackingSheet["slots"][number]["orders"][number]["status"],
        baskets: [],
      }),
    );
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
