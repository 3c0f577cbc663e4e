/**
 * The framework's ceiling on this machine, for `npm run bench`: an Express server with Remix's
 * own request handler and one resource route whose action runs one reservation transaction
 * (reserveOrder, the same model the checkout uses) and answers 204. No session, no form, no
 * page, no middleware of ours: what is left is Remix and Node's HTTP. The bench prints its
 * other figures as ratios to this one, so runs on different machines can be compared.
 *
 * Run by tests/bench/run.ts with PORT, DATABASE_URL and CEILING_SCENE (ids as JSON).
 */
import crypto from "node:crypto";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals, type ServerBuild } from "@remix-run/node";
import express from "express";

installGlobals();
process.env.DEMO_DATA = "off";
const { startCheckpointer, db } = await import("../../app/infra/db.server");
const { reserveOrder } = await import("../../app/features/ordering/reserve.server");

type CeilingScene = {
  consumerIds: number[];
  marketDayId: number;
  slotIds: number[];
  offerIds: number[];
  priceCents: number;
};
const scene = JSON.parse(process.env.CEILING_SCENE ?? "{}") as CeilingScene;
const seenPrices = {
  offers: new Map(scene.offerIds.map((id) => [id, scene.priceCents])),
  bundles: new Map<number, number>(),
};

let n = 0;
/** One fixed shape of reservation: two items, a slot, a fresh idempotency key. */
function action() {
  const i = n++;
  const result = reserveOrder({
    consumerId: scene.consumerIds[i % scene.consumerIds.length],
    marketDayId: scene.marketDayId,
    slotId: scene.slotIds[i % scene.slotIds.length],
    lines: [
      { offerId: scene.offerIds[(i * 13) % scene.offerIds.length], quantity: 1 },
      { offerId: scene.offerIds[(i * 31 + 5) % scene.offerIds.length], quantity: 1 },
    ],
    bundles: [],
    idempotencyKey: `ceiling-${i}-${crypto.randomUUID()}`,
    seenPrices,
  });
  return new Response(null, { status: result.ok ? 204 : 409 });
}

const build = {
  mode: "production",
  entry: {
    module: { default: () => new Response("Not a page server", { status: 404 }) },
  },
  routes: {
    root: { id: "root", path: "", module: {} },
    "routes/reservar": {
      id: "routes/reservar",
      parentId: "root",
      path: "reservar",
      module: { action },
    },
  },
  assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "ceiling" },
  publicPath: "/build/",
  assetsBuildDirectory: "public/build",
  future: {},
  isSpaMode: false,
} as unknown as ServerBuild;

// As the real server does: WAL checkpoints on a timer, not in the commit path.
startCheckpointer(db());
const app = express();
// The load generator opens its connections with a GET /healthz before the clock starts.
app.get("/healthz", (_req, res) => res.end("ok"));
app.all("*", createRequestHandler({ build, mode: "production" }));
app.listen(Number(process.env.PORT), () => console.log("ceiling server ready"));
