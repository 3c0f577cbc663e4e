/**
 * Producers' text messages in (issue 17 §1, §3): POST /webhooks/sms and GET/POST
 * /webhooks/whatsapp through their real route actions, signed in the tests with each
 * provider's documented algorithm. Forged, unsigned and replayed deliveries change nothing;
 * each message runs one command and gets one reply through the outbox on its own channel;
 * strangers are told how to register, then throttled; the suspended are refused; the
 * coordinators see their own market's producers' messages only.
 *
 * The command runner is H5's (app/features/sms-commands/); here it is replaced by one that
 * counts its runs and says what it was given, so these tests pin the plumbing around it.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as sms from "../../app/routes/webhooks.sms";
import * as whatsapp from "../../app/routes/webhooks.whatsapp";
import * as producerPage from "../../app/routes/coordinacion.productores.$id";
import { BodyTooLargeError } from "../../app/infra/body-limit.server";
import { createOutboxWorker } from "../../app/features/notifications/outbox-worker.server";
import type { Recipient, RenderedMessage } from "../../app/features/notifications/types.server";
import { REPLIES_PER_DAY_TO_OTHERS } from "../../app/features/sms-inbound/inbound.server";
import { db } from "../../app/infra/db.server";
import { notificationOutbox } from "../../db/schema";
import {
  createCoordinator,
  createMarket,
  createMarketDay,
  createProducer,
  createUser,
} from "../factories";
import { getRequest, loggedInCookie, run } from "../helpers";
import {
  configureInbound,
  inboundRows,
  messageSid,
  metaSignature,
  ORIGIN,
  replyRows,
  smsRequest,
  snapshot,
  twilioForm,
  twilioSignature,
  WA_VERIFY,
  wamid,
  whatsappDelivery,
  whatsappRequest,
} from "../support/sms-inbound";

const runs = vi.hoisted(() => [] as { producerId: number; marketId: number; text: string }[]);
vi.mock("../../app/features/sms-commands/run-command.server", () => ({
  runProducerCommand: (input: {
    producerId: number;
    marketId: number;
    text: string;
    locale: string;
  }) => {
    runs.push({ producerId: input.producerId, marketId: input.marketId, text: input.text });
    if (input.text === "FALLA") throw new Error("a bug in a command");
    return { command: "PEDIDOS", ok: true, reply: `(${input.locale}) 2 pedidos: ${input.text}` };
  },
}));

configureInbound();

let s: ReturnType<typeof scene>;
function scene() {
  const marketA = createMarket({ name: "Mercado A" });
  const marketB = createMarket({ name: "Mercado B" });
  const rosa = createProducer({
    marketId: marketA.id,
    user: createUser({ name: "Rosa", phone: "+51987100001", locale: "qu" }),
  });
  const waiting = createProducer({
    marketId: marketA.id,
    status: "pending",
    user: createUser({ phone: "+51987100002" }),
  });
  const suspended = createProducer({
    marketId: marketA.id,
    status: "suspended",
    user: createUser({ phone: "+51987100003" }),
  });
  const other = createProducer({
    marketId: marketB.id,
    user: createUser({ phone: "+51987100004" }),
  });
  const coordA = createCoordinator({ marketId: marketA.id });
  const coordB = createCoordinator({ marketId: marketB.id });
  return { marketA, marketB, rosa, waiting, suspended, other, coordA, coordB };
}
beforeAll(() => {
  s = scene();
});

const runsOf = (producerId: number) => runs.filter((r) => r.producerId === producerId);

describe("POST /webhooks/sms", () => {
  it("a message signed as Twilio documents runs the producer's command and queues one SMS reply to them", async () => {
    const form = twilioForm("+51 987 100 001", "pedidos");
    const response = await run(sms.action, smsRequest(form));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/xml/);
    expect(await response.text()).toContain("<Response/>");
    expect(runsOf(s.rosa.producer.id)).toEqual([
      { producerId: s.rosa.producer.id, marketId: s.marketA.id, text: "pedidos" },
    ]);
    const [row] = inboundRows("+51987100001");
    expect(row).toMatchObject({
      provider: "sms",
      providerMessageId: form.MessageSid,
      sender: "producer",
      producerId: s.rosa.producer.id,
      marketId: s.marketA.id,
      command: "PEDIDOS",
      ok: true,
      reply: "(qu) 2 pedidos: pedidos",
    });
    const replies = replyRows().filter((r) => r.dedupeKey.includes(form.MessageSid));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({
      channel: "sms",
      template: "command_reply",
      userId: s.rosa.user.id,
    });
  });

  it("refuses a missing, wrong or re-signed signature with 403 and writes nothing", async () => {
    const form = twilioForm("+51987100001", "MISMO");
    const before = snapshot();
    const runsBefore = runs.length;
    const forged = [
      smsRequest(form, { signature: null }),
      smsRequest(form, { signature: "" }),
      smsRequest(form, {
        signature: twilioSignature(`${ORIGIN}/webhooks/sms`, form, "another-token"),
      }),
      // Signed for another URL, or with a changed body.
      smsRequest(form, { signature: twilioSignature(`${ORIGIN}/webhooks/otro`, form) }),
      smsRequest(
        { ...form, Body: "PAUSA PAPA" },
        { signature: twilioSignature(`${ORIGIN}/webhooks/sms`, form) },
      ),
      smsRequest(form, { signature: "bm90IGEgc2lnbmF0dXJl" }),
    ];
    for (const request of forged) expect((await run(sms.action, request)).status).toBe(403);
    expect(snapshot()).toEqual(before);
    expect(runs.length).toBe(runsBefore);
  });

  it("verifies against PUBLIC_URL behind a proxy: what Twilio signed is the public address", async () => {
    configureInbound({ publicUrl: "https://feria.example.pe" });
    try {
      const form = twilioForm("+51987100001", "lista");
      const signedPublic = twilioSignature("https://feria.example.pe/webhooks/sms", form);
      const viaProxy = await run(sms.action, smsRequest(form, { signature: signedPublic }));
      expect(viaProxy.status).toBe(200);
      const signedInternal = twilioSignature(`${ORIGIN}/webhooks/sms`, {
        ...form,
        MessageSid: "x",
      });
      expect(
        (
          await run(
            sms.action,
            smsRequest({ ...form, MessageSid: "x" }, { signature: signedInternal }),
          )
        ).status,
      ).toBe(403);
    } finally {
      configureInbound();
    }
  });

  it("a retried delivery (the same MessageSid) runs the command once and gets one reply", async () => {
    const form = twilioForm("+51987100001", "PEDIDOS otra vez");
    const before = runsOf(s.rosa.producer.id).length;
    for (let i = 0; i < 3; i++) {
      const response = await run(sms.action, smsRequest(form));
      expect(response.status).toBe(200);
    }
    expect(runsOf(s.rosa.producer.id).length).toBe(before + 1);
    expect(inboundRows().filter((r) => r.providerMessageId === form.MessageSid)).toHaveLength(1);
    expect(replyRows().filter((r) => r.dedupeKey.includes(form.MessageSid))).toHaveLength(1);
  });

  it("a command that throws leaves a polite reply and is still applied once", async () => {
    const form = twilioForm("+51987100001", "FALLA");
    expect((await run(sms.action, smsRequest(form))).status).toBe(200);
    expect((await run(sms.action, smsRequest(form))).status).toBe(200);
    expect(runs.filter((r) => r.text === "FALLA")).toHaveLength(1);
    const [row] = inboundRows().filter((r) => r.providerMessageId === form.MessageSid);
    expect(row).toMatchObject({ ok: false, command: null });
    expect(row.reply).toMatch(/AYUDA/);
  });

  it("a stranger is told how to register, at most three times a day, then gets silence", async () => {
    const stranger = "+51987199999";
    for (let i = 0; i < REPLIES_PER_DAY_TO_OTHERS + 2; i++) {
      expect((await run(sms.action, smsRequest(twilioForm(stranger, `hola ${i}`)))).status).toBe(
        200,
      );
    }
    const rows = inboundRows(stranger);
    expect(rows).toHaveLength(REPLIES_PER_DAY_TO_OTHERS + 2);
    expect(rows.every((r) => r.sender === "unknown" && r.producerId === null)).toBe(true);
    expect(rows[0].reply).toMatch(/registr/i);
    expect(rows.filter((r) => r.reply !== null)).toHaveLength(REPLIES_PER_DAY_TO_OTHERS);
    const replies = replyRows().filter((r) => JSON.parse(r.payload).to.value === stranger);
    expect(replies).toHaveLength(REPLIES_PER_DAY_TO_OTHERS);
    expect(replies[0]).toMatchObject({ channel: "sms", userId: null });
    expect(runs.some((r) => r.text.startsWith("hola"))).toBe(false);
  });

  it("a stranger writing from outside Peru's mobiles is recorded but never answered (replies cost money)", async () => {
    const foreign = "+4915112345678";
    expect((await run(sms.action, smsRequest(twilioForm(foreign, "hola")))).status).toBe(200);
    const [row] = inboundRows(foreign);
    expect(row).toMatchObject({ sender: "unknown", reply: null });
    expect(replyRows().filter((r) => JSON.parse(r.payload).to.value === foreign)).toHaveLength(0);
  });

  it("a suspended producer is refused and told so; one waiting is told to wait; neither runs a command", async () => {
    const runsBefore = runs.length;
    await run(sms.action, smsRequest(twilioForm("+51987100003", "MISMO")));
    await run(sms.action, smsRequest(twilioForm("+51987100002", "MISMO")));
    expect(runs.length).toBe(runsBefore);
    const [suspended] = inboundRows("+51987100003");
    expect(suspended).toMatchObject({
      sender: "suspended",
      producerId: s.suspended.producer.id,
      command: null,
    });
    expect(suspended.reply).toMatch(/suspendida/);
    const [waiting] = inboundRows("+51987100002");
    expect(waiting).toMatchObject({ sender: "pending", command: null });
    expect(waiting.reply).toMatch(/aprobacion/);
  });

  it("garbage, half-formed and oversized bodies get a 4xx, never a 5xx, and write nothing", async () => {
    const before = snapshot();
    const signedGarbage = (params: Record<string, string>) => run(sms.action, smsRequest(params));
    expect((await signedGarbage({})).status).toBe(400);
    expect((await signedGarbage({ From: "+51987100001", Body: "MISMO" })).status).toBe(400);
    expect((await signedGarbage({ MessageSid: messageSid(), Body: "MISMO" })).status).toBe(400);
    expect(
      (await signedGarbage({ MessageSid: "x".repeat(500), From: "+51987100001" })).status,
    ).toBe(400);
    expect((await signedGarbage({ MessageSid: messageSid(), From: "anonymous" })).status).toBe(400);
    const raw = new Request(`${ORIGIN}/webhooks/sms`, {
      method: "POST",
      body: "%%%\u0000&&==",
      headers: { "X-Twilio-Signature": "abc" },
    });
    expect((await run(sms.action, raw)).status).toBe(403);
    const tooLarge = new Request(`${ORIGIN}/webhooks/sms`, {
      method: "POST",
      body: new ReadableStream({ start: (c) => c.error(new BodyTooLargeError(512 * 1024)) }),
      duplex: "half",
    } as RequestInit);
    expect((await run(sms.action, tooLarge)).status).toBe(413);
    expect((await run(sms.loader, getRequest("/webhooks/sms"))).status).toBe(405);
    expect(snapshot()).toEqual(before);
  });

  it("a very long text is kept cut, and still runs once", async () => {
    const form = twilioForm("+51987100001", "PEDIDOS ".repeat(1000));
    expect((await run(sms.action, smsRequest(form))).status).toBe(200);
    const [row] = inboundRows().filter((r) => r.providerMessageId === form.MessageSid);
    expect(row.body.length).toBe(1600);
  });

  it("is off (404) without TWILIO_AUTH_TOKEN", async () => {
    configureInbound({ twilio: false });
    try {
      expect((await run(sms.action, smsRequest(twilioForm("+51987100001", "MISMO")))).status).toBe(
        404,
      );
    } finally {
      configureInbound();
    }
  });
});

describe("/webhooks/whatsapp", () => {
  it("answers Meta's handshake with the challenge for the right token, 403 otherwise", async () => {
    const ask = (query: string) => run(whatsapp.loader, getRequest(`/webhooks/whatsapp?${query}`));
    const ok = await ask(
      `hub.mode=subscribe&hub.verify_token=${WA_VERIFY}&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    expect((await ask("hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1")).status).toBe(
      403,
    );
    expect(
      (await ask(`hub.mode=unsubscribe&hub.verify_token=${WA_VERIFY}&hub.challenge=1`)).status,
    ).toBe(403);
    expect((await ask("")).status).toBe(403);
  });

  it("a delivery signed with X-Hub-Signature-256 runs each text message once and replies by WhatsApp", async () => {
    const id = wamid();
    const raw = whatsappDelivery([{ from: "51987100001", body: "Pedidos", id }]);
    const before = runsOf(s.rosa.producer.id).length;
    for (let i = 0; i < 2; i++) {
      const response = await run(whatsapp.action, whatsappRequest(raw, metaSignature(raw)));
      expect(response.status).toBe(200);
    }
    expect(runsOf(s.rosa.producer.id).length).toBe(before + 1);
    const [row] = inboundRows().filter((r) => r.providerMessageId === id);
    expect(row).toMatchObject({
      provider: "whatsapp",
      fromPhone: "+51987100001",
      sender: "producer",
      command: "PEDIDOS",
    });
    const replies = replyRows().filter((r) => r.dedupeKey.includes(id));
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ channel: "whatsapp", template: "command_reply" });
  });

  it("refuses a wrong, missing or other-secret signature with 403 and writes nothing", async () => {
    const raw = whatsappDelivery([{ from: "51987100001", body: "MISMO" }]);
    const before = snapshot();
    for (const signature of [
      null,
      "",
      metaSignature(raw, "another-secret"),
      metaSignature(`${raw} `),
      metaSignature(raw).replace("sha256=", "sha1="),
      "sha256=zz",
    ]) {
      expect((await run(whatsapp.action, whatsappRequest(raw, signature))).status).toBe(403);
    }
    expect(snapshot()).toEqual(before);
  });

  it("signed garbage is a 400, statuses and images are ignored, never a 5xx", async () => {
    const before = snapshot();
    for (const raw of [
      "not json",
      "[]",
      "{}",
      '{"entry":"x"}',
      "null",
      '{"entry":[{"changes":[{"value":null}]}]}',
    ]) {
      const status = (await run(whatsapp.action, whatsappRequest(raw, metaSignature(raw)))).status;
      expect(status, raw).toBeGreaterThanOrEqual(400);
      expect(status, raw).toBeLessThan(500);
    }
    const statuses = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [{ changes: [{ value: { statuses: [{ id: wamid(), status: "delivered" }] } }] }],
    });
    const image = JSON.stringify({
      entry: [
        {
          changes: [
            {
              value: { messages: [{ from: "51987100001", id: wamid(), type: "image", image: {} }] },
            },
          ],
        },
      ],
    });
    for (const raw of [statuses, image]) {
      const response = await run(whatsapp.action, whatsappRequest(raw, metaSignature(raw)));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ received: 0 });
    }
    expect(snapshot()).toEqual(before);
  });

  it("signed messages with wrong types, huge fields or broken unicode are skipped or cut, never a 5xx", async () => {
    const message = (fields: Record<string, unknown>) =>
      JSON.stringify({
        entry: [
          {
            changes: [
              {
                value: {
                  messages: [
                    {
                      from: "51987100001",
                      id: wamid(),
                      type: "text",
                      text: { body: "x" },
                      ...fields,
                    },
                  ],
                },
              },
            ],
          },
        ],
      });
    const before = runsOf(s.rosa.producer.id).length;
    for (const raw of [
      message({ from: ["51987100001"] }),
      message({ from: 51987100001 }),
      message({ id: ["wamid.x"] }),
      message({ id: "w".repeat(129) }),
      message({ type: ["text"] }),
      message({ text: { body: ["PEDIDOS"] } }),
      message({ text: "PEDIDOS" }),
      message({ from: "5".repeat(100) }),
      JSON.stringify({ entry: [{ changes: [{ value: { messages: [null, 1, "x", []] } }] }] }),
    ]) {
      const response = await run(whatsapp.action, whatsappRequest(raw, metaSignature(raw)));
      expect(response.status, raw).toBe(200);
      expect(await response.json(), raw).toEqual({ received: 0 });
    }
    for (const raw of ["[".repeat(50_000) + "]".repeat(50_000), '{"entry":[null]}']) {
      expect((await run(whatsapp.action, whatsappRequest(raw, metaSignature(raw)))).status).toBe(
        400,
      );
    }
    expect(runsOf(s.rosa.producer.id).length).toBe(before);
    const id = wamid();
    const huge = message({
      id,
      from: "51987199999",
      text: { body: `PEDIDOS ${"\u{1F600}".repeat(100_000)}\uD800` },
    });
    const response = await run(whatsapp.action, whatsappRequest(huge, metaSignature(huge)));
    expect(await response.json()).toEqual({ received: 1 });
    const [row] = inboundRows().filter((r) => r.providerMessageId === id);
    expect(row.body.length).toBeLessThanOrEqual(1600);
  });

  it("the outbox worker sends a reply to who wrote, on their channel, with the text as written", async () => {
    const id = wamid();
    const raw = whatsappDelivery([{ from: "51987177777", body: "hola", id }]);
    await run(whatsapp.action, whatsappRequest(raw, metaSignature(raw)));
    const sent: { channel: string; to: Recipient; message: RenderedMessage }[] = [];
    const transport = (channel: string) => async (to: Recipient, message: RenderedMessage) => {
      sent.push({ channel, to, message });
    };
    await createOutboxWorker({
      transports: { sms: transport("sms"), whatsapp: transport("whatsapp") },
    }).runOnce(new Date(Date.now() + 1000));
    const toStranger = sent.filter((m) => m.to.phone === "+51987177777");
    expect(toStranger).toHaveLength(1);
    expect(toStranger[0].channel).toBe("whatsapp");
    expect(toStranger[0].message.short).toMatch(/^Qhatu: este numero no esta registrado/);
    expect(toStranger[0].message.short.length).toBeLessThanOrEqual(160);
  });
});

describe("the coordinators' view", () => {
  it("shows the digests Qhatu sent the producer by SMS for their market's days only, as they read", async () => {
    const { day: dayA } = createMarketDay({
      marketId: s.marketA.id,
      date: "2030-06-08",
      status: "closed",
    });
    const { day: dayB } = createMarketDay({
      marketId: s.marketB.id,
      date: "2030-06-15",
      status: "closed",
    });
    const lines = [{ productName: "Papa amarilla", unit: "kg", quantity: 12 }];
    for (const [day, channel] of [
      [dayA, "sms"],
      [dayB, "sms"],
      [dayA, "email"],
    ] as const) {
      db()
        .insert(notificationOutbox)
        .values({
          dedupeKey: `producer-digest:${day.id}:${s.rosa.user.id}:${channel}`,
          userId: s.rosa.user.id,
          channel,
          template: "producer_digest",
          payload: JSON.stringify({ marketDayId: day.id, date: day.date, lines }),
        })
        .run();
    }
    const cookie = await loggedInCookie(s.coordA.id);
    const response = await run(
      producerPage.loader,
      getRequest(`/coordinacion/productores/${s.rosa.producer.id}`, { cookie }),
      { params: { id: String(s.rosa.producer.id) } },
    );
    const { sentMessages } = (await response.json()) as {
      sentMessages: { channel: string; text: string | null; status: string }[];
    };
    expect(sentMessages).toHaveLength(1);
    expect(sentMessages[0]).toMatchObject({ channel: "sms", status: "pending" });
    expect(sentMessages[0].text).toContain("Papa amarilla");
  });

  it("shows a producer's messages newest first, with the command and reply, to their own market's coordinators only", async () => {
    // Market B's producer writes too: never on market A's pages.
    await run(sms.action, smsRequest(twilioForm("+51987100004", "de otro mercado")));
    const page = (producerId: number, coordinatorId: number) =>
      loggedInCookie(coordinatorId).then((cookie) =>
        run(
          producerPage.loader,
          getRequest(`/coordinacion/productores/${producerId}`, { cookie }),
          {
            params: { id: String(producerId) },
          },
        ),
      );
    const response = await page(s.rosa.producer.id, s.coordA.id);
    expect(response.status).toBe(200);
    const { messages } = (await response.json()) as {
      messages: {
        body: string;
        command: string | null;
        reply: string | null;
        replyStatus: string | null;
      }[];
    };
    expect(messages.length).toBeGreaterThanOrEqual(4);
    expect(messages[0].body).toBe("Pedidos");
    expect(messages.map((m) => m.body)).toContain("pedidos");
    expect(messages.find((m) => m.body === "pedidos")).toMatchObject({
      command: "PEDIDOS",
      reply: "(qu) 2 pedidos: pedidos",
      replyStatus: "sent",
    });
    expect(messages.some((m) => m.body.includes("otro mercado") || m.body.startsWith("hola"))).toBe(
      false,
    );
    // Market B's coordinator cannot open A's producer; and sees B's own producer's message.
    expect((await page(s.rosa.producer.id, s.coordB.id)).status).toBe(404);
    const own = await page(s.other.producer.id, s.coordB.id);
    const ownMessages = ((await own.json()) as { messages: { body: string }[] }).messages;
    expect(ownMessages.map((m) => m.body)).toEqual(["de otro mercado"]);
  });
});
