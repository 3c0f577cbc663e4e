/**
 * A producer's own offers. Every query carries `producer_id = :producerId` in its WHERE
 * clause (docs/invariants.md #6): an id of another producer's offer simply matches nothing.
 */
import { and, asc, desc, eq, inArray, isNull, lt, ne, sql, type SQL } from "drizzle-orm";
import { lineCentsSql } from "../ordering/line-value.server";
import {
  bundleItems,
  bundles,
  marketDays,
  offers,
  orderItems,
  orders,
  products,
  type MarketDay,
} from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import {
  findAssistableProducer,
  recordChangeForProducer,
  type OnBehalf,
} from "./assisted-producers.server";
import { STANDING_ORDER_STATUSES } from "../ordering/order-status";
import { offerStockColumns } from "../catalogue/offer-rows.server";
import { recordRequest, replayOfRequest } from "./producer-requests.server";

/** Whether producers may still change this market day's offers: until the cutoff. */
export function offersEditable(day: Pick<MarketDay, "status" | "cutoffAt">, now = new Date()) {
  return (day.status === "open" || day.status === "scheduled") && now < day.cutoffAt;
}

/**
 * The producer's offers on a market day with what is reserved and its value, in one query
 * whatever their number.
 */
export function listProducerOffers({
  producerId,
  marketDayId,
}: {
  producerId: number;
  marketDayId: number;
}) {
  const reservedValue = sql<number>`coalesce((
    SELECT sum(${lineCentsSql})
    FROM ${orderItems} JOIN ${orders} ON ${orders.id} = ${orderItems.orderId}
    WHERE ${orderItems.offerId} = ${offers.id}
      AND ${inArray(orders.status, STANDING_ORDER_STATUSES)}
  ), 0)`;
  return db()
    .select({
      offerId: offers.id,
      productId: products.id,
      ...offerStockColumns,
      perCustomerLimit: offers.perCustomerLimit,
      status: offers.status,
      reservedCents: reservedValue,
      // Published family baskets this offer is in: pausing it stops their sale too.
      inBundles: sql<number>`(
        SELECT count(*) FROM ${bundleItems} JOIN ${bundles} ON ${bundles.id} = ${bundleItems.bundleId}
        WHERE ${bundleItems.offerId} = ${offers.id} AND ${bundles.status} = 'active')`,
    })
    .from(offers)
    .innerJoin(products, eq(products.id, offers.productId))
    .where(and(eq(offers.producerId, producerId), eq(offers.marketDayId, marketDayId)))
    .orderBy(asc(products.name))
    .all()
    .map((o) => ({
      ...o,
      left: o.quantity - o.reserved,
      reservedCents: Number(o.reservedCents),
      inBundles: Number(o.inBundles),
    }));
}

/** The producer's products not yet offered on this market day, for the "offer" form. */
export function listOfferableProducts({
  producerId,
  marketDayId,
}: {
  producerId: number;
  marketDayId: number;
}) {
  return db()
    .select({ id: products.id, name: products.name, unit: products.unit })
    .from(products)
    .where(
      and(
        eq(products.producerId, producerId),
        isNull(products.archivedAt),
        sql`${products.id} NOT IN (SELECT ${offers.productId} FROM ${offers} WHERE ${offers.marketDayId} = ${marketDayId})`,
      ),
    )
    .orderBy(asc(products.name))
    .all();
}

type Day = Pick<MarketDay, "id" | "status" | "cutoffAt" | "marketId" | "date">;

/**
 * Whether the market day takes changes now, read afresh inside the change's transaction: the
 * day the page was built with may be a second old, and the cutoff is a promise to consumers
 * (docs/invariants.md #5).
 */
function stillEditable(tx: Tx, day: Day, now: Date) {
  const current = tx
    .select({ status: marketDays.status, cutoffAt: marketDays.cutoffAt })
    .from(marketDays)
    .where(and(eq(marketDays.id, day.id), eq(marketDays.marketId, day.marketId)))
    .get();
  return current !== undefined && offersEditable(current, now);
}

export type OfferInput = { priceCents: number; quantity: number; perCustomerLimit: number | null };
export type OfferChangeResult =
  /** `repeated`: the request key had been used for this change already; nothing was redone. */
  | { ok: true; repeated?: boolean }
  | { ok: false; error: "notFound" | "closed" | "alreadyOffered" | "keyReused" }
  | { ok: false; error: "belowReserved"; reserved: number };

