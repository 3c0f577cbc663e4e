/**
 * Producer forms kept by the phone while offline and sent later (issue 15, section 4), through
 * the real actions: a request key makes the same form sent twice one change, and a form the
 * outbox sends (`X-Qhatu-Queued: 1`) is answered `{ ok, message }` in the producer's words.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import { reserveOrder } from "../../app/features/ordering/reserve.server";
import { marketDays, offers, pickupSlots, producerRequests } from "../../db/schema";
import * as home from "../../app/routes/productor._index";
import * as offerPage from "../../app/routes/productor.ofertas";
import { REQUEST_KEYS_KEPT_MS } from "../../app/features/producers/producer-requests.server";
import { createUser } from "../factories";
import { formRequest, getRequest, loggedInCookie, run } from "../helpers";
import { s, setUpProducerScene } from "../support/producer-scene";

setUpProducerScene();

const QUEUED = { "X-Qhatu-Queued": "1" };
let keys = 0;
/** A fresh request key, as a page renders one. */
const newKey = () => `test-key-${Date.now()}-${++keys}`.padEnd(20, "0");

/** Posts a form as the outbox replays it: queued header, the producer's cookie. */
function sendQueued(
  route: { action: unknown },
  url: string,
  fields: Record<string, string>,
  cookie: string | undefined,
  headers: Record<string, string> = {},
) {
  return run(
    route.action,
    formRequest(url, fields, { cookie, headers: { ...QUEUED, ...headers } }),
  );
}

const juansOffersNext = () =>
  db()
    .select()
    .from(offers)
    .where(and(eq(offers.marketDayId, s.next.day.id), eq(offers.producerId, s.juan.producer.id)))
    .all();
const offerOf = (productId: number) => juansOffersNext().find((o) => o.productId === productId)!;

