/**
 * GET /coordinacion/recojo/mesa?dia=<id>: the day's orders for the pickup desk to keep on the
 * device ("Preparar la mesa"), as JSON. The coordinator's own market only: a day of another
 * market is a 404, like one that does not exist.
 */
import { json } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCoordinator } from "../features/access/coordinator.server";
import { deskDayCopy } from "../features/desk/offline/desk-copy.server";
import { getTranslator } from "../infra/i18n.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const { t } = await getTranslator(request);
  const raw = new URL(request.url).searchParams.get("dia") ?? "";
  const dayId = /^\d{1,15}$/.test(raw) ? Number(raw) : 0;
  const copy = dayId > 0 ? deskDayCopy({ marketId: market.id, dayId }) : null;
  if (!copy) return json({ error: t("coordDesk.offline.errors.noDay") }, { status: 404 });
  // Names and codes of a whole day: never kept by a shared cache or the browser's HTTP cache.
  return json(copy, { headers: { "Cache-Control": "no-store" } });
}
