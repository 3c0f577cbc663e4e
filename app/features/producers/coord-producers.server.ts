/**
 * The coordinator's side of the producers: who is waiting for approval, suspending and
 * reinstating, their profiles and certifications. Every function takes the coordinator's
 * `marketId` and puts it in the WHERE clause (docs/invariants.md #6); every change writes an audit
 * row in its own transaction.
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import {
  auditLog,
  certifications,
  marketDays,
  memberships,
  orderItems,
  orders,
  producers,
  users,
  type MembershipStatus,
} from "../../../db/schema";
import { db, type Tx } from "../../infra/db.server";
import { isOwnRow } from "../../infra/market-scope";
import type { ProfileInput, StatusTransition } from "./coord-producers-schemas";
import { foldText } from "../../lib/text";
import {
  queueNotification,
  type NotificationTemplate,
} from "../notifications/notifications.server";
import { auditHistory, recordAudit } from "../../infra/audit.server";
import { ACTIVE_ORDER_STATUSES } from "../ordering/order-status";
import { producerColumns, selectProducers } from "../catalogue/offer-rows.server";

/** Producers listed per page: a market has up to a few thousand members. */
export const PRODUCERS_PER_PAGE = 50;

// ---------------------------------------------------------------------------------------------
// Reading

type ListFilters = { status?: MembershipStatus; q?: string };

function listConditions(marketId: number, { status, q }: ListFilters): SQL {
  const pattern = q ? `%${foldText(q.trim()).replace(/[%_\\]/g, "\\$&")}%` : null;
  return and(
    eq(producers.marketId, marketId),
    eq(memberships.marketId, marketId),
    status ? eq(memberships.status, status) : undefined,
    pattern
      ? sql`(fold(${producers.farmName}) LIKE ${pattern} ESCAPE '\\' OR fold(${users.name}) LIKE ${pattern} ESCAPE '\\')`
      : undefined,
  )!;
}

/**
 * The market's producers, those waiting for approval first (oldest request first: they have
 * waited longest), then approved, then suspended, by farm name. Two queries whatever the page.
 */
export function listMarketProducers({
  marketId,
  status,
  q,
  page = 1,
}: ListFilters & { marketId: number; page?: number }) {
  const where = listConditions(marketId, { status, q });
  const rows = selectProducers({
    ...producerColumns,
    name: users.name,
    phone: users.phone,
    email: users.email,
    status: memberships.status,
    requestedAt: producers.createdAt,
    certificationKinds: sql<string | null>`(SELECT group_concat(DISTINCT ${certifications.kind})
        FROM ${certifications} WHERE ${certifications.producerId} = ${producers.id})`,
  })
    .innerJoin(users, eq(users.id, producers.userId))
    .where(where)
    .orderBy(
      sql`CASE ${memberships.status} WHEN 'pending' THEN 0 WHEN 'approved' THEN 1 ELSE 2 END`,
      sql`CASE WHEN ${memberships.status} = 'pending' THEN ${producers.createdAt} END`,
      sql`fold(${producers.farmName})`,
      asc(producers.id),
    )
    .limit(PRODUCERS_PER_PAGE)
    .offset((page - 1) * PRODUCERS_PER_PAGE)
    .all();
  // Counted with the search but without the status filter, so the status choices can say how
  // many each would show.
  const counts = selectProducers({ status: memberships.status, n: count() })
    .innerJoin(users, eq(users.id, producers.userId))
    .where(listConditions(marketId, { q }))
    .groupBy(memberships.status)
    .all();
  const byStatus = { pending: 0, approved: 0, suspended: 0 };
  for (const c of counts) byStatus[c.status] = c.n;
  const total = status
    ? byStatus[status]
    : byStatus.pending + byStatus.approved + byStatus.suspended;
  return {
    producers: rows.map(({ certificationKinds, ...r }) => ({
      ...r,
      certifications: certificationKinds ? certificationKinds.split(",").sort() : [],
    })),
    counts: byStatus,
    total,
    pages: Math.max(1, Math.ceil(total / PRODUCERS_PER_PAGE)),
  };
}

/** The producer row of the market with their account, or undefined (another market's: too). */
export function findInMarket(tx: Tx, marketId: number, producerId: number) {
  return selectProducers(
    {
      producer: producers,
      role: memberships.role,
      status: memberships.status,
      name: users.name,
      phone: users.phone,
      email: users.email,
      locale: users.locale,
    },
    { tx },
  )
    .innerJoin(users, eq(users.id, producers.userId))
    .where(
      and(isOwnRow(producers, { marketId, id: producerId }), eq(memberships.marketId, marketId)),
    )
    .get();
}

