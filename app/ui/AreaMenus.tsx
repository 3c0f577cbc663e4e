/**
 * The menus of the producer area (/productor) and the coordinator's area (/coordinacion): the
 * name they work for, and a tab per page. Shown by each area and by its error boundary.
 */
import { NavLink } from "@remix-run/react";
import { useTranslation } from "../infra/translate";

export function ProducerMenu({ farmName }: { farmName: string }) {
  const { t } = useTranslation();
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
    </>
  );
}

export function CoordinatorMenu({ marketName }: { marketName: string }) {
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
