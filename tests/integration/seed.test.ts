import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { CUSCO_PROVINCES } from "../../app/lib/cusco";
import { limaInstant } from "../../app/lib/time";
import { listPublicBundles } from "../../app/models/bundles.server";
import { DEMO_ACCOUNTS, seedDemo } from "../../db/seed-demo";
import { marketDays, markets, pickupSlots, producers, products, users } from "../../db/schema";
import { verifyPassword } from "../../app/lib/password.server";

const NOW = new Date("2026-12-01T15:00:00Z"); // Tuesday 10:00 in Lima

describe("demo data", () => {
  it("seeds a realistic Cusco market once, and never twice", async () => {
    expect(seedDemo({ now: NOW })).toEqual({ seeded: true });
    expect(seedDemo({ now: NOW })).toEqual({ seeded: false });
    expect(db().select().from(markets).all()).toHaveLength(1);
    expect(db().select().from(markets).get()!.name).toBe("Mercado Campesino de Cusco (demo)");

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

    // Stock and slot counters agree with the stored orders.
    const drift = db().all(sql`
      SELECT o.id FROM offers o
      LEFT JOIN (SELECT offer_id, sum(quantity) AS q FROM order_items GROUP BY offer_id) i ON i.offer_id = o.id
      WHERE o.reserved != coalesce(i.q, 0) OR o.reserved > o.quantity`);
    expect(drift).toEqual([]);

    // The README's demo accounts work with the README's password.
    for (const account of Object.values(DEMO_ACCOUNTS)) {
      const column = "phone" in account ? users.phone : users.email;
      const value = "phone" in account ? account.phone : account.email;
      const user = db().select().from(users).where(eq(column, value)).get();
      expect(user, value).toBeDefined();
      expect(await verifyPassword(user!.passwordHash, "feria2026")).toBe(true);
    }
  });
});
