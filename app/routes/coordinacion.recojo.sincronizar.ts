/**
 * POST /coordinacion/recojo/sincronizar: the handovers and no-shows a desk recorded offline,
 * as JSON, applied in order (app/features/desk/offline/desk-sync.server.ts). A body that is not
 * one the desk could send is a localized 4xx and nothing is written; a refused action is a
 * conflict in the answer (200), per order.
 */
import { json } from "@remix-run/node";
import type { ActionFunctionArgs } from "@remix-run/node";
import { requireCoordinator } from "../features/access/coordinator.server";
import { applyQueuedDeskActions, SyncBodySchema } from "../features/desk/offline/desk-sync.server";
import { FORM_BODY_LIMIT, isBodyTooLarge } from "../infra/body-limit.server";
import { getTranslator } from "../infra/i18n.server";

export async function action({ request }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  const { t } = await getTranslator(request);
  const refuse = (key: string, status: number) =>
    json({ error: t(`coordDesk.offline.errors.${key}`) }, { status });
  if (request.method !== "POST") return refuse("invalid", 405);
  if (!/^application\/json\b/i.test(request.headers.get("Content-Type") ?? "")) {
    return refuse("invalid", 415);
  }
  let text: string;
  try {
    text = await request.text();
  } catch (error) {
    return refuse(
      isBodyTooLarge(error) ? "tooLarge" : "invalid",
      isBodyTooLarge(error) ? 413 : 400,
    );
  }
  // The server cuts bodies at this size on the way in; checked again for callers that bypass it.
  if (text.length > FORM_BODY_LIMIT) return refuse("tooLarge", 413);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refuse("invalid", 400);
  }
  const parsed = SyncBodySchema.safeParse(body);
  if (!parsed.success) return refuse("invalid", 400);
  const results = applyQueuedDeskActions({
    marketId: market.id,
    actorUserId: user.id,
    actions: parsed.data.actions,
  });
  return json({ results }, { headers: { "Cache-Control": "no-store" } });
}