/**
 * Who changes offers of which day: the producer, or a coordinator `by` them; `requestKey`
 * (from the form) makes the same form sent twice one change (producer-requests.server.ts).
 */
type OfferChanger = {
  producerId: number;
  day: Day;
  by?: OnBehalf;
  now?: Date;
  requestKey?: string;
};

const notFound = { ok: false, error: "notFound" } as const;
const closed = { ok: false, error: "closed" } as const;

/**
 * One offer change in one IMMEDIATE transaction. With `by` (a coordinator acting for the
 * producer) the producer and the day must be of the coordinator's market, else nothing is
 * found; the change is then audited in the same transaction.
 */
function offerChange(
  { producerId, day, by, now, requestKey }: OfferChanger & { now: Date },
  target: string,
  change: (tx: Tx) => OfferChangeResult,
): OfferChangeResult {
  return db().transaction(
    (tx) => {
      if (
        by &&
        (day.marketId !== by.marketId || !findAssistableProducer(tx, { ...by, producerId }))
      )
        return notFound;
      // Before the cutoff check: a change made in time and sent again after it was still made.
      const replay = requestKey ? replayOfRequest(tx, { requestKey, producerId, target }) : null;
      if (replay) return replay;
      if (!stillEditable(tx, day, now)) return closed;
      const result = change(tx);
      if (result.ok && requestKey)
        recordRequest(tx, { requestKey, producerId, target, outcome: { kind: "saved" } });
      return result;
    },
    { behavior: "immediate" },
  );
}

/** An offer of the producer on the day, with its product, as an audit row describes it. */
function offerAsAudited(tx: Tx, where: SQL | undefined) {
  return tx
    .select({
      id: offers.id,
      productName: products.name,
      unit: products.unit,
      priceCents: offers.priceCents,
      quantity: offers.quantity,
      perCustomerLimit: offers.perCustomerLimit,
      status: offers.status,
      reserved: offers.reserved,
    })
    .from(offers)
    .innerJoin(products, eq(products.id, offers.productId))
    .where(where)
    .get();
}

/** Offers one of the producer's own products on a market day still open for changes. */
export function createOffer({
  producerId,
  day,
  productId,
  offer,
  by,
  now = new Date(),
  requestKey,
}: OfferChanger & { productId: number; offer: OfferInput }): OfferChangeResult {
  return offerChange({ producerId, day, by, now, requestKey }, `create:${productId}`, (tx) => {
    const product = tx
      .select({ id: products.id, name: products.name, unit: products.unit })
      .from(products)
      .where(
        and(
          eq(products.id, productId),
          eq(products.producerId, producerId),
          isNull(products.archivedAt),
        ),
      )
      .get();
    if (!product) return notFound;
    const created = tx
      .insert(offers)
      .values({ marketDayId: day.id, productId, producerId, ...offer })
      .onConflictDoNothing({ target: [offers.marketDayId, offers.productId] })
      .returning({ id: offers.id })
      .get();
    if (!created) return { ok: false, error: "alreadyOffered" };
    if (by)
      recordChangeForProducer(tx, by, {
        action: "offer.create",
        entityType: "offer",
        entityId: created.id,
        data: { productName: product.name, unit: product.unit, date: day.date, after: offer },
      });
    return { ok: true };
  });
}

/** The WHERE of the producer's own offer on their market day: another's id matches nothing. */
function ownOffer({
  producerId,
  dayId,
  offerId,
}: {
  producerId: number;
  dayId: number;
  offerId: number;
}) {
  return and(
    eq(offers.id, offerId),
    eq(offers.producerId, producerId),
    eq(offers.marketDayId, dayId),
  );
}

/**
 * Changes price, quantity and limit of the producer's own offer before the cutoff. The
 * quantity never goes below what is already reserved: the condition is in the UPDATE itself.
 */
export function updateOffer({
  producerId,
  day,
  offerId,
  offer,
  by,
  now = new Date(),
  requestKey,
}: OfferChanger & { offerId: number; offer: OfferInput }): OfferChangeResult {
  const mine = ownOffer({ producerId, dayId: day.id, offerId });
  return offerChange({ producerId, day, by, now, requestKey }, `update:${offerId}`, (tx) => {
    const before = by ? offerAsAudited(tx, mine) : undefined;
    const updated = tx
      .update(offers)
      .set(offer)
      .where(and(mine, sql`${offers.reserved} <= ${offer.quantity}`))
      .run();
    if (updated.changes !== 1) {
      const current = tx.select({ reserved: offers.reserved }).from(offers).where(mine).get();
      if (!current) return notFound;
      return { ok: false, error: "belowReserved", reserved: current.reserved };
    }
    if (by && before)
      recordChangeForProducer(tx, by, {
        action: "offer.update",
        entityType: "offer",
        entityId: offerId,
        data: {
          productName: before.productName,
          unit: before.unit,
          date: day.date,
          before: {
            priceCents: before.priceCents,
            quantity: before.quantity,
            perCustomerLimit: before.perCustomerLimit,
          },
          after: offer,
        },
      });
    return { ok: true };
  });
}