/** One producer of the market, for the coordinator's page: profile, account, certifications. */
export function getMarketProducer({
  marketId,
  producerId,
}: {
  marketId: number;
  producerId: number;
}) {
  const found = findInMarket(db(), marketId, producerId);
  if (!found) return undefined;
  const certs = db()
    .select({
      id: certifications.id,
      kind: certifications.kind,
      certifier: certifications.certifier,
      certifiedOn: certifications.certifiedOn,
    })
    .from(certifications)
    .where(eq(certifications.producerId, producerId))
    .orderBy(asc(certifications.kind), desc(certifications.certifiedOn))
    .all();
  const history = auditHistory({
    marketId,
    entityType: "producer",
    entityId: producerId,
    limit: 10,
  }).map(({ data, createdAt, actor, id, action }) => ({
    id,
    action,
    at: createdAt,
    actor,
    reason: reasonOf(data),
  }));
  // Orders that still hold this producer's goods: suspension does not cancel them.
  const activeOrders = db()
    .select({ n: sql<number>`count(DISTINCT ${orders.id})` })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .innerJoin(marketDays, eq(marketDays.id, orders.marketDayId))
    .where(
      and(
        eq(orderItems.producerId, producerId),
        eq(orders.marketId, marketId),
        inArray(orders.status, ACTIVE_ORDER_STATUSES),
        inArray(marketDays.status, ["scheduled", "open", "closed"]),
      ),
    )
    .get()!.n;
  const { producer, ...account } = found;
  const current = { ...producer, ...account };
  // Why a suspended producer is: the reason given when they were last suspended.
  const suspensionReason =
    current.status === "suspended"
      ? (history.find((h) => h.action === "producer.suspend")?.reason ?? null)
      : null;
  return { ...current, certifications: certs, history, activeOrders, suspensionReason };
}

