/**
 * Builders for the domain's rows, used by the tests and by the demo seed. Each takes the
 * least it needs and fills the rest with plausible values, and returns the row it created.
 */
import { eq, sql } from "drizzle-orm";
import {
  bundleItems,
  bundles,
  categories,
  certifications,
  marketDays,
  markets,
  memberships,
  offers,
  orderItems,
  orders,
  pickupSlots,
  producers,
  products,
  users,
  type BundleStatus,
  type Locale,
  type Role,
  type Unit,
} from "../db/schema";
import { db } from "../app/infra/db.server";
import { hashPasswordSync } from "../app/features/access/password.server";
import { slugify } from "../app/lib/slug";
import { addDays, limaInstant } from "../app/lib/time";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(++counter).toString(36)}`;

export function createMarket(values: Partial<typeof markets.$inferInsert> = {}) {
  const slug = values.slug ?? `mercado-${unique()}`;
  return db()
    .insert(markets)
    .values({ name: `Mercado ${slug}`, city: "Cusco", commissionBps: 1000, ...values, slug })
    .returning()
    .get();
}

let defaultHash: string | undefined;
/** The hash of the demo password "feria2026", computed once (argon2 is slow on purpose). */
export function demoPasswordHash() {
  defaultHash ??= hashPasswordSync("feria2026");
  return defaultHash;
}

/** A user (password "feria2026" unless given) with a random Peruvian mobile unless an email is given. */
export function createUser(
  values: Partial<typeof users.$inferInsert> & { password?: string } = {},
) {
  const { password, ...rest } = values;
  const passwordHash =
    rest.passwordHash ?? (password ? hashPasswordSync(password) : demoPasswordHash());
  const n = 900_000_000 + Math.floor(Math.random() * 99_999_999);
  return db()
    .insert(users)
    .values({
      name: "Persona de prueba",
      phone: rest.email ? null : `+51${n}`,
      locale: "es" as Locale,
      ...rest,
      passwordHash,
    })
    .returning()
    .get();
}

export function createMembership(values: {
  userId: number;
  marketId: number;
  role: Role;
  status?: "pending" | "approved" | "suspended";
}) {
  return db()
    .insert(memberships)
    .values({ status: "approved", ...values })
    .returning()
    .get();
}

/** A coordinator (or admin) of a market: the user and their approved membership. */
export function createCoordinator({
  marketId,
  role = "coordinator",
  name = "Coordinadora de prueba",
}: {
  marketId: number;
  role?: "coordinator" | "admin";
  name?: string;
}) {
  const user = createUser({ name });
  createMembership({ userId: user.id, marketId, role });
  return user;
}

/** A producer: user, producer membership and profile, with optional certifications. */
export function createProducer({
  marketId,
  user,
  status = "approved",
  profile = {},
  certs = [],
}: {
  marketId: number;
  user?: ReturnType<typeof createUser>;
  status?: "pending" | "approved" | "suspended";
  profile?: Partial<typeof producers.$inferInsert>;
  certs?: { kind: "sgp" | "organic"; certifier: string; certifiedOn: string }[];
}) {
  const owner = user ?? createUser({ name: profile.farmName ?? "Productor de prueba" });
  const membership = createMembership({ userId: owner.id, marketId, role: "producer", status });
  const farmName = profile.farmName ?? `Chacra ${unique()}`;
  const producer = db()
    .insert(producers)
    .values({
      marketId,
      userId: owner.id,
      membershipId: membership.id,
      slug: profile.slug ?? slugify(`${farmName}-${unique()}`),
      farmName,
      province: "Cusco",
      ...profile,
    })
    .returning()
    .get();
  for (const cert of certs) {
    db()
      .insert(certifications)
      .values({ producerId: producer.id, ...cert })
      .run();
  }
  return { user: owner, membership, producer };
}

export function createCategory(
  values: Partial<typeof categories.$inferInsert> & { marketId: number },
) {
  const slug = values.slug ?? `categoria-${unique()}`;
  return db()
    .insert(categories)
    .values({ nameEs: slug, nameQu: slug, nameEn: slug, ...values, slug })
    .returning()
    .get();
}

export function createProduct(
  values: Partial<typeof products.$inferInsert> & { producerId: number; categoryId: number },
) {
  return db()
    .insert(products)
    .values({ name: `Producto ${unique()}`, unit: "kg" as Unit, ...values })
    .returning()
    .get();
}

/**
 * A market day on a local date: orders open a week before, close the evening before at 20:00,
 * pickup from 07:00 to 13:00 in slots of `slotMinutes` with `slotCapacity` orders each.
 */
export function createMarketDay({
  marketId,
  date,
  status = "open",
  place = "Plataforma de Huancaro, Santiago, Cusco",
  ordersOpenAt,
  cutoffAt,
  pickupStart = "07:00",
  pickupEnd = "13:00",
  slotMinutes = 30,
  slotCapacity = 40,
}: {
  marketId: number;
  date: string;
  status?: (typeof marketDays.$inferInsert)["status"];
  place?: string;
  ordersOpenAt?: Date;
  cutoffAt?: Date;
  pickupStart?: string;
  pickupEnd?: string;
  slotMinutes?: number;
  slotCapacity?: number;
}) {
  const cutoff = cutoffAt ?? limaInstant(addDays(date, -1), "20:00");
  const day = db()
    .insert(marketDays)
    .values({
      marketId,
      date,
      status,
      place,
      ordersOpenAt: ordersOpenAt ?? new Date(cutoff.getTime() - 7 * 24 * 3600_000),
      cutoffAt: cutoff,
      pickupStartAt: limaInstant(date, pickupStart),
      pickupEndAt: limaInstant(date, pickupEnd),
    })
    .returning()
    .get();
  const slots = [];
  const end = day.pickupEndAt.getTime();
  for (let start = day.pickupStartAt.getTime(); start < end; start += slotMinutes * 60_000) {
    slots.push(
      db()
        .insert(pickupSlots)
        .values({
          marketDayId: day.id,
          startsAt: new Date(start),
          endsAt: new Date(Math.min(start + slotMinutes * 60_000, end)),
          capacity: slotCapacity,
        })
        .returning()
        .get(),
    );
  }
  return { day, slots };
}

export function createOffer(
  values: Partial<typeof offers.$inferInsert> & {
    marketDayId: number;
    productId: number;
    producerId: number;
  },
) {
  return db()
    .insert(offers)
    .values({ priceCents: 500, quantity: 20, ...values })
    .returning()
    .get();
}

/**
 * An order written directly, with its stock and slot counted: for history and test setup.
 * Reservations under test go through the reservation model instead.
 */
export function createOrder({
  marketId,
  consumerId,
  marketDayId,
  slotId,
  items,
  status = "confirmed",
  paymentMethod = "cash",
  pickupCode,
}: {
  marketId: number;
  consumerId: number;
  marketDayId: number;
  slotId: number;
  items: { offer: typeof offers.$inferSelect; productName: string; unit: Unit; quantity: number }[];
  status?: (typeof orders.$inferInsert)["status"];
  paymentMethod?: "cash" | "card";
  pickupCode?: string;
}) {
  return db().transaction(
    (tx) => {
      const totalCents = items.reduce((sum, i) => sum + i.offer.priceCents * i.quantity, 0);
      const delivered = status === "picked_up";
      const order = tx
        .insert(orders)
        .values({
          marketId,
          consumerId,
          marketDayId,
          slotId,
          status,
          paymentMethod,
          paymentStatus: delivered || paymentMethod === "card" ? "paid" : "unpaid",
          totalCents,
          pickupCode: pickupCode ?? unique().slice(-6).toUpperCase(),
          idempotencyKey: `factory-${unique()}`,
          pickedUpAt: delivered ? new Date() : null,
          cashReceivedCents: delivered && paymentMethod === "cash" ? totalCents : null,
        })
        .returning()
        .get();
      for (const item of items) {
        tx.insert(orderItems)
          .values({
            orderId: order.id,
            offerId: item.offer.id,
            producerId: item.offer.producerId,
            productName: item.productName,
            unit: item.unit,
            unitPriceCents: item.offer.priceCents,
            quantity: item.quantity,
            deliveredQuantity: delivered ? item.quantity : null,
            fulfilment: delivered ? "delivered" : "pending",
          })
          .run();
        tx.update(offers)
          .set({ reserved: sql`${offers.reserved} + ${item.quantity}` })
          .where(eq(offers.id, item.offer.id))
          .run();
      }
      tx.update(pickupSlots)
        .set({ booked: sql`${pickupSlots.booked} + 1` })
        .where(eq(pickupSlots.id, slotId))
        .run();
      return order;
    },
    { behavior: "immediate" },
  );
}

/**
 * A family basket of a market day with its contents (offer × units per basket), on sale
 * unless another status is given.
 */
export function createBundle({
  marketId,
  marketDayId,
  contents,
  priceCents = 2500,
  name = "Canasta familiar",
  status = "active",
  maxCount = null,
  perCustomerLimit = null,
  description = "",
}: {
  marketId: number;
  marketDayId: number;
  contents: { offerId: number; quantity: number }[];
  priceCents?: number;
  name?: string;
  status?: BundleStatus;
  maxCount?: number | null;
  perCustomerLimit?: number | null;
  description?: string;
}) {
  return db().transaction(
    (tx) => {
      const bundle = tx
        .insert(bundles)
        .values({
          marketId,
          marketDayId,
          name,
          description,
          priceCents,
          status,
          maxCount,
          perCustomerLimit,
        })
        .returning()
        .get();
      for (const c of contents)
        tx.insert(bundleItems)
          .values({ bundleId: bundle.id, ...c })
          .run();
      return bundle;
    },
    { behavior: "immediate" },
  );
}

// The scenario builder, built on the factories above.
export * from "./scenario";
