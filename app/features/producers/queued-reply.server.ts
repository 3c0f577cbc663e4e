/**
 * Answers to producer forms that the phone kept while offline and sends later: the service
 * worker (app/service-worker/outbox.ts) marks them with `X-Qhatu-Queued: 1` and shows the
 * answer's `message` on the page ("Enviado: …" / "No se aceptó: …"), so instead of a redirect
 * or a page they get `{ ok, message }` in words, in the producer's language. The status says
 * whether to keep the form: 401 (signed out) keeps it, any other answer is final.
 */
import { json } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { offers, products } from "../../../db/schema";
import { db } from "../../infra/db.server";
import { getTranslator } from "../../infra/i18n.server";
import { isLoginPath } from "../../lib/login-path";
import type { OfferFormRun } from "./offer-form.server";

export const QUEUED_HEADER = "X-Qhatu-Queued";

export function isQueuedReplay(request: Request) {
  return request.headers.get(QUEUED_HEADER) === "1";
}

export type QueuedReply = { ok: boolean; message: string };

type Words = { key: string; values?: Record<string, string | number>; product?: string };

async function reply(request: Request, ok: boolean, status: number, words: Words) {
  const { t } = await getTranslator(request);
  const text = t(`outbox.reply.${words.key}`, words.values ?? {});
  const message = words.product ? t("outbox.reply.about", { product: words.product, text }) : text;
  return json<QueuedReply>({ ok, message }, { status, headers: { "Cache-Control": "no-store" } });
}

/** "Ofrecer lo mismo que la semana pasada", sent later. */
export function copyReply(
  request: Request,
  result: { ok: true; created: number } | { ok: false; error: "closed" | "keyReused" },
) {
  if (!result.ok) return reply(request, false, 409, { key: result.error });
  return result.created > 0
    ? reply(request, true, 200, { key: "copied", values: { count: result.created } })
    : reply(request, true, 200, { key: "copiedNone" });
}

/** An offer form, sent later: what happened, naming the product when it is the producer's. */
export function offerFormReply(request: Request, producerId: number, run: OfferFormRun) {
  const product = productNameOf(producerId, run);
  const { result } = run;
  if (result.ok) {
    const key =
      run.intent === "create"
        ? "created"
        : run.intent === "pause"
          ? "paused"
          : run.intent === "resume"
            ? "resumed"
            : "saved";
    return reply(request, true, 200, { key, product });
  }
  switch (result.error) {
    case "invalid":
      return reply(request, false, 400, { key: "invalid", product });
    case "notFound":
      return reply(request, false, 404, { key: "notFound" });
    case "belowReserved":
      return reply(request, false, 409, {
        key: "belowReserved",
        values: { count: result.reserved },
        product,
      });
    default:
      return reply(request, false, 409, { key: result.error, product });
  }
}

/**
 * A Response thrown before the form was applied (signed out, account not approved, not a
 * producer, no market day, an unreadable body), in words.
 */
export function thrownReply(request: Request, thrown: Response) {
  const location = thrown.headers.get("Location") ?? "";
  if (thrown.status >= 300 && thrown.status < 400)
    return isLoginPath(location)
      ? reply(request, false, 401, { key: "signIn" })
      : reply(request, false, 403, { key: "suspended" });
  if (thrown.status === 403) return reply(request, false, 403, { key: "forbidden" });
  if (thrown.status === 404) return reply(request, false, 404, { key: "notFound" });
  return reply(request, false, thrown.status >= 400 && thrown.status < 500 ? thrown.status : 400, {
    key: "invalid",
  });
}

/** Runs a producer action; when the phone sends it later, a thrown Response becomes words. */
export async function answeringQueued(request: Request, action: () => Promise<Response>) {
  try {
    return await action();
  } catch (thrown) {
    if (thrown instanceof Response && isQueuedReplay(request)) return thrownReply(request, thrown);
    throw thrown;
  }
}

/** The product a form was about, only if it is the producer's own (ids from a form are typed). */
function productNameOf(producerId: number, run: OfferFormRun): string | undefined {
  if (run.offerId !== undefined)
    return db()
      .select({ name: products.name })
      .from(offers)
      .innerJoin(products, eq(products.id, offers.productId))
      .where(and(eq(offers.id, run.offerId), eq(offers.producerId, producerId)))
      .get()?.name;
  if (run.productId !== undefined)
    return db()
      .select({ name: products.name })
      .from(products)
      .where(and(eq(products.id, run.productId), eq(products.producerId, producerId)))
      .get()?.name;
  return undefined;
}
