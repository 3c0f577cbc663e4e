/**
 * The coordinator's producer pages through their loaders and actions: who reaches them, the
 * list, approve, suspend and reinstate (each once, however often it is asked), what suspension
 * does to reservations and the catalogue, and the messages queued for the producer. Profiles,
 * certifications and two markets are coord-producer-profiles.test.ts.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "../../app/infra/db.server";
import * as producerPage from "../../app/routes/coordinacion.productores.$id";
import * as list from "../../app/routes/coordinacion.productores._index";
import * as basket from "../../app/routes/canasta";
import * as publicProfile from "../../app/routes/productores.$slug";
import * as producerArea from "../../app/routes/productor";
import * as producerOffers from "../../app/routes/productor.ofertas";
import { offers } from "../../db/schema";
import { createCoordinator, createMarket, createProducer } from "../factories";
import { countQueries, formRequest, getRequest, loggedInCookie, run } from "../helpers";
import {
  s,
  setUpCoordProducers,
  pagePath,
  post,
  showPage,
  showList,
  statusOf,
  auditRows,
  outboxRows,
  key,
  snapshot,
  reserveOca,
  catalogueProducts,
  type ListRow,
} from "../support/coord-producers";
import { flashOf } from "../support/flash";

setUpCoordProducers();

// --- who gets in -----------------------------------------------------------------------------

describe("who reaches the producer pages", () => {
  it("refuses consumers and producers with 403 and writes nothing; sends strangers to log in", async () => {
    const producerCookie = await loggedInCookie(s.selling.user.id);
    for (const cookie of [s.consumerCookie, producerCookie]) {
      expect((await showList("", cookie)).status).toBe(403);
      expect((await showPage(s.waitingPhone.producer.id, cookie)).status).toBe(403);
      const before = snapshot();
      const refused = await post(
        s.waitingPhone.producer.id,
        { intent: "approve", requestKey: key() },
        cookie,
      );
      expect(refused.status).toBe(403);
      expect(snapshot()).toEqual(before);
    }
    const anonymous = await run(list.loader, getRequest("/coordinacion/productores"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/ingresar/);
  });

  it("answers 404 to an id that is not a number", async () => {
    const res = await run(
      producerPage.loader,
      getRequest("/coordinacion/productores/abc", { cookie: s.coordA }),
      { params: { id: "abc" } },
    );
    expect(res.status).toBe(404);
  });
});

// --- the list --------------------------------------------------------------------------------

describe("the list", () => {
  it("shows the market's producers, those waiting for approval first, with what a coordinator needs", async () => {
    const data = await (await showList()).json();
    const rows = data.producers as ListRow[];
    expect(rows.map((p) => p.status)).toEqual(["pending", "pending", "approved", "suspended"]);
    // Oldest request first among the waiting.
    expect(rows.slice(0, 2).map((p) => p.farmName)).toEqual(["Chacra Celia", "Sumaq Tika"]);
    expect(rows.find((p) => p.id === s.selling.producer.id)).toMatchObject({
      farmName: "Chacra Ñawpa Qhapaq",
      name: "Juan Mamani",
      community: "Amaru",
      province: "Calca",
      certifications: ["sgp"],
    });
    expect(rows[0].phone).toMatch(/^\+51 9\d\d \d{3} \d{3}$/);
    expect(data.counts).toEqual({ pending: 2, approved: 1, suspended: 1 });
    // Market B's producers are not there.
    expect(rows.map((p) => p.farmName)).not.toContain("Chacra del Otro Mercado");
    expect(rows.map((p) => p.farmName)).not.toContain("Chacra Ajena");
  });

  it("filters by status and searches names and farms ignoring case and accents", async () => {
    const farms = async (query: string) =>
      ((await (await showList(query)).json()).producers as ListRow[]).map((p) => p.farmName);
    expect(await farms("?estado=pending")).toEqual(["Chacra Celia", "Sumaq Tika"]);
    expect(await farms("?estado=suspended")).toEqual(["Chacra Dormida"]);
    expect(await farms("?q=NAWPA")).toEqual(["Chacra Ñawpa Qhapaq"]);
    expect(await farms("?q=ñawpa")).toEqual(["Chacra Ñawpa Qhapaq"]);
    expect(await farms("?q=celia ramos")).toEqual(["Chacra Celia"]); // the person's name
    expect(await farms("?q=%25")).toEqual([]); // a literal %, not a wildcard
    expect(await farms("?q=otro mercado")).toEqual([]); // never another market's
    expect(await farms("?estado=nonsense")).toHaveLength(4); // unknown filters are ignored
    expect((await (await showList("?q=chacra")).json()).counts).toEqual({
      pending: 1,
      approved: 1,
      suspended: 1,
    });
  });

  it("costs the same number of queries with 4 producers or 40", async () => {
    const before = await countQueries(() => showList());
    const market = createMarket();
    const coordinator = await loggedInCookie(createCoordinator({ marketId: market.id }).id);
    for (let i = 0; i < 40; i++)
      createProducer({
        marketId: market.id,
        status: i % 2 ? "pending" : "approved",
        certs: [{ kind: "organic", certifier: "Control Union", certifiedOn: "2022-02-02" }],
      });
    const after = await countQueries(() => showList("", coordinator));
    expect(after).toBe(before);
  });
});

// --- approve, suspend, reinstate -------------------------------------------------------------

describe("approving a producer", () => {
  it("approves once: audit row, one message by SMS, and the producer can sell", async () => {
    const { producer, user } = s.waitingPhone;
    const producerCookie = await loggedInCookie(user.id);
    // Before: /productor/ofertas sends a pending producer to the explanation.
    const before = await run(
      producerOffers.loader,
      getRequest("/productor/ofertas", { cookie: producerCookie }),
    );
    expect(before.headers.get("Location")).toBe("/productor");

    const requestKey = key();
    const res = await post(producer.id, { intent: "approve", requestKey });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(pagePath(producer.id));
    expect((await flashOf(res))?.key).toBe("coordProducers.notice.approved");
    expect(statusOf(producer.id)).toBe("approved");
    const audit = auditRows(producer.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "producer.approve", marketId: s.marketA.id });
    expect(JSON.parse(audit[0].data)).toEqual({ from: "pending", to: "approved" });
    const outbox = outboxRows(user.id);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      channel: "sms",
      template: "producer_approved",
      status: "pending",
    });
    expect(outbox[0].dedupeKey).toContain(`audit-${audit[0].id}`);
    expect(JSON.parse(outbox[0].payload)).toEqual({ farmName: "Chacra Celia", locale: "es" });

    // The same tap again, and the page shown before the approval submitted once more.
    const repeats: Record<string, string>[] = [
      { intent: "approve", requestKey },
      { intent: "approve" },
    ];
    for (const fields of repeats) {
      const again = await post(producer.id, fields);
      expect(again.headers.get("Location")).toBe(pagePath(producer.id));
      expect((await flashOf(again))?.key).toBe("coordProducers.notice.unchanged");
    }
    expect(auditRows(producer.id)).toHaveLength(1);
    expect(outboxRows(user.id)).toHaveLength(1);

    // The producer is in.
    const after = await run(
      producerOffers.loader,
      getRequest("/productor/ofertas", { cookie: producerCookie }),
    );
    expect(after.status).toBe(200);
    const area = await (
      await run(producerArea.loader, getRequest("/productor", { cookie: producerCookie }))
    ).json();
    expect(area.status).toBe("approved");
  });

  it("writes to a producer with an email by email, in their language, and goes back to the list it came from", async () => {
    const { producer, user } = s.waitingEmail;
    const res = await post(producer.id, {
      intent: "approve",
      requestKey: key(),
      redirectTo: "/coordinacion/productores?estado=pending",
    });
    expect(res.headers.get("Location")).toBe("/coordinacion/productores?estado=pending");
    const [message] = outboxRows(user.id);
    expect(message).toMatchObject({ channel: "email", template: "producer_approved" });
    expect(JSON.parse(message.payload)).toEqual({ farmName: "Sumaq Tika", locale: "qu" });
    // The list it lands on then names who was approved, and their status now.
    expect(await flashOf(res)).toEqual({
      key: "coordProducers.notice.approved",
      values: { farm: "Sumaq Tika", status: "Aprobado" },
    });
  });

  it("never sends the coordinator off the producer pages", async () => {
    const { producer } = createProducer({ marketId: s.marketA.id, status: "pending" });
    for (const redirectTo of ["https://evil.example/", "//evil.example", "/feria", "/\t/evil"]) {
      const res = await post(producer.id, { intent: "approve", redirectTo });
      expect(res.headers.get("Location")).toBe(pagePath(producer.id));
    }
  });
});

describe("suspending and reinstating", () => {
  it("a suspended producer's offers take no reservations and leave the catalogue; reinstated, they are back", async () => {
    const { producer, user } = s.selling;
    expect(await catalogueProducts()).toContain("Oca rosada");
    expect(reserveOca(1)).toMatchObject({ ok: true });

    const res = await post(producer.id, {
      intent: "suspend",
      reason: "No trajo lo reservado dos semanas",
      requestKey: key(),
    });
    expect(res.headers.get("Location")).toBe(pagePath(producer.id));
    expect((await flashOf(res))?.key).toBe("coordProducers.notice.suspended");
    expect(statusOf(producer.id)).toBe("suspended");

    // Reservation refuses the offer; nothing was reserved.
    const reservedBefore = s.ocaOffer.reserved + 1;
    expect(reserveOca(1)).toMatchObject({
      ok: false,
      error: "short",
      shortages: [{ offerId: s.ocaOffer.id, reason: "unavailable", available: 0 }],
    });
    const offerRow = db().select().from(offers).where(eq(offers.id, s.ocaOffer.id)).get()!;
    expect(offerRow.reserved).toBe(reservedBefore);
    // Nor can it go into a basket.
    const added = await run(
      basket.action,
      formRequest("/canasta", {
        intent: "add",
        offerId: String(s.ocaOffer.id),
        quantity: "1",
        respond: "json",
      }),
    );
    expect(added.status).toBe(409);
    // Hidden from the catalogue and the public profile; the producer is told why.
    expect(await catalogueProducts()).not.toContain("Oca rosada");
    expect(
      (
        await run(publicProfile.loader, getRequest("/productores/chacra-nawpa-qhapaq"), {
          params: { slug: "chacra-nawpa-qhapaq" },
        })
      ).status,
    ).toBe(404);
    const producerCookie = await loggedInCookie(user.id);
    const area = await (
      await run(producerArea.loader, getRequest("/productor", { cookie: producerCookie }))
    ).json();
    expect(area.status).toBe("suspended");

    // The coordinator's page keeps the reason.
    const page = await (await showPage(producer.id)).json();
    expect(page.producer).toMatchObject({
      status: "suspended",
      suspensionReason: "No trajo lo reservado dos semanas",
      activeOrders: 1,
    });

    // Reinstated: back in the catalogue and taking reservations.
    const back = await post(producer.id, { intent: "reinstate", requestKey: key() });
    expect(back.headers.get("Location")).toBe(pagePath(producer.id));
    expect((await flashOf(back))?.key).toBe("coordProducers.notice.reinstated");
    expect(statusOf(producer.id)).toBe("approved");
    expect(await catalogueProducts()).toContain("Oca rosada");
    expect(reserveOca(2)).toMatchObject({ ok: true });
  });

  it("queues one message per transition, a new one for each later change, none for retries", async () => {
    const { producer, user } = createProducer({
      marketId: s.marketA.id,
      status: "pending",
      profile: { farmName: "Chacra Vaivén" },
    });
    const templates = () =>
      outboxRows(user.id)
        .sort((a, b) => a.id - b.id)
        .map((m) => [m.template, JSON.parse(m.payload).reinstated ?? false]);
    const approveKey = key();
    const suspendKey = key();
    await post(producer.id, { intent: "approve", requestKey: approveKey });
    await post(producer.id, { intent: "suspend", requestKey: suspendKey, reason: "Prueba" });
    await post(producer.id, { intent: "suspend", requestKey: suspendKey, reason: "Prueba" });
    await post(producer.id, { intent: "reinstate", requestKey: key() });
    // A suspend form retried after the reinstatement: its key was used, so nothing happens.
    const retried = await post(producer.id, { intent: "suspend", requestKey: suspendKey });
    expect((await flashOf(retried))?.key).toBe("coordProducers.notice.unchanged");
    expect(statusOf(producer.id)).toBe("approved");
    // A fresh suspension later is a new change, with its own message.
    await post(producer.id, { intent: "suspend", requestKey: key() });
    await post(producer.id, { intent: "reinstate", requestKey: key() });

    expect(templates()).toEqual([
      ["producer_approved", false],
      ["producer_suspended", false],
      ["producer_approved", true],
      ["producer_suspended", false],
      ["producer_approved", true],
    ]);
    const keys = outboxRows(user.id).map((m) => m.dedupeKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(
      JSON.parse(outboxRows(user.id).find((m) => m.template === "producer_suspended")!.payload),
    ).toMatchObject({ farmName: "Chacra Vaivén", reason: "Prueba" });
    expect(auditRows(producer.id).map((a) => a.action)).toEqual([
      "producer.approve",
      "producer.suspend",
      "producer.reinstate",
      "producer.suspend",
      "producer.reinstate",
    ]);
  });

  it("does only the transition the status allows", async () => {
    const { producer } = createProducer({ marketId: s.marketA.id, status: "pending" });
    const before = snapshot();
    for (const intent of ["suspend", "reinstate"]) {
      const res = await post(producer.id, { intent, requestKey: key() });
      expect((await flashOf(res))?.key).toBe("coordProducers.notice.unchanged");
    }
    expect(statusOf(producer.id)).toBe("pending");
    expect(snapshot()).toEqual(before);
  });

  it("refuses a reason that is too long or an unknown intent with 400, writing nothing", async () => {
    const { producer } = createProducer({ marketId: s.marketA.id });
    const before = snapshot();
    const res = await post(producer.id, {
      intent: "suspend",
      reason: "x".repeat(301),
      requestKey: key(),
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.formId).toBe("status");
    expect(body.error.reason).toEqual(["coordProducers.errors.reasonTooLong"]);
    expect(body.initialValue.reason).toBe("x".repeat(301));
    expect((await post(producer.id, { intent: "delete" })).status).toBe(400);
    expect(snapshot()).toEqual(before);
    expect(statusOf(producer.id)).toBe("approved");
  });
});