describe("the same request key twice is one change", () => {
  it("copies last week once, and the second send answers as the first", async () => {
    const requestKey = newKey();
    const first = await sendQueued(home, "/productor", { requestKey }, s.juanCookie);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      ok: true,
      message: "2 productos ofrecidos como la semana pasada",
    });
    expect(juansOffersNext()).toHaveLength(2);
    // Sent again (the answer was lost): the same words, nothing added.
    const again = await sendQueued(home, "/productor", { requestKey }, s.juanCookie);
    expect(await again.json()).toEqual({
      ok: true,
      message: "2 productos ofrecidos como la semana pasada",
    });
    expect(juansOffersNext()).toHaveLength(2);
    // A browser post without the header still redirects with its flash, as before.
    const plain = await run(
      home.action,
      formRequest("/productor", { requestKey }, { cookie: s.juanCookie }),
    );
    expect(plain.status).toBe(302);
    expect(plain.headers.get("Location")).toBe("/productor");
  });

  it("applies an offer change once: a later change is not undone by the first sent again", async () => {
    const oca = offerOf(s.oca.id);
    const first = newKey();
    const change = { intent: "update", offerId: String(oca.id), price: "3.50", quantity: "15" };
    const saved = await sendQueued(
      offerPage,
      "/productor/ofertas",
      { ...change, requestKey: first },
      s.juanCookie,
    );
    expect(saved.status).toBe(200);
    expect(await saved.json()).toEqual({ ok: true, message: "Oca: cambios guardados" });
    // The producer changes it again, online.
    const later = await run(
      offerPage.action,
      formRequest(
        "/productor/ofertas",
        { ...change, quantity: "18", requestKey: newKey() },
        { cookie: s.juanCookie },
      ),
    );
    expect(later.status).toBe(302);
    // The first form arrives once more: answered as before, and the later quantity stands.
    const replay = await sendQueued(
      offerPage,
      "/productor/ofertas",
      { ...change, requestKey: first },
      s.juanCookie,
    );
    expect(await replay.json()).toEqual({ ok: true, message: "Oca: cambios guardados" });
    expect(offerOf(s.oca.id)).toMatchObject({ quantity: 18, priceCents: 350 });
  });

  it("pauses once per key, and words each intent", async () => {
    const papa = offerOf(s.papa.id);
    const pause = { intent: "pause", offerId: String(papa.id), requestKey: newKey() };
    expect(
      await (await sendQueued(offerPage, "/productor/ofertas", pause, s.juanCookie)).json(),
    ).toEqual({ ok: true, message: "Papa huayro: pausado" });
    const resume = { intent: "resume", offerId: String(papa.id), requestKey: newKey() };
    expect(
      await (await sendQueued(offerPage, "/productor/ofertas", resume, s.juanCookie)).json(),
    ).toEqual({ ok: true, message: "Papa huayro: otra vez a la venta" });
    // The pause sent again does not pause it a second time.
    await sendQueued(offerPage, "/productor/ofertas", pause, s.juanCookie);
    expect(offerOf(s.papa.id).status).toBe("active");
  });

  it("refuses a key used by another producer, or for another change, writing nothing", async () => {
    const oca = offerOf(s.oca.id);
    const requestKey = newKey();
    await sendQueued(
      offerPage,
      "/productor/ofertas",
      { intent: "update", offerId: String(oca.id), price: "3.50", quantity: "19", requestKey },
      s.juanCookie,
    );
    const before = db().select().from(offers).all();
    const anasTry = await sendQueued(
      offerPage,
      "/productor/ofertas",
      { intent: "update", offerId: String(s.anasOffer.id), price: "1", quantity: "1", requestKey },
      s.anaCookie,
    );
    expect(anasTry.status).toBe(409);
    expect(await anasTry.json()).toEqual({
      ok: false,
      message: "Queso: ese envío no corresponde a tu cuenta",
    });
    // Juan's own key on another of his offers is no "already done" either.
    const otherOffer = await sendQueued(
      offerPage,
      "/productor/ofertas",
      { intent: "pause", offerId: String(offerOf(s.papa.id).id), requestKey },
      s.juanCookie,
    );
    expect(otherOffer.status).toBe(409);
    // A browser form with a reused key is a 409, not a 500.
    const plain = await run(
      home.action,
      formRequest("/productor", { requestKey }, { cookie: s.anaCookie }),
    );
    expect(plain.status).toBe(409);
    expect(db().select().from(offers).all()).toEqual(before);
    expect(
      db().select().from(producerRequests).where(eq(producerRequests.requestKey, requestKey)).get(),
    ).toMatchObject({ producerId: s.juan.producer.id, target: `update:${oca.id}` });
  });

  it("answers another producer's offer id as not found, in words", async () => {
    const before = db().select().from(offers).where(eq(offers.id, s.anasOffer.id)).get();
    const response = await sendQueued(
      offerPage,
      "/productor/ofertas",
      { intent: "pause", offerId: String(s.anasOffer.id), requestKey: newKey() },
      s.juanCookie,
    );
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      ok: false,
      message: "esa oferta no es tuya o ya no existe",
    });
    expect(db().select().from(offers).where(eq(offers.id, s.anasOffer.id)).get()).toEqual(before);
  });

  it("lets go of keys older than any change still to come", async () => {
    db()
      .insert(producerRequests)
      .values({
        requestKey: "old-key-0000000000",
        producerId: s.juan.producer.id,
        target: "copy:1",
        createdAt: new Date(Date.now() - REQUEST_KEYS_KEPT_MS - 60_000),
      })
      .run();
    await sendQueued(
      offerPage,
      "/productor/ofertas",
      { intent: "resume", offerId: String(offerOf(s.papa.id).id), requestKey: newKey() },
      s.juanCookie,
    );
    expect(
      db()
        .select()
        .from(producerRequests)
        .where(eq(producerRequests.requestKey, "old-key-0000000000"))
        .get(),
    ).toBeUndefined();
  });
});

