import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import type { loadCatalogue } from "../features/catalogue/catalogue-page.server";
import { BundleCard } from "./BundleCard";
import { OfferCard } from "./OfferCard";

/** /feria: the week's offers grouped by category, with filters and pages. */
export function CataloguePage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loadCatalogue>();
  const location = useLocation();
  if (!data.day || !data.catalogue) {
    return (
      <section className="card">
        <h1>{t("catalogue.title")}</h1>
        <p>{t("home.noMarketDay")}</p>
      </section>
    );
  }
  const { day, catalogue, filters, page, bundles } = data;
  const groups: { name: string; offers: typeof catalogue.offers }[] = [];
  for (const offer of catalogue.offers) {
    const last = groups.at(-1);
    if (last && last.name === offer.categoryName) last.offers.push(offer);
    else groups.push({ name: offer.categoryName, offers: [offer] });
  }
  const pageLink = (n: number) => {
    const params = new URLSearchParams(location.search);
    params.set("pagina", String(n));
    return `${location.pathname}?${params}`;
  };
  return (
    <>
      <h1>{t("catalogue.heading", { date: day.dateLabel })}</h1>
      <p className={`order-window ${day.window}`}>
        {day.window === "open"
          ? t("catalogue.openUntil", { cutoff: day.cutoffLabel })
          : day.window === "upcoming"
            ? t("catalogue.notOpenYet")
            : t("catalogue.closed", { cutoff: day.cutoffLabel })}
      </p>

      {bundles.length > 0 ? (
        <section aria-labelledby="bundles-title" className="category bundles">
          <h2 id="bundles-title">{t("bundles.sectionTitle")}</h2>
          <p className="muted">{t("bundles.sectionIntro")}</p>
          <div className="offer-grid">
            {bundles.map((bundle) => (
              <BundleCard key={bundle.id} bundle={bundle} canOrder={day.window === "open"} />
            ))}
          </div>
        </section>
      ) : null}

      <Form method="get" className="filters card" role="search" aria-label={t("catalogue.filters")}>
        <div className="field">
          <label htmlFor="q">{t("catalogue.search")}</label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={filters.q ?? ""}
            placeholder={t("catalogue.searchPlaceholder")}
          />
        </div>
        <div className="filter-row">
          <div className="field">
            <label htmlFor="categoria">{t("catalogue.category")}</label>
            <select id="categoria" name="categoria" defaultValue={filters.category ?? ""}>
              <option value="">{t("catalogue.all")}</option>
              {catalogue.categories.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="provincia">{t("fields.province")}</label>
            <select id="provincia" name="provincia" defaultValue={filters.province ?? ""}>
              <option value="">{t("catalogue.allProvinces")}</option>
              {catalogue.provinces.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="certificacion">{t("catalogue.certification")}</label>
            <select
              id="certificacion"
              name="certificacion"
              defaultValue={filters.certification ?? ""}
            >
              <option value="">{t("catalogue.any")}</option>
              <option value="sgp">{t("certification.sgp")}</option>
              <option value="organic">{t("certification.organic")}</option>
            </select>
          </div>
        </div>
        <button type="submit" className="button">
          {t("catalogue.apply")}
        </button>{" "}
        <Link to={location.pathname}>{t("catalogue.clear")}</Link>
      </Form>

      <p role="status" className="result-count">
        {t("catalogue.results", { count: catalogue.total })}
      </p>
      {groups.map((group) => (
        <section key={group.name} aria-label={group.name} className="category">
          <h2>{group.name}</h2>
          <div className="offer-grid">
            {group.offers.map((offer) => (
              <OfferCard key={offer.offerId} offer={offer} canOrder={day.window === "open"} />
            ))}
          </div>
        </section>
      ))}
      {catalogue.pageCount > 1 ? (
        <nav aria-label={t("catalogue.pages")} className="pagination">
          {page > 1 ? (
            <Link to={pageLink(page - 1)} rel="prev">
              {t("catalogue.previous")}
            </Link>
          ) : (
            <span />
          )}
          <span>{t("catalogue.pageOf", { page, count: catalogue.pageCount })}</span>
          {page < catalogue.pageCount ? (
            <Link to={pageLink(page + 1)} rel="next">
              {t("catalogue.next")}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}
