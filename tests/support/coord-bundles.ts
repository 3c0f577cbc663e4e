/**
 * What the coordinator's family-basket tests share (coord-bundles.test.ts,
 * coord-bundles-scope.test.ts): a scratch directory for photos, two markets' days, offers and
 * baskets, the coordinators' cookies, and the requests and reads of the tests.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { beforeAll, expect } from "vitest";
import { db } from "../../app/infra/db.server";
import { resetEnv } from "../../app/infra/env.server";
import { getTranslator } from "../../app/infra/i18n.server";
import { reserveOrder } from "../../app/features/ordering/reserve.server";
import * as list from "../../app/routes/coordinacion.canastas._index";
import * as page from "../../app/routes/coordinacion.canastas.$id";
import { auditLog, bundleItems, bundles, offers } from "../../db/schema";
import {
  createCoordinator,
  createMarketDay,
  createOffer,
  createProduct,
  createUser,
  openMarketDayScenario,
} from "../factories";
import { formRequest, getRequest, loggedInCookie, run } from "../helpers";

// Photos go to a scratch directory of the test file that imports this.
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "qhatu-bundles-"));
resetEnv();

/** The scene of these tests, built before them by setUpCoordBundles(). */
export let s: Awaited<ReturnType<typeof coordBundlesScene>>;

/**
 * Market A's day taking orders with papa, queso, habas and a paused yogur from two farms, and
 * next week's day with papa nativa; market B's day with its own offer and basket.
 */
async function coordBundlesScene() {
  // Orders open now, so reservations can be made against the day.
  const a = openMarketDayScenario({
    market: { commissionBps: 1000 },
    producers: {
      papaFarm: { profile: { farmName: "Chacra Papa" } },
      quesoFarm: { profile: { farmName: "Quesos Ccorca" } },
    },
    date: "2031-03-01",
    offers: {
      papa: { name: "Papa huayro", priceCents: 250, quantity: 10 },
      queso: { name: "Queso fresco", producer: "quesoFarm", priceCents: 1500, quantity: 4 },
      habas: { name: "Habas", priceCents: 300, quantity: 30 },
      paused: {
        name: "Yogur de aguaymanto",
        producer: "quesoFarm",
        priceCents: 800,
        status: "paused",
      },
    },
  });
  const { producer: papaFarm } = a.producers.papaFarm;
  const { day: nextWeek } = createMarketDay({ marketId: a.market.id, date: "2031-03-08" });
  const nextWeekPapa = createOffer({
    marketDayId: nextWeek.id,
    producerId: papaFarm.id,
    productId: createProduct({
      producerId: papaFarm.id,
      categoryId: a.categories.category.id,
      name: "Papa nativa",
    }).id,
    priceCents: 250,
    quantity: 10,
  });

  // Market B: its own day, offer and basket.
  const b = openMarketDayScenario({
    date: "2031-03-01",
    window: "calendar",
    offers: { offerB: {} },
    bundles: { bundleB: { contents: { offerB: 1 } } },
  });
  const coordA = createCoordinator({ marketId: a.market.id });
  const coordB = createCoordinator({ marketId: b.market.id });
  return {
    marketA: a.market,
    coordA,
    day: a.day,
    slots: a.slots,
    nextWeek,
    ...a.offers,
    nextWeekPapa,
    offerB: b.offers.offerB,
    bundleB: b.bundles.bundleB,
    cookieA: await loggedInCookie(coordA.id),
    cookieB: await loggedInCookie(coordB.id),
  };
}

/** For the test file that calls it: the scene, built before its tests. */
export function setUpCoordBundles() {
  beforeAll(async () => {
    s = await coordBundlesScene();
  });
}

export const bundleRow = (id: number) =>
  db().select().from(bundles).where(eq(bundles.id, id)).get();
export const itemsOf = (id: number) =>
  db().select().from(bundleItems).where(eq(bundleItems.bundleId, id)).all();
export const auditCount = () => db().select({ n: count() }).from(auditLog).get()!.n;
export const reservedOf = (offerId: number) =>
  db().select().from(offers).where(eq(offers.id, offerId)).get()!.reserved;

export const postList = (fields: Record<string, string>, cookie = s.cookieA) =>
  run(list.action, formRequest("/coordinacion/canastas", fields, { cookie }));
export const postBundle = (id: number, fields: Record<string, string>, cookie = s.cookieA) =>
  run(page.action, formRequest(`/coordinacion/canastas/${id}`, fields, { cookie }), {
    params: { id: String(id) },
  });
export const loadBundle = async (id: number, cookie = s.cookieA) => {
  const response = await run(page.loader, getRequest(`/coordinacion/canastas/${id}`, { cookie }), {
    params: { id: String(id) },
  });
  expect(response.status).toBe(200);
  return response.json();
};
export const loadList = async (query = "", cookie = s.cookieA) => {
  const response = await run(list.loader, getRequest(`/coordinacion/canastas${query}`, { cookie }));
  expect(response.status).toBe(200);
  return response.json();
};

/** A new draft through the list page's form; its id from the redirect. */
export async function newDraft(name = "Canasta andina", price = "20.00") {
  const response = await postList({
    intent: "create",
    marketDayId: String(s.day.id),
    name,
    price,
  });
  expect(response.status).toBe(302);
  const id = Number(response.headers.get("Location")!.split("/").at(-1));
  expect(Number.isSafeInteger(id)).toBe(true);
  return id;
}

export const details = (overrides: Record<string, string> = {}) => ({
  intent: "save",
  name: "Canasta andina",
  description: "Papa y queso para la semana",
  price: "20.00",
  maxCount: "",
  ...overrides,
});

/** The message a key stands for, in each language: never the key itself. */
export async function expectTranslated(key: string, values: Record<string, unknown> = {}) {
  for (const language of ["es", "qu", "en"]) {
    const { t } = await getTranslator(
      getRequest("/", { headers: { "Accept-Language": language } }),
    );
    const message = t(key, values);
    expect(message, `${key} in ${language}`).not.toBe(key);
    expect(message.length).toBeGreaterThan(5);
  }
}

let key = 0;
export const reserve = (
  bundleId: number,
  quantity: number,
  lines: { offerId: number; quantity: number }[] = [],
) => {
  const result = reserveOrder({
    consumerId: createUser().id,
    marketDayId: s.day.id,
    slotId: s.slots[0].id,
    lines,
    bundles: [{ bundleId, quantity }],
    paymentMethod: "cash",
    idempotencyKey: `coord-bundles-${Date.now()}-${++key}-abcdefgh`,
  });
  if (!result.ok) throw new Error(`reservation refused: ${JSON.stringify(result)}`);
  return result.order;
};
