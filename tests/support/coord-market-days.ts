/**
 * What the coordinator's market-day tests share (coord-market-days, coord-market-days-orders and
 * coord-market-days-cancel .test.ts): two markets with their coordinators, a consumer, email
 * and SMS configured, market A's days with orders, and the requests and reads of the tests.
 */
import { count, eq } from "drizzle-orm";
import { beforeAll } from "vitest";
import { db } from "../../app/infra/db.server";
import { resetEnv } from "../../app/infra/env.server";
import { addDays, limaDateOf } from "../../app/lib/time";
import { auditLog, marketDays, pickupSlots } from "../../db/schema";
import * as dayPage from "../../app/routes/coordinacion.ferias.$id";
import {
  createCoordinator,
  createMarket,
  createOrder,
  createUser,
  openMarketDayScenario,
} from "../factories";
import { formRequest, loggedInCookie, run } from "../helpers";

// Email and SMS configured (never contacted: these tests only look at what is queued), so the
// outbox rows show the channels people chose rather than the development log.
process.env.SMTP_URL = "smtp://localhost:2525";
process.env.TWILIO_ACCOUNT_SID = "AC0123456789";
process.env.TWILIO_AUTH_TOKEN = "twilio-token";
process.env.TWILIO_FROM = "+15005550006";
resetEnv();

export const DAY_MS = 86_400_000;
/** A Lima date `n` days from now. */
export const inDays = (n: number) => limaDateOf(new Date(Date.now() + n * DAY_MS));

/** The scene of these tests, built before them by setUpCoordMarketDays(). */
export let s: Awaited<ReturnType<typeof coordMarketDaysScene>>;

/** Markets A and B with a coordinator each, and Rosa, a consumer. */
async function coordMarketDaysScene() {
  const marketA = createMarket({ defaultPlace: "Plataforma de Huancaro" });
  const marketB = createMarket();
  const coordA = createCoordinator({ marketId: marketA.id });
  const coordB = createCoordinator({ marketId: marketB.id });
  const consumer = createUser({ name: "Rosa" });
  return {
    marketA,
    marketB,
    coordA,
    coordB,
    consumer,
    cookieA: await loggedInCookie(coordA.id),
    cookieB: await loggedInCookie(coordB.id),
    consumerCookie: await loggedInCookie(consumer.id),
  };
}

/** For the test file that calls it: the scene, built before its tests. */
export function setUpCoordMarketDays() {
  beforeAll(async () => {
    s = await coordMarketDaysScene();
  });
}

export const dayRow = (id: number) =>
  db().select().from(marketDays).where(eq(marketDays.id, id)).get()!;
export const slotsOf = (dayId: number) =>
  db()
    .select()
    .from(pickupSlots)
    .where(eq(pickupSlots.marketDayId, dayId))
    .orderBy(pickupSlots.startsAt)
    .all();
export const auditCount = () => db().select({ n: count() }).from(auditLog).get()!.n;
export const dayCount = () => db().select({ n: count() }).from(marketDays).get()!.n;

export const post = (
  route: { action: unknown },
  url: string,
  fields: Record<string, string>,
  cookie: string,
  params: Record<string, string> = {},
) => run(route.action, formRequest(url, fields, { cookie }), { params });

export const postDay = (dayId: number, fields: Record<string, string>, cookie = s.cookieA) =>
  post(dayPage, `/coordinacion/ferias/${dayId}`, fields, cookie, { id: String(dayId) });

/** A valid new-day form for a date, with everything typed. */
export const dayForm = (date: string, overrides: Record<string, string> = {}) => ({
  date,
  ordersOpenAt: `${addDays(date, -7)}T08:00`,
  cutoffAt: `${addDays(date, -1)}T20:00`,
  pickupStart: "07:00",
  pickupEnd: "13:00",
  place: "Plataforma de Huancaro",
  ...overrides,
});

/** A market day of market A with a producer's offers and `orderCount` cash orders. */
export function dayWithOrders(date: string, orderCount = 0) {
  const { day, slots, offers } = openMarketDayScenario({
    marketId: s.marketA.id,
    date,
    window: "calendar",
    offers: { offer: {} },
  });
  const { offer } = offers;
  const made = [];
  for (let i = 0; i < orderCount; i++) {
    made.push(
      createOrder({
        marketId: s.marketA.id,
        consumerId: s.consumer.id,
        marketDayId: day.id,
        slotId: slots[0].id,
        items: [{ offer, productName: "Papa", unit: "kg", quantity: 2 }],
      }),
    );
  }
  return { day, slots, offer, orders: made };
}
