/**
 * The menus of the producer area (/productor) and the coordinator's area (/coordinacion): the
 * name they work for, and a tab per page. Shown by each area and by its error boundary.
 */
import { NavLink } from "@remix-run/react";
import { useTranslation } from "../infra/translate";

/** Whom the area works for, then its tabs; the first tab (the area's home) matches only itself. */
function AreaMenu({
  name,
  label,
  className,
  tabs,
}: {
  name: string;
  label: string;
  className: string;
  tabs: [to: string, label: string][];
}) {
  return (
    <>
      <p className="muted farm-name">{name}</p>
      <nav aria-label={label} className={className}>
        {tabs.map(([to, tab], i) => (
          <NavLink key={to} to={to} end={i === 0}>
            {tab}
          </NavLink>
        ))}
      </nav>
    </>
  );
}

export function ProducerMenu({ farmName }: { farmName: string }) {
  const { t } = useTranslation();
  return (
    <AreaMenu
      name={farmName}
      label={t("producer.menu")}
      className="tabs"
      tabs={[
        ["/productor", t("producer.home")],
        ["/productor/ofertas", t("producer.offers")],
        ["/productor/productos", t("producer.products")],
        ["/productor/preparacion", t("producer.pickList")],
        ["/productor/ventas", t("producer.sales")],
      ]}
    />
  );
}

export function CoordinatorMenu({ marketName }: { marketName: string }) {
  const { t } = useTranslation();
  return (
    <AreaMenu
      name={marketName}
      label={t("coord.menu")}
      className="tabs coord-tabs"
      tabs={[
        ["/coordinacion", t("coord.dashboard")],
        ["/coordinacion/ferias", t("coord.marketDays")],
        ["/coordinacion/productores", t("coord.producers")],
        ["/coordinacion/canastas", t("coord.bundles")],
        ["/coordinacion/recojo", t("coord.desk")],
        ["/coordinacion/hojas", t("coord.sheets")],
        ["/coordinacion/liquidaciones", t("coord.settlement")],
        ["/coordinacion/cuentas", t("coordAccounts.nav")],
      ]}
    />
  );
}
