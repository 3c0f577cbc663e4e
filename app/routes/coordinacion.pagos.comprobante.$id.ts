/**
 * A proof's screenshot, for the coordinators of its market only (404 for another market's
 * proof, or one without a stored screenshot). Never cached: it shows a family's name and money.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCoordinator } from "../features/access/coordinator.server";
import { readProofScreenshot } from "../features/wallet/proof-images.server";
import { proofScreenshotKeyOf } from "../features/wallet/proof-queue.server";
import { idParam } from "../lib/route-params";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const key = proofScreenshotKeyOf(market.id, idParam(params.id));
  const image = key ? await readProofScreenshot(key) : null;
  if (!image) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(image), {
    headers: {
      "Content-Type": "image/webp",
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
