import { json } from "@remix-run/node";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { requireProducer } from "../features/access/producer.server";
import { AreaError, InArea } from "../ui/AreaMenus";

/** The producer area: its own menu, or why a producer cannot sell yet. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { producer, status } = await requireProducer(request, { allowPending: true });
  return json({ farmName: producer.farmName, status });
}

/** Producer pages are plain forms: no JavaScript on a cheap phone (see root.tsx). */
export const handle = { hydrate: false };

export default function ProducerArea() {
  const { t } = useTranslation();
  const { farmName, status } = useLoaderData<typeof loader>();
  if (status !== "approved") {
    return (
      <section className="card" aria-labelledby="pending-title">
        <h1 id="pending-title">{farmName}</h1>
        <p>
          {t(status === "pending" ? "producer.pendingExplained" : "producer.suspendedExplained")}
        </p>
      </section>
    );
  }
  return <InArea area="producer" name={farmName} />;
}

/** An error inside the area (a product that is not theirs, no market day) keeps its menu. */
export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("routes/productor");
  // A producer not yet approved has no menu (see ProducerArea).
  return (
    <AreaError area="producer" name={data?.status === "approved" ? data.farmName : undefined} />
  );
}
