/**
 * Messages the clock decides: the pickup reminder the evening before market day, and each
 * producer's digest of what to bring once orders close. A job runs every minute; each message
 * has a dedupe key, and people who already have theirs are skipped in the query, so each order
 * and each producer gets exactly one, however often the job runs or restarts.
 */
import { and, asc, desc, eq, gt, gte, inArray, lte, ne, sql, sum } from "drizzle-orm";
import {
  inboundMessages,
  marketDays,
  notificationOutbox,
  orderItems,
  orders,
  pickupSlots,
  producers,
} from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import { addDays, limaDateOf, limaInstant } from "../../lib/time";
import { queueNotification } from "./notifications.server";
import type { Channel } from "./types.server";
import { SOLD_ORDER_STATUSES } from "../ordering/order-status";

/** Reminders go out from this Lima time on the day before market day. */
export const REMINDER_TIME = "18:00";
const CHUNK = 500;

/** Market days not cancelled whose `from` has passed and whose pickup has not started. */
function daysInWindow(now: Date) {
  const today = limaDateOf(now);
  return db()
    .select()
    .from(marketDays)
    .where(
      and(
        ne(marketDays.status, "cancelled"),
        gte(marketDays.date, today),
        lte(marketDays.date, addDays(today, 1)),
        gt(marketDays.pickupStartAt, now),
      ),
    )
    .all();
}

/** Queues one pickup reminder per confirmed order of tomorrow's market day, from 18:00 Lima. */
export function queuePickupReminders(now: Date) {
  const days = daysInWindow(now).filter(
    (day) => now >= limaInstant(addDays(day.date, -1), REMINDER_TIME),
  );
  let queued = 0;
  for (const day of days) {
    const due = db()
      .select({
        orderId: orders.id,
        consumerId: orders.consumerId,
        pickupCode: orders.pickupCode,
        slotStartsAt: pickupSlots.startsAt,
        slotEndsAt: pickupSlots.endsAt,
      })
      .from(orders)
      .innerJoin(pickupSlots, eq(pickupSlots.id, orders.slotId))
      .where(
        and(
          eq(orders.marketDayId, day.id),
          eq(orders.status, "confirmed"),
          // Already queued (on any channel): keys are `pickup-reminder:<id>:<channel>`.
          sql`NOT EXISTS (SELECT 1 FROM ${notificationOutbox} o
                WHERE o.dedupe_key >= 'pickup-reminder:' || ${orders.id} || ':'
                  AND o.dedupe_key < 'pickup-reminder:' || ${orders.id} || ';')`,
        ),
      )
      .orderBy(asc(orders.id))
      .all();
    for (let i = 0; i < due.length; i += CHUNK) {
      const chunk = due.slice(i, i + CHUNK);
      db().transaction(
        (tx) => {
          for (const order of chunk) {
            queueNotification(tx, {
              userId: order.consumerId,
              template: "pickup_reminder",
              dedupeKey: `pickup-reminder:${order.orderId}`,
              payload: {
                orderId: order.orderId,
                pickupCode: order.pickupCode,
                date: day.date,
                slotStartsAt: order.slotStartsAt.getTime(),
                slotEndsAt: order.slotEndsAt.getTime(),
                place: day.place,
              },
            });
          }
        },
        { behavior: "immediate" },
      );
      queued += chunk.length;
    }
  }
  return queued;
}

/**
 * Queues each producer's digest once a market day's cutoff has passed (until its pickup
 * starts): the totals per product they have to bring, counting standing orders only. A card
 * hold made just before the cutoff may still be paid for up to its hold length afterwards, so
 * a day's digests wait while any of its holds is still running (about CARD_HOLD_MS after the
 * cutoff; a little more if a late retry lengthened one): each hold is then confirmed or gone, and
 * the digest counts what was really bought. A payment arriving after its hold ended that
 * takes the stock again (rare) is not in a digest already sent.
 */
export function queueProducerDigests(now: Date) {
  const days = daysInWindow(now).filter((day) => day.cutoffAt <= now);
  let queued = 0;
  for (const day of days) {
    const holding = db()
      .select({ id: orders.id })
      .from(orders)
      .where(
        and(
          eq(orders.marketDayId, day.id),
          eq(orders.status, "pending_payment"),
          gt(orders.holdExpiresAt, now),
        ),
      )
      .get();
    if (holding) continue;
    const prefix = `producer-digest:${day.id}:`;
    const done = new Set(
      db()
        .select({ key: notificationOutbox.dedupeKey })
        .from(notificationOutbox)
        .where(
          and(
            gte(notificationOutbox.dedupeKey, prefix),
            // ";" sorts right after ":": the range is exactly the keys starting with the prefix.
            sql`${notificationOutbox.dedupeKey} < ${`producer-digest:${day.id};`}`,
          ),
        )
        .all()
        .map((row) => Number(row.key.split(":")[2])),
    );
    const totals = db()
      .select({
        producerId: orderItems.producerId,
        userId: producers.userId,
        productName: orderItems.productName,
        unit: orderItems.unit,
        quantity: sum(orderItems.quantity).mapWith(Number),
      })
      .from(orderItems)
      .innerJoin(orders, eq(orders.id, orderItems.orderId))
      .innerJoin(producers, eq(producers.id, orderItems.producerId))
      // Sold orders only: unlike the pick list (which also shows card holds still waiting for
      // their payment), a digest is sent once and never corrected, so a hold nobody pays must
      // not be in it: producers would bring units nobody bought.
      .where(and(eq(orders.marketDayId, day.id), inArray(orders.status, SOLD_ORDER_STATUSES)))
      .groupBy(orderItems.producerId, orderItems.productName, orderItems.unit)
      .all();
    const byProducer = new Map<
      number,
      { userId: number; lines: { productName: string; unit: string; quantity: number }[] }
    >();
    for (const row of totals) {
      if (done.has(row.producerId)) continue;
      const entry = byProducer.get(row.producerId) ?? { userId: row.userId, lines: [] };
      entry.lines.push({ productName: row.productName, unit: row.unit, quantity: row.quantity });
      byProducer.set(row.producerId, entry);
    }
    const pending = [...byProducer];
    for (let i = 0; i < pending.length; i += CHUNK) {
      const chunk = pending.slice(i, i + CHUNK);
      db().transaction(
        (tx) => {
          for (const [producerId, { userId, lines }] of chunk) {
            lines.sort((a, b) => a.productName.localeCompare(b.productName, "es"));
            queueNotification(
              tx,
              {
                userId,
                template: "producer_digest",
                dedupeKey: `${prefix}${producerId}`,
                payload: { marketDayId: day.id, date: day.date, lines },
              },
              textChannelOf(tx, producerId),
            );
          }
        },
        { behavior: "immediate" },
      );
      queued += chunk.length;
    }
  }
  return queued;
}

/** The background loop's job. */
export function queueScheduledNotifications(now: Date) {
  return { reminders: queuePickupReminders(now), digests: queueProducerDigests(now) };
}

/**
 * The channel a producer last texted us on (SMS or WhatsApp, issue 17), as a list for
 * queueNotification: their digest goes there too, whatever they chose on /cuenta.
 */
function textChannelOf(tx: Tx, producerId: number): Channel[] {
  const last = tx
    .select({ provider: inboundMessages.provider })
    .from(inboundMessages)
    .where(eq(inboundMessages.producerId, producerId))
    .orderBy(desc(inboundMessages.createdAt))
    .limit(1)
    .get();
  return last ? [last.provider] : [];
}
