/**
 * The layouts of the producer area (/productor) and the coordinator's area (/coordinacion): a
 * menu with the name they work for and a tab per page, above the page or above an error.
 */
import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation, type Translate } from "../infra/translate";
import { ErrorMessage } from "./ErrorMessage";

type Menu = { label: string; className: string; tabs: [to: string, label: string][] };

/** Counts shown on an area's tabs (the coordinator's proofs waiting for the treasurer). */
export type Badges = { proofsWaiting?: number };

/** Each area's menu in the reader's words: its label, its class and its tabs, its home first. */
const MENUS = {
  producer: (t: Translate, _badges?: Badges): Menu => ({
    label: t("producer.menu"),
    className: "tabs",
    tabs: [
      ["/productor", t("producer.home")],
      ["/productor/ofertas", t("producer.offers")],
      ["/productor/productos", t("producer.products")],
      ["/productor/preparacion", t("producer.pickList")],
      ["/productor/ventas", t("producer.sales")],
    ],
  }),
  coordinator: (t: Translate, { proofsWaiting = 0 }: Badges = {}): Menu => ({
    label: t("coord.menu"),
    className: "tabs coord-tabs",
    tabs: [
      ["/coordinacion", t("coord.dashboard")],
      ["/coordinacion/ferias", t("coord.marketDays")],
      ["/coordinacion/productores", t("coord.producers")],
      ["/coordinacion/canastas", t("coord.bundles")],
      ["/coordinacion/recojo", t("coord.desk")],
      ["/coordinacion/hojas", t("coord.sheets")],
      ["/coordinacion/liquidaciones", t("coord.settlement")],
      [
        "/coordinacion/pagos",
        proofsWaiting > 0
          ? t("coordPayments.navWithCount", { count: proofsWaiting })
          : t("coordPayments.nav"),
      ],
      ["/coordinacion/cuentas", t("coordAccounts.nav")],
    ],
  }),
};

type Area = keyof typeof MENUS;

/** Where an area's error page leads back to: its home tab. */
const HOMES: Record<Area, string> = { producer: "/productor", coordinator: "/coordinacion" };

/** Whom the area works for (a farm, a market), then its tabs; the home tab matches only itself. */
function AreaMenu({ area, name, badges }: { area: Area; name: string; badges?: Badges }) {
  const { t } = useTranslation();
  const { label, className, tabs } = MENUS[area](t, badges);
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

/** An area's layout: its menu above the page inside it. */
export function InArea({ area, name, badges }: { area: Area; name: string; badges?: Badges }) {
  return (
    <>
      <AreaMenu area={area} name={name} badges={badges} />
      <Outlet />
    </>
  );
}

/**
 * An error inside an area keeps the area's menu and leads back to the area's home, once the
 * area's loader has given the `name` (without it, neither: the way back is the home page).
 */
export function AreaError({ area, name }: { area: Area; name: string | undefined }) {
  return (
    <>
      {name === undefined ? null : <AreaMenu area={area} name={name} />}
      <ErrorMessage home={name === undefined ? "/" : HOMES[area]} />
    </>
  );
}
