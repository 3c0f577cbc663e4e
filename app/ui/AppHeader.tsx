import { Form, Link, useLocation } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { supportedLanguages } from "../infra/i18n";

/** Market name, login state and language switcher; fits a 360 px screen. */
export function AppHeader({
  marketName,
  firstName,
  cartCount,
  coordinator,
}: {
  marketName: string | null;
  firstName: string | null;
  cartCount: number;
  coordinator: boolean;
}) {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        <span className="brand-name">Qhatu</span>
        {marketName ? <span className="brand-market">{marketName}</span> : null}
      </Link>
      <nav aria-label={t("nav.shop")} className="shop-nav">
        <Link to="/feria">{t("nav.market")}</Link>
        <Link to="/canasta">{t("nav.basket", { count: cartCount })}</Link>
        {firstName ? <Link to="/pedidos">{t("nav.orders")}</Link> : null}
        {coordinator ? <Link to="/coordinacion">{t("nav.coordination")}</Link> : null}
      </nav>
      <nav aria-label={t("nav.label")} className="account-nav">
        {firstName ? (
          <>
            <span className="hello">{t("nav.hello", { name: firstName })}</span>
            <Link to="/cuenta">{t("account.nav")}</Link>
            <Form method="post" action="/salir">
              <button type="submit" className="link-button">
                {t("nav.logout")}
              </button>
            </Form>
          </>
        ) : (
          <>
            <Link to="/ingresar">{t("nav.login")}</Link>
            <Link to="/registro">{t("nav.signup")}</Link>
          </>
        )}
      </nav>
      <LanguageSwitcher />
    </header>
  );
}

/** Three submit buttons, so switching works without JavaScript; the page reloads in the new language. */
function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  return (
    <Form
      method="post"
      action="/idioma"
      reloadDocument
      className="language-switcher"
      aria-label={t("language.label")}
    >
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {supportedLanguages.map((lng) => (
        <button
          key={lng}
          type="submit"
          name="locale"
          value={lng}
          lang={lng}
          aria-pressed={i18n.language === lng}
        >
          {t(`language.${lng}`)}
        </button>
      ))}
    </Form>
  );
}