describe("refusals come back in words", () => {
  it("says families reserved more meanwhile, with how many", async () => {
    const oca = offerOf(s.oca.id);
    const slot = db()
      .select()
      .from(pickupSlots)
      .where(eq(pickupSlots.marketDayId, s.next.day.id))
      .get()!;
    const reserved = reserveOrder({
      consumerId: s.buyer.id,
      marketDayId: s.next.day.id,
      slotId: slot.id,
      lines: [{ offerId: oca.id, quantity: 6 }],
      idempotencyKey: `queued-test-${Date.now()}`,
    });
    expect(reserved.ok).toBe(true);
    const change = { intent: "update", offerId: String(oca.id), price: "3", quantity: "4" };
    const response = await sendQueued(
      offerPage,
      "/productor/ofertas",
      { ...change, requestKey: newKey() },
      s.juanCookie,
    );
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      ok: false,
      message: "Oca: las familias ya reservaron 6; la cantidad no puede ser menor",
    });
    expect(offerOf(s.oca.id).quantity).toBe(19);
    // In the producer's language.
    const english = await sendQueued(
      offerPage,
      "/productor/ofertas",
      { ...change, requestKey: newKey() },
      s.juanCookie,
      { "Accept-Language": "en" },
    );
    expect((await english.json()).message).toBe(
      "Oca: families have already reserved 6; the quantity cannot be lower",
    );
  });

  it("says the cutoff passed meanwhile, yet a change made in time and sent again stands", async () => {
    const papa = offerOf(s.papa.id);
    const inTime = {
      intent: "update",
      offerId: String(papa.id),
      price: "2.80",
      quantity: "30",
      requestKey: newKey(),
    };
    await sendQueued(offerPage, "/productor/ofertas", inTime, s.juanCookie);
    const original = s.next.day.cutoffAt;
    db()
      .update(marketDays)
      .set({ cutoffAt: new Date(Date.now() - 1000) })
      .where(eq(marketDays.id, s.next.day.id))
      .run();
    try {
      const late = await sendQueued(
        offerPage,
        "/productor/ofertas",
        { ...inTime, quantity: "25", requestKey: newKey() },
        s.juanCookie,
      );
      expect(late.status).toBe(409);
      expect(await late.json()).toEqual({
        ok: false,
        message:
          "Papa huayro: la hora límite pasó mientras tanto; ya no se pueden cambiar las ofertas",
      });
      const copyLate = await sendQueued(home, "/productor", { requestKey: newKey() }, s.juanCookie);
      expect(await copyLate.json()).toMatchObject({ ok: false });
      const again = await sendQueued(offerPage, "/productor/ofertas", inTime, s.juanCookie);
      expect(await again.json()).toEqual({ ok: true, message: "Papa huayro: cambios guardados" });
      expect(offerOf(s.papa.id)).toMatchObject({ quantity: 30, priceCents: 280 });
    } finally {
      db()
        .update(marketDays)
        .set({ cutoffAt: original })
        .where(eq(marketDays.id, s.next.day.id))
        .run();
    }
  });

  it("keeps a form sent signed out (401) and explains an account that cannot sell", async () => {
    const signedOut = await sendQueued(home, "/productor", { requestKey: newKey() }, undefined);
    expect(signedOut.status).toBe(401);
    expect(await signedOut.json()).toEqual({
      ok: false,
      message: "vuelve a ingresar para enviar tus cambios",
    });
    const pending = await loggedInCookie(s.pending.user.id);
    const notApproved = await sendQueued(home, "/productor", { requestKey: newKey() }, pending);
    expect(notApproved.status).toBe(403);
    expect((await notApproved.json()).message).toBe("tu cuenta de productor no está activa");
    const consumer = await loggedInCookie(createUser().id);
    const notProducer = await sendQueued(
      offerPage,
      "/productor/ofertas",
      { intent: "pause", offerId: "1", requestKey: newKey() },
      consumer,
    );
    expect(notProducer.status).toBe(403);
  });
});

describe("malformed and oversized input is a 4xx, never a 5xx, and writes nothing", () => {
  const many = Object.fromEntries(Array.from({ length: 450 }, (_, i) => [`f${i}`, "x"]));
  const cases: [string, { action: unknown }, string, Record<string, string>][] = [
    ["a key with odd characters", home, "/productor", { requestKey: "<script>alert(1)</script>" }],
    ["a key too long", home, "/productor", { requestKey: "k".repeat(5000) }],
    ["a key too short", offerPage, "/productor/ofertas", { intent: "pause", requestKey: "x" }],
    ["no intent", offerPage, "/productor/ofertas", { requestKey: newKey() }],
    [
      "a huge offer id",
      offerPage,
      "/productor/ofertas",
      { intent: "update", offerId: "9".repeat(400), price: "1", quantity: "1" },
    ],
    ["too many fields", offerPage, "/productor/ofertas", many],
  ];
  it.each(cases)("%s", async (_name, route, url, fields) => {
    const before = db().select().from(offers).all();
    for (const headers of [QUEUED, {}]) {
      const response = await run(
        route.action,
        formRequest(url, fields, { cookie: s.juanCookie, headers }),
      );
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      if (headers === QUEUED) expect(await response.json()).toMatchObject({ ok: false });
    }
    expect(db().select().from(offers).all()).toEqual(before);
  });

  it("answers a body that is not a form with 415, in words when queued", async () => {
    const request = new Request("http://localhost:3000/productor/ofertas", {
      method: "POST",
      body: "{not json",
      headers: { "Content-Type": "application/json", Cookie: s.juanCookie, ...QUEUED },
    });
    const response = await run(offerPage.action, request);
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({
      ok: false,
      message: "los datos del formulario no eran válidos",
    });
  });

  it("renders a fresh key for each form of a page", async () => {
    const data = await (
      await run(offerPage.loader, getRequest("/productor/ofertas", { cookie: s.juanCookie }))
    ).json();
    const again = await (
      await run(offerPage.loader, getRequest("/productor/ofertas", { cookie: s.juanCookie }))
    ).json();
    expect(data.requestKey).toMatch(/^[\w-]{36}$/);
    expect(again.requestKey).not.toBe(data.requestKey);
    const homeData = await (
      await run(home.loader, getRequest("/productor", { cookie: s.juanCookie }))
    ).json();
    expect(homeData.requestKey).toMatch(/^[\w-]{36}\.copy$/);
  });
});
