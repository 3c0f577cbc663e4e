/**
 * The coordinator's family-basket pages, what stays out of reach: another market's coordinator
 * can read or write nothing of this market's baskets, and orders already made keep their total,
 * basket line and items whatever the basket becomes.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import * as list from "../../app/routes/coordinacion.canastas._index";
import * as page from "../../app/routes/coordinacion.canastas.$id";
import { orderBundles, orderItems, orders } from "../../db/schema";
import { getRequest, run } from "../helpers";
import {
  s,
  setUpCoordBundles,
  bundleRow,
  itemsOf,
  auditCount,
  reservedOf,
  postList,
  postBundle,
  loadBundle,
  loadList,
  newDraft,
  details,
  reserve,
} from "../support/coord-bundles";

setUpCoordBundles();

describe("scoping to the coordinator's market", () => {
  it("gives another market's coordinator a 404 for this market's basket, and lets them write nothing", async () => {
    const id = await newDraft("Canasta de A", "20.00");
    await postBundle(id, { intent: "addContent", offerId: String(s.papa.id), quantity: "2" });
    const before = { row: bundleRow(id), items: itemsOf(id), audit: auditCount() };

    const seen = await run(
      page.loader,
      getRequest(`/coordinacion/canastas/${id}`, { cookie: s.cookieB }),
      { params: { id: String(id) } },
    );
    expect(seen.status).toBe(404);
    const attempts: Record<string, string>[] = [
      details({ name: "Robada", price: "1.00" }),
      { intent: "addContent", offerId: String(s.offerB.id), quantity: "1" },
      { intent: "addContent", offerId: String(s.queso.id), quantity: "1" },
      { intent: "setQuantity", offerId: String(s.papa.id), quantity: "9" },
      { intent: "removeContent", offerId: String(s.papa.id) },
      { intent: "publish" },
      { intent: "delete" },
    ];
    for (const fields of attempts) {
      const response = await postBundle(id, fields, s.cookieB);
      expect(response.status, JSON.stringify(fields)).toBe(404);
    }
    // Nor create a basket on this market's day, nor see its day's list.
    expect(
      (
        await postList(
          { intent: "create", marketDayId: String(s.day.id), name: "Ajena", price: "5.00" },
          s.cookieB,
        )
      ).status,
    ).toBe(404);
    const theirList = await loadList("?fecha=2031-03-01", s.cookieB);
    expect(theirList.baskets.map((b: { id: number }) => b.id)).toEqual([s.bundleB.id]);
    expect(
      (
        await run(
          list.loader,
          getRequest("/coordinacion/canastas?fecha=2031-03-08", { cookie: s.cookieB }),
        )
      ).status,
    ).toBe(404);

    // This market's coordinator cannot reach market B's basket or put B's offer in a basket.
    expect(
      (
        await run(
          page.loader,
          getRequest(`/coordinacion/canastas/${s.bundleB.id}`, { cookie: s.cookieA }),
          { params: { id: String(s.bundleB.id) } },
        )
      ).status,
    ).toBe(404);
    expect((await postBundle(s.bundleB.id, { intent: "pause" })).status).toBe(404);
    expect(
      (await postBundle(id, { intent: "addContent", offerId: String(s.offerB.id), quantity: "1" }))
        .status,
    ).toBe(404);

    expect(bundleRow(id)).toEqual(before.row);
    expect(itemsOf(id)).toEqual(before.items);
    expect(bundleRow(s.bundleB.id)!.status).toBe("active");
    expect(auditCount()).toBe(before.audit);
  });
});

describe("orders already made", () => {
  it("keep their total, basket line and items whatever the basket's price or contents become", async () => {
    const id = await newDraft("Canasta del sábado", "20.00");
    await postBundle(id, { intent: "addContent", offerId: String(s.habas.id), quantity: "2" });
    await postBundle(id, { intent: "addContent", offerId: String(s.queso.id), quantity: "1" });
    expect((await postBundle(id, { intent: "publish" })).status).toBe(302);
    const order = reserve(id, 1, [{ offerId: s.habas.id, quantity: 1 }]);
    const snapshot = () => ({
      order: db().select().from(orders).where(eq(orders.id, order.id)).get(),
      baskets: db().select().from(orderBundles).where(eq(orderBundles.orderId, order.id)).all(),
      items: db().select().from(orderItems).where(eq(orderItems.orderId, order.id)).all(),
    });
    const before = snapshot();
    expect(before.order!.totalCents).toBe(2000 + 300);
    expect(before.baskets).toMatchObject([{ unitPriceCents: 2000, quantity: 1 }]);
    const stock = { habas: reservedOf(s.habas.id), queso: reservedOf(s.queso.id) };

    expect((await postBundle(id, details({ name: "Canasta nueva", price: "35.50" }))).status).toBe(
      302,
    );
    expect(
      (await postBundle(id, { intent: "setQuantity", offerId: String(s.habas.id), quantity: "5" }))
        .status,
    ).toBe(302);
    expect(
      (await postBundle(id, { intent: "removeContent", offerId: String(s.queso.id) })).status,
    ).toBe(302);
    expect(
      (await postBundle(id, { intent: "addContent", offerId: String(s.papa.id), quantity: "1" }))
        .status,
    ).toBe(302);

    expect(bundleRow(id)).toMatchObject({ name: "Canasta nueva", priceCents: 3550 });
    expect(snapshot()).toEqual(before);
    // Stock stays exact: the edits reserve and release nothing.
    expect({ habas: reservedOf(s.habas.id), queso: reservedOf(s.queso.id) }).toEqual(stock);
    expect((await loadBundle(id)).bundle.taken).toBe(1);
  });
});
