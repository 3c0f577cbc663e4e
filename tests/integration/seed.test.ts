import { eq, sql, type SQL } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { CUSCO_PROVINCES } from "../../app/lib/cusco";
import { limaInstant } from "../../app/lib/time";
import { listPublicBundles } from "../../app/features/bundles/bundles.server";
import {
  ACTIVE_ORDER_STATUSES,
  DELIVERED_ORDER_STATUSES,
} from "../../app/features/ordering/order-status";
import { DEMO_ACCOUNTS, seedDemo } from "../../db/seed-demo";
import { marketDays, markets, pickupSlots, producers, products, users } from "../../db/schema";
import { verifyPassword } from "../../app/features/access/password.server";
import path from "node:path";
import sharp from "sharp";
import { activeWallet } from "../../app/features/wallet/wallet.server";
import {
  PHOTO_WIDTHS,
  photoDirectory,
  photoFileName,
} from "../../app/features/producers/photos.server";

const NOW = new Date("2026-12-01T15:00:00Z"); // Tuesday 10:00 in Lima

describe("demo data", () => {
  it("seeds a realistic Cusco market once, and never twice", async () => {
    expect(seedDemo({ now: NOW })).toEqual({ seeded: true });
    expect(seedDemo({ now: NOW })).toEqual({ seeded: false });
    expect(db().select().from(markets).all()).toHaveLength(1);
    expect(db().select().from(markets).get()!.name).toBe("Mercado Campesino de Cusco (demo)");
    // The demo takes Yape and Plin (demo numbers), its QR copied where photos are served from.
    const market = db().select().from(markets).get()!;
    const wallet = activeWallet(market.id);
    expect(wallet).toMatchObject({ yapeNumber: "900123456", plinNumber: "900654321" });
    for (const width of PHOTO_WIDTHS) {
      const file = path.join(photoDirectory(), photoFileName(wallet!.qrPhotoKey!, width));
      expect((await sharp(file).metadata()).format).toBe("webp");
    }

    const provinces = new Set(
      db()
        .select({ p: producers.province })
        .from(producers)
        .all()
        .map((r) => r.p),
    );
    expect([...CUSCO_PROVINCES].filter((p) => !provinces.has(p))).toEqual([]);
    expect(db().select().from(producers).all().length).toBeGreaterThanOrEqual(40);
    expect(db().select().from(products).all().length).toBeGreaterThanOrEqual(150);
    const names = db()
      .select({ n: products.name })
      .from(products)
      .all()
      .map((r) => r.n);
    for (const produce of ["Chuño negro", "Maíz blanco gigante del Cusco", "Tarwi", "Cuy entero"]) {
      expect(names).toContain(produce);
    }

    // The coming Saturday is open, with 30-minute slots from 7:00 to 13:00 Lima time.
    const days = db().select().from(marketDays).orderBy(marketDays.date).all();
    expect(days.map((d) => [d.date, d.status])).toEqual([
      ["2026-11-28", "completed"],
      ["2026-12-05", "open"],
    ]);
    const open = days[1];
    expect(open.cutoffAt).toEqual(limaInstant("2026-12-04", "20:00"));
    expect(open.ordersOpenAt.getTime()).toBeLessThan(NOW.getTime());
    const slots = db().select().from(pickupSlots).where(eq(pickupSlots.marketDayId, open.id)).all();
    expect(slots).toHaveLength(12);
    expect(slots[0].startsAt).toEqual(limaInstant("2026-12-05", "07:00"));
    expect(slots.at(-1)!.endsAt).toEqual(limaInstant("2026-12-05", "13:00"));

    // Two family baskets on the coming Saturday, each from several producers, below the
    // price of their contents alone.
    const baskets = listPublicBundles(open.id);
    expect(baskets.map((b) => b.name)).toEqual(["Canasta familiar", "Canasta andina"]);
    for (const basket of baskets) {
      expect(new Set(basket.contents.map((c) => c.producerId)).size).toBeGreaterThan(1);
      expect(basket.priceCents).toBeLessThan(basket.valueAloneCents);
      expect(basket.left).toBeGreaterThan(0);
    }

    // History: completed orders on the past market day.
    const pastOrders = db().get<{ n: number }>(
      sql`SELECT count(*) AS n FROM orders WHERE market_day_id = ${days[0].id} AND status = 'picked_up'`,
    );
    expect(pastOrders!.n).toBeGreaterThan(30);

    // Stock and slot counters agree with the stored orders: see "keeps the app's own rules".

    // The README's demo accounts work with the README's password.
    for (const account of Object.values(DEMO_ACCOUNTS)) {
      const column = "phone" in account ? users.phone : users.email;
      const value = "phone" in account ? account.phone : account.email;
      const user = db().select().from(users).where(eq(column, value)).get();
      expect(user, value).toBeDefined();
      expect(await verifyPassword(user!.passwordHash, "feria2026")).toBe(true);
    }
  });

  it("keeps the app's own rules: every offer's stock and every slot's places are what the orders hold", () => {
    seedDemo({ now: NOW });
    const list = (statuses: readonly string[]): SQL =>
      sql.join(
        statuses.map((s) => sql`${s}`),
        sql`, `,
      );
    // What an order line still holds of its offer, as the models leave it: a reservation
    // (pending payment or confirmed) holds all its units; the desk releases what it did not
    // hand over, so a picked-up order holds what it delivered (the settlement's rule: all of
    // it when no count was written); a no-show, a cancellation or an expiry gives everything
    // back. A family basket's contents are order lines like the rest, so they count too.
    const stock = db().all<{ id: number; reserved: number; held: number }>(sql`
      SELECT o.id, o.reserved, coalesce(sum(CASE
          WHEN r.status IN (${list(ACTIVE_ORDER_STATUSES)}) THEN i.quantity
          WHEN r.status IN (${list(DELIVERED_ORDER_STATUSES)}) THEN coalesce(i.delivered_quantity,
            CASE WHEN r.status = 'picked_up' THEN i.quantity ELSE 0 END)
          ELSE 0 END), 0) AS held
      FROM offers o
      LEFT JOIN order_items i ON i.offer_id = o.id
      LEFT JOIN orders r ON r.id = i.order_id
      GROUP BY o.id
      HAVING o.reserved != held OR o.reserved > o.quantity`);
    expect(stock).toEqual([]);

    // A place is given back only by a cancellation or an expiry (releaseOrder); a no-show
    // keeps it, as the desk does (the slot is over anyway) and as the dashboard counts it.
    const places = db().all<{ id: number; booked: number; holding: number }>(sql`
      SELECT s.id, s.booked, count(r.id) AS holding
      FROM pickup_slots s
      LEFT JOIN orders r ON r.slot_id = s.id AND r.status NOT IN ('cancelled', 'expired')
      GROUP BY s.id
      HAVING s.booked != holding OR s.booked > s.capacity`);
    expect(places).toEqual([]);
  });

  it("runs the past market through the desk and leaves Rosa an order on the coming one", () => {
    seedDemo({ now: NOW });
    const days = db().select().from(marketDays).orderBy(marketDays.date).all();
    const count = (where: SQL) =>
      db().get<{ n: number }>(sql`SELECT count(*) AS n FROM orders WHERE ${where}`)!.n;

    // Last Saturday: 60 orders, each handed over or marked a no-show at the desk by the
    // coordinator (one audit row each), about 1 in 12 not collected.
    const past = days[0].id;
    expect(count(sql`market_day_id = ${past}`)).toBe(60);
    const noShows = count(sql`market_day_id = ${past} AND status = 'no_show'`);
    expect(noShows).toBeGreaterThanOrEqual(3);
    expect(noShows).toBeLessThanOrEqual(8);
    expect(count(sql`market_day_id = ${past} AND status NOT IN ('picked_up', 'no_show')`)).toBe(0);
    const coordinator = db()
      .select()
      .from(users)
      .where(eq(users.email, DEMO_ACCOUNTS.coordinator.email))
      .get()!;
    const desk = db().all<{ action: string; actor: number; n: number }>(sql`
      SELECT a.action, a.actor_user_id AS actor, count(*) AS n FROM audit_log a
      JOIN orders r ON a.entity_type = 'order' AND a.entity_id = CAST(r.id AS TEXT)
      WHERE r.market_day_id = ${past} GROUP BY a.action, a.actor_user_id ORDER BY a.action`);
    expect(desk).toEqual([
      { action: "desk.no_show", actor: coordinator.id, n: noShows },
      { action: "desk.pickup", actor: coordinator.id, n: 60 - noShows },
    ]);

    // The coming Saturday: 18 standing orders from several families, Rosa's among them; three
    // paid by Yape or Plin, one verified by the treasurer and two waiting for verification.
    const next = days[1].id;
    expect(count(sql`market_day_id = ${next} AND status = 'confirmed'`)).toBe(16);
    expect(
      count(sql`market_day_id = ${next} AND status = 'pending_payment' AND payment_method = 'yape_plin'
        AND id IN (SELECT order_id FROM payment_proofs WHERE status = 'waiting')`),
    ).toBe(2);
    expect(
      count(sql`market_day_id = ${next} AND status = 'confirmed' AND payment_method = 'yape_plin'
        AND payment_status = 'paid' AND id IN (SELECT order_id FROM payment_proofs WHERE status = 'verified')`),
    ).toBe(1);
    const families = db().get<{ n: number }>(
      sql`SELECT count(DISTINCT consumer_id) AS n FROM orders WHERE market_day_id = ${next}`,
    )!.n;
    expect(families).toBeGreaterThan(5);
    const rosa = db()
      .select()
      .from(users)
      .where(eq(users.phone, DEMO_ACCOUNTS.consumer.phone))
      .get()!;
    expect(count(sql`market_day_id = ${next} AND consumer_id = ${rosa.id}`)).toBeGreaterThan(0);

    // About a third paid by card, each confirmed by a payment on record, as the webhook does.
    const card = count(sql`payment_method = 'card'`);
    expect(card).toBeGreaterThan(15);
    const paid = db().get<{ n: number }>(sql`
      SELECT count(*) AS n FROM orders r JOIN payments p ON p.order_id = r.id
      WHERE r.payment_method = 'card' AND r.payment_status = 'paid' AND p.status = 'paid'
        AND p.amount_cents >= r.total_cents`)!.n;
    expect(paid).toBe(card);

    // The seeded orders were not made by the people named: nothing is queued to tell them.
    expect(db().get<{ n: number }>(sql`SELECT count(*) AS n FROM notification_outbox`)!.n).toBe(0);
  });
});
