import { json } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { requireCoordinator } from "../features/access/coordinator.server";
import { waitingProofCount } from "../features/wallet/proof-queue.server";
import { AreaError, InArea } from "../ui/AreaMenus";

/** The coordinator's area: its menu, scoped to the coordinator's own market. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  return json({ marketName: market.name, proofsWaiting: waitingProofCount(market.id) });
}

/** Plain forms on a weak connection; the pickup desk turns JavaScript back on for its scanner. */
export const handle = { hydrate: false };

export default function CoordinatorArea() {
  const { marketName, proofsWaiting } = useLoaderData<typeof loader>();
  return <InArea area="coordinator" name={marketName} badges={{ proofsWaiting }} />;
}

/** An error inside the area (an unknown market day, another market's producer) keeps its menu. */
export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("routes/coordinacion");
  return <AreaError area="coordinator" name={data?.marketName} />;
}
