import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCoordinator } from "../features/access/coordinator.server";
import { ErrorMessage } from "../ui/ErrorMessage";

/** The coordinator's area: its menu, scoped to the coordinator's own market. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  return json({ marketName: market.name });
}

/** Plain forms on a weak connection; the pickup desk turns JavaScript back on for its scanner. */
export const handle = { hydrate: false };

export default function CoordinatorArea() {
  const { marketName } = useLoaderData<typeof loader>();
  return (
    <>
      <CoordinatorMenu marketName={marketName} />
      <Outlet />
    </>
  );
}

/** An error inside the area (an unknown market day, another market's producer) keeps its menu. */
export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("routes/coordinacion");
  return (
    <>
      {data ? <CoordinatorMenu marketName={data.marketName} /> : null}
      <ErrorMessage home={data ? "/coordinacion" : "/"} />
    </>
  );
}

function CoordinatorMenu({ marketName }: { marketName: string }) {
  const { t } = useTranslation();
  return (
    <>
      <p className="muted farm-name">{marketName}</p>
      <nav aria-label={t("coord.menu")} className="tabs coord-tabs">
        <NavLink to="/coordinacion" end>
          {t("coord.dashboard")}
        </NavLink>
        <NavLink to="/coordinacion/ferias">{t("coord.marketDays")}</NavLink>
        <NavLink to="/coordinacion/productores">{t("coord.producers")}</NavLink>
        <NavLink to="/coordinacion/canastas">{t("coord.bundles")}</NavLink>
        <NavLink to="/coordinacion/recojo">{t("coord.desk")}</NavLink>
        <NavLink to="/coordinacion/hojas">{t("coord.sheets")}</NavLink>
        <NavLink to="/coordinacion/liquidaciones">{t("coord.settlement")}</NavLink>
        <NavLink to="/coordinacion/cuentas">{t("coordAccounts.nav")}</NavLink>
      </nav>
    </>
  );
}
