/**
 * POST /webhooks/stripe for a card hold with family baskets that expired before its payment
 * came: the basket's units and the single ones are taken back together when still free, and
 * nothing past a cap, a limit or a paused basket (refund due instead).
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { reserveOrder } from "../../app/features/ordering/reserve.server";
import { bundles } from "../../db/schema";
import { createBundle, createCategory, createOffer, createProduct, createUser } from "../factories";
import {
  withWebhookSecret,
  scene,
  webhookKey,
  cardOrder,
  sessionEvent,
  send,
  orderNow,
  reserved,
  expectCountersMatchOrders,
} from "../support/stripe-webhook";

withWebhookSecret();

describe("a late payment of an order with family baskets", () => {
  /** A card hold of one basket (2 oca + 1 queso) and one oca alone, then expired. */
  async function expiredOrderHold(
    maxCount: number | null = null,
    perCustomerLimit: number | null = null,
  ) {
    const s = scene({ quantity: 6 });
    const day = s.day;
    const queso = createOffer({
      marketDayId: day.id,
      producerId: s.oca.producerId,
      productId: createProduct({
        producerId: s.oca.producerId,
        categoryId: createCategory({ marketId: day.marketId }).id,
        name: "Queso",
      }).id,
      quantity: 3,
      priceCents: 1500,
    });
    const bundle = createBundle({
      marketId: day.marketId,
      marketDayId: day.id,
      priceCents: 1800,
      maxCount,
      perCustomerLimit,
      contents: [
        { offerId: s.oca.id, quantity: 2 },
        { offerId: queso.id, quantity: 1 },
      ],
    });
    const result = reserveOrder({
      consumerId: createUser().id,
      marketDayId: day.id,
      slotId: s.slots[0].id,
      lines: [{ offerId: s.oca.id, quantity: 1 }],
      bundles: [{ bundleId: bundle.id, quantity: 1 }],
      paymentMethod: "card",
      idempotencyKey: webhookKey("basket"),
    });
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(reserved(s.oca.id)).toBe(3);
    await send(sessionEvent("checkout.session.expired", result.order));
    expect(reserved(s.oca.id)).toBe(0);
    expect(reserved(queso.id)).toBe(0);
    return { s, queso, bundle, order: result.order };
  }

  it("takes back the basket's units and the single ones together when they are still free", async () => {
    const { s, queso, order } = await expiredOrderHold();
    expect(order.totalCents).toBe(1800 + 280);
    const late = await send(sessionEvent("checkout.session.completed", order));
    expect((await late.json()).outcome).toBe("retaken");
    expect(orderNow(order.id)).toMatchObject({ status: "confirmed", paymentStatus: "paid" });
    expect(reserved(s.oca.id)).toBe(3);
    expect(reserved(queso.id)).toBe(1);
    expectCountersMatchOrders(s);
  });

  it("counts the order's units of one offer together: 3 oca needed, 2 free, refund due and no error", async () => {
    const { s, queso, order } = await expiredOrderHold();
    // Someone else takes 4 of the 6 oca meanwhile: 2 are left, the late order needs 3.
    const rival = cardOrder(s, 4);
    await send(sessionEvent("checkout.session.completed", rival));
    const late = await send(sessionEvent("checkout.session.completed", order));
    expect(late.status).toBe(200);
    expect((await late.json()).outcome).toBe("refundNeeded");
    expect(reserved(s.oca.id)).toBe(4);
    expect(reserved(queso.id)).toBe(0);
  });

  it("takes nothing back past the coordinators' cap, the family's limit, or from a paused basket", async () => {
    const capped = await expiredOrderHold(1);
    const other = reserveOrder({
      consumerId: createUser().id,
      marketDayId: capped.s.day.id,
      slotId: capped.s.slots[0].id,
      lines: [],
      bundles: [{ bundleId: capped.bundle.id, quantity: 1 }],
      idempotencyKey: `webhook-basket-rival-${Date.now()}`,
    });
    expect(other.ok).toBe(true);
    const late = await send(sessionEvent("checkout.session.completed", capped.order));
    expect((await late.json()).outcome).toBe("refundNeeded");
    expect(reserved(capped.queso.id)).toBe(1);

    // The same family reserved the basket again (cash) while its card hold was expired: a late
    // payment would put it over the basket's limit of one per family.
    const limited = await expiredOrderHold(null, 1);
    const again = reserveOrder({
      consumerId: limited.order.consumerId,
      marketDayId: limited.s.day.id,
      slotId: limited.s.slots[0].id,
      lines: [],
      bundles: [{ bundleId: limited.bundle.id, quantity: 1 }],
      idempotencyKey: `webhook-basket-again-${Date.now()}`,
    });
    expect(again.ok).toBe(true);
    const lateLimited = await send(sessionEvent("checkout.session.completed", limited.order));
    expect((await lateLimited.json()).outcome).toBe("refundNeeded");
    expect(reserved(limited.queso.id)).toBe(1);

    const paused = await expiredOrderHold();
    db().update(bundles).set({ status: "paused" }).where(eq(bundles.id, paused.bundle.id)).run();
    const lateToo = await send(sessionEvent("checkout.session.completed", paused.order));
    expect((await lateToo.json()).outcome).toBe("refundNeeded");
    expect(reserved(paused.queso.id)).toBe(0);
  });
});
