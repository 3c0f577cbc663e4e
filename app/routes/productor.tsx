import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireProducer } from "../features/access/producer.server";

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
  return (
    <>
      <p className="muted farm-name">{farmName}</p>
      <nav aria-label={t("producer.menu")} className="tabs">
        <NavLink to="/productor" end>
          {t("producer.home")}
        </NavLink>
        <NavLink to="/productor/ofertas">{t("producer.offers")}</NavLink>
        <NavLink to="/productor/productos">{t("producer.products")}</NavLink>
        <NavLink to="/productor/preparacion">{t("producer.pickList")}</NavLink>
        <NavLink to="/productor/ventas">{t("producer.sales")}</NavLink>
      </nav>
      <Outlet />
    </>
  );
}