/** Pauses (no new reservations; existing ones stand) or resumes the producer's own offer. */
export function setOfferStatus({
  producerId,
  day,
  offerId,
  status,
  by,
  now = new Date(),
  requestKey,
}: OfferChanger & { offerId: number; status: "active" | "paused" }): OfferChangeResult {
  const mine = ownOffer({ producerId, dayId: day.id, offerId });
  const target = `${status === "paused" ? "pause" : "resume"}:${offerId}`;
  return offerChange({ producerId, day, by, now, requestKey }, target, (tx) => {
    const before = by ? offerAsAudited(tx, mine) : undefined;
    const updated = tx.update(offers).set({ status }).where(mine).run();
    if (updated.changes !== 1) return notFound;
    // A repeated tap (already in that state) changes nothing a producer would want to read about.
    if (by && before && before.status !== status)
      recordChangeForProducer(tx, by, {
        action: status === "paused" ? "offer.pause" : "offer.resume",
        entityType: "offer",
        entityId: offerId,
        data: {
          productName: before.productName,
          unit: before.unit,
          date: day.date,
          before: { status: before.status },
          after: { status },
        },
      });
    return { ok: true };
  });
}

/**
 * "Ofrecer lo mismo que la semana pasada": this market day gets the offers of the producer's
 * last earlier market day (same products, prices, quantities and limits, nothing reserved).
 * Products already offered or since archived are skipped, so running it twice adds nothing;
 * with a `requestKey` the second run also answers as the first ("copied 2"), not "nothing".
 */
export function copyLastMarketDay({
  producerId,
  day,
  now = new Date(),
  requestKey,
}: {
  producerId: number;
  day: Day;
  now?: Date;
  requestKey?: string;
}):
  { ok: true; created: number; repeated?: boolean } | { ok: false; error: "closed" | "keyReused" } {
  const target = `copy:${day.id}`;
  return db().transaction(
    (tx) => {
      const replay = requestKey ? replayOfRequest(tx, { requestKey, producerId, target }) : null;
      if (replay) {
        if (!replay.ok) return replay;
        const count = replay.outcome.kind === "copied" ? replay.outcome.count : 0;
        return { ok: true, created: count, repeated: true } as const;
      }
      if (!stillEditable(tx, day, now)) return { ok: false, error: "closed" } as const;
      const created = copyOffers(tx, producerId, day);
      if (requestKey)
        recordRequest(tx, {
          requestKey,
          producerId,
          target,
          outcome: { kind: "copied", count: created },
        });
      return { ok: true, created } as const;
    },
    { behavior: "immediate" },
  );
}

/** Inserts the offers of the producer's last earlier market day missing on `day`; how many. */
function copyOffers(tx: Tx, producerId: number, day: Day) {
  const previous = tx
    .select({ id: marketDays.id })
    .from(marketDays)
    .innerJoin(offers, eq(offers.marketDayId, marketDays.id))
    .where(
      and(
        eq(marketDays.marketId, day.marketId),
        lt(marketDays.date, day.date),
        ne(marketDays.status, "cancelled"),
        eq(offers.producerId, producerId),
      ),
    )
    .orderBy(desc(marketDays.date))
    .limit(1)
    .get();
  if (!previous) return 0;
  const source = tx
    .select({
      productId: offers.productId,
      priceCents: offers.priceCents,
      quantity: offers.quantity,
      perCustomerLimit: offers.perCustomerLimit,
    })
    .from(offers)
    .innerJoin(products, eq(products.id, offers.productId))
    .where(
      and(
        eq(offers.marketDayId, previous.id),
        eq(offers.producerId, producerId),
        isNull(products.archivedAt),
      ),
    )
    .all();
  if (source.length === 0) return 0;
  return tx
    .insert(offers)
    .values(source.map((s) => ({ ...s, marketDayId: day.id, producerId })))
    .onConflictDoNothing({ target: [offers.marketDayId, offers.productId] })
    .run().changes;
}