function reasonOf(data: string): string | null {
  try {
    const parsed = JSON.parse(data) as { reason?: unknown };
    return typeof parsed.reason === "string" && parsed.reason ? parsed.reason : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Approve, suspend, reinstate

const TRANSITIONS: Record<
  StatusTransition,
  {
    from: MembershipStatus;
    to: MembershipStatus;
    template: NotificationTemplate;
    reinstated?: boolean;
  }
> = {
  approve: { from: "pending", to: "approved", template: "producer_approved" },
  suspend: { from: "approved", to: "suspended", template: "producer_suspended" },
  // Back to selling: the same message as an approval, marked as a return.
  reinstate: { from: "suspended", to: "approved", template: "producer_approved", reinstated: true },
};

export type StatusChangeResult =
  | { ok: true; status: MembershipStatus; farmName: string }
  | { ok: false; error: "notFound" }
  /** Nothing was done: a repeated request, or the page was stale. `status` is the current one. */
  | { ok: false; error: "unchanged"; status: MembershipStatus; farmName: string };

/**
 * Moves a producer's membership along one transition with a conditional UPDATE (`WHERE status =
 * <from>`), so a double tap or a stale page changes nothing twice; a form's `requestKey` already
 * in the audit log does nothing either, even if the status has meanwhile come back round.
 * Approval, suspension and reinstatement queue a message to the producer in the same
 * transaction; its dedupe key carries the audit row's id, so a later re-approval is queued again.
 */
export function changeProducerStatus({
  marketId,
  producerId,
  actorUserId,
  transition,
  reason = "",
  requestKey,
}: {
  marketId: number;
  producerId: number;
  actorUserId: number;
  transition: StatusTransition;
  reason?: string;
  requestKey?: string;
}): StatusChangeResult {
  const { from, to, template, reinstated } = TRANSITIONS[transition];
  const auditKey = requestKey ? `coord-producers:${requestKey}` : null;
  return db().transaction(
    (tx) => {
      const target = findInMarket(tx, marketId, producerId);
      if (!target) return { ok: false, error: "notFound" } as const;
      const farmName = target.producer.farmName;
      const unchanged = { ok: false, error: "unchanged", status: target.status, farmName } as const;
      if (auditKey && requestKeySeen(tx, auditKey)) return unchanged;
      const changed = tx
        .update(memberships)
        .set({ status: to })
        .where(
          and(
            isOwnRow(memberships, { marketId, id: target.producer.membershipId }),
            eq(memberships.role, "producer"),
            eq(memberships.status, from),
          ),
        )
        .run().changes;
      if (changed !== 1) return unchanged;
      const audit = recordAudit(tx, {
        marketId,
        actorUserId,
        action: `producer.${transition}`,
        entityType: "producer",
        entityId: producerId,
        data: { from, to, ...(reason ? { reason } : {}) },
        requestKey: auditKey,
      });
      // The message goes out on the channels the producer chose (see notifications.server.ts).
      queueNotification(tx, {
        userId: target.producer.userId,
        template,
        dedupeKey: `${template}:producer-${producerId}:audit-${audit.id}`,
        payload: {
          farmName,
          locale: target.locale,
          ...(reinstated ? { reinstated: true } : {}),
          ...(reason ? { reason } : {}),
        },
      });
      return { ok: true, status: to, farmName } as const;
    },
    { behavior: "immediate" },
  );
}

function requestKeySeen(tx: Tx, requestKey: string) {
  return (
    tx
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(eq(auditLog.requestKey, requestKey))
      .get() !== undefined
  );
}

// ---------------------------------------------------------------------------------------------
// Profile and certifications

const PROFILE_FIELDS = ["farmName", "community", "district", "province", "story"] as const;

/**
 * Saves a producer's profile. The slug stays as it was: it is the address of their public page
 * (/productores/:slug), which people may have saved or shared.
 */
export function updateProducerProfile({
  marketId,
  producerId,
  actorUserId,
  profile,
}: {
  marketId: number;
  producerId: number;
  actorUserId: number;
  profile: ProfileInput;
}): { ok: true } | { ok: false; error: "notFound" } {
  return db().transaction(
    (tx) => {
      const target = findInMarket(tx, marketId, producerId);
      if (!target) return { ok: false, error: "notFound" } as const;
      const changes: Record<string, [string, string]> = {};
      for (const field of PROFILE_FIELDS) {
        if (target.producer[field] !== profile[field])
          changes[field] = [target.producer[field], profile[field]];
      }
      if (Object.keys(changes).length === 0) return { ok: true } as const;
      tx.update(producers)
        .set(profile)
        .where(isOwnRow(producers, { marketId, id: producerId }))
        .run();
      recordAudit(tx, {
        marketId,
        actorUserId,
        action: "producer.profile",
        entityType: "producer",
        entityId: producerId,
        data: { changes },
      });
      return { ok: true } as const;
    },
    { behavior: "immediate" },
  );
}

export type CertificationInput = {
  kind: "sgp" | "organic";
  certifier: string;
  certifiedOn: string;
};

type CertificationActor = { marketId: number; producerId: number; actorUserId: number };

/**
 * One change to a market producer's certifications, in one IMMEDIATE transaction with its audit
 * row: `change` refuses (an error) or says what the audit row records.
 */
function changeCertifications<E extends string>(
  { marketId, producerId, actorUserId }: CertificationActor,
  action: "producer.certification.add" | "producer.certification.remove",
  change: (tx: Tx) => { error: E } | { data: Record<string, unknown> },
): { ok: true } | { ok: false; error: "notFound" | E } {
  return db().transaction(
    (tx) => {
      if (!findInMarket(tx, marketId, producerId)) return { ok: false, error: "notFound" } as const;
      const done = change(tx);
      if ("error" in done) return { ok: false, error: done.error } as const;
      recordAudit(tx, {
        marketId,
        actorUserId,
        action,
        entityType: "producer",
        entityId: producerId,
        data: done.data,
      });
      return { ok: true } as const;
    },
    { behavior: "immediate" },
  );
}

/**
 * Adds a certification. The same one (kind, certifier, date) twice is refused as already
 * listed, which also makes a double-tapped form harmless.
 */
export function addCertification({
  certification,
  ...actor
}: CertificationActor & { certification: CertificationInput }) {
  const { producerId } = actor;
  return changeCertifications(actor, "producer.certification.add", (tx) => {
    const same = tx
      .select({ id: certifications.id })
      .from(certifications)
      .where(
        and(
          eq(certifications.producerId, producerId),
          eq(certifications.kind, certification.kind),
          sql`fold(${certifications.certifier}) = ${foldText(certification.certifier)}`,
          eq(certifications.certifiedOn, certification.certifiedOn),
        ),
      )
      .get();
    if (same) return { error: "duplicate" as const };
    const row = tx
      .insert(certifications)
      .values({ producerId, ...certification })
      .returning({ id: certifications.id })
      .get();
    return { data: { certificationId: row.id, ...certification } };
  });
}

/** Removes one of the producer's certifications; a second tap finds it gone and says so. */
export function removeCertification({
  certificationId,
  ...actor
}: CertificationActor & { certificationId: number }) {
  return changeCertifications(actor, "producer.certification.remove", (tx) => {
    const removed = tx
      .delete(certifications)
      .where(
        and(
          eq(certifications.id, certificationId),
          eq(certifications.producerId, actor.producerId),
        ),
      )
      .returning({
        kind: certifications.kind,
        certifier: certifications.certifier,
        certifiedOn: certifications.certifiedOn,
      })
      .get();
    if (!removed) return { error: "alreadyRemoved" as const };
    return { data: { certificationId, ...removed } };
  });
}

/** A producer's farm name and status, for a message about them; undefined outside the market. */
export function getProducerHeadline({
  marketId,
  producerId,
}: {
  marketId: number;
  producerId: number;
}) {
  const found = findInMarket(db(), marketId, producerId);
  return found ? { farmName: found.producer.farmName, status: found.status } : undefined;
}
