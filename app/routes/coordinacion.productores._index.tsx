import crypto from "node:crypto";
import { json } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { MEMBERSHIP_STATUSES } from "../../db/schema-enums";
import { requireCoordinator } from "../features/access/coordinator.server";
import { getTranslator } from "../infra/i18n.server";
import { readProducerFilters } from "../features/producers/coord-producers-schemas";
import { formatPeruvianMobile } from "../lib/phone";
import { listMarketProducers } from "../features/producers/coord-producers.server";
import { Field } from "../ui/fields";

/** The market's producers, those waiting for approval first; filters are a plain GET form. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const { t } = await getTranslator(request);
  const url = new URL(request.url);
  const filters = readProducerFilters(url);
  const list = listMarketProducers({ marketId: market.id, ...filters });
  // Where the approve buttons send the coordinator back: this same list.
  const pageKey = crypto.randomUUID();
  return json({
    title: t("coordProducers.title"),
    filters,
    ...list,
    producers: list.producers.map((p) => ({
      ...p,
      phone: p.phone ? formatPeruvianMobile(p.phone) : null,
      requestKey: `${pageKey}-${p.id}`,
    })),
    returnTo: `${url.pathname}${url.search}`,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} · Qhatu` : "Qhatu" },
];

type Row = ReturnType<typeof useLoaderData<typeof loader>>["producers"][number];

export default function CoordinatorProducers() {
  const { t } = useTranslation();
  const { filters, producers, counts, total, pages, returnTo } = useLoaderData<typeof loader>();
  const groups = MEMBERSHIP_STATUSES.map((status) => ({
    status,
    rows: producers.filter((p) => p.status === status),
  })).filter((g) => g.rows.length > 0);
  const pageLink = (n: number) => {
    const params = new URLSearchParams();
    if (filters.status) params.set("estado", filters.status);
    if (filters.q) params.set("q", filters.q);
    params.set("pagina", String(n));
    return `?${params}`;
  };
  return (
    <>
      <h1>{t("coordProducers.title")}</h1>
      <p>
        <Link to="/coordinacion/productores/nuevo" className="button">
          {t("coordAssisted.signUpLink")}
        </Link>
      </p>
      <Form
        method="get"
        className="filters card"
        role="search"
        aria-label={t("coordProducers.filters")}
      >
        <div className="filter-row">
          <Field id="q" label={t("coordProducers.search")} hint={t("coordProducers.searchHint")}>
            <input
              id="q"
              name="q"
              type="search"
              defaultValue={filters.q ?? ""}
              aria-describedby="q-hint"
            />
          </Field>
          <Field id="estado" label={t("coordProducers.statusFilter")}>
            <select id="estado" name="estado" defaultValue={filters.status ?? ""}>
              <option value="">
                {t("coordProducers.allStatuses", {
                  count: counts.pending + counts.approved + counts.suspended,
                })}
              </option>
              {MEMBERSHIP_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`coordProducers.statusCount.${s}`, { count: counts[s] })}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <button type="submit" className="button">
          {t("coordProducers.filter")}
        </button>{" "}
        <Link to="/coordinacion/productores">{t("coordProducers.clearFilters")}</Link>
      </Form>

      <p className="result-count">{t("coordProducers.results", { count: total })}</p>
      {groups.map((group) => (
        <section
          key={group.status}
          aria-labelledby={`group-${group.status}`}
          className="coord-producer-group"
        >
          <h2 id={`group-${group.status}`}>{t(`coordProducers.group.${group.status}`)}</h2>
          <ul className="coord-producer-list">
            {group.rows.map((p) => (
              <ProducerItem key={p.id} producer={p} returnTo={returnTo} />
            ))}
          </ul>
        </section>
      ))}
      {pages > 1 ? (
        <nav aria-label={t("coordProducers.pages")} className="pagination">
          {filters.page > 1 ? (
            <Link to={pageLink(filters.page - 1)} rel="prev">
              {t("coordProducers.previous")}
            </Link>
          ) : (
            <span />
          )}
          <span>{t("coordProducers.pageOf", { page: filters.page, pages })}</span>
          {filters.page < pages ? (
            <Link to={pageLink(filters.page + 1)} rel="next">
              {t("coordProducers.next")}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </>
  );
}

function ProducerItem({ producer: p, returnTo }: { producer: Row; returnTo: string }) {
  const { t } = useTranslation();
  const place = [p.community, p.district, p.province].filter(Boolean).join(", ");
  return (
    <li className="card">
      <h3>
        <Link to={`/coordinacion/productores/${p.id}`}>{p.farmName}</Link>
      </h3>
      <p>
        <span className={`badge member-status member-${p.status}`}>
          {t(`coordProducers.status.${p.status}`)}
        </span>
        {p.certifications.map((kind) => (
          <span key={kind} className="badge">
            {t(`certification.${kind}`)}
          </span>
        ))}
      </p>
      <p>
        {p.name}
        {p.phone ? (
          <>
            {" · "}
            <a href={`tel:${p.phone.replace(/\s/g, "")}`}>{p.phone}</a>
          </>
        ) : null}
        {p.email ? (
          <>
            {" · "}
            <a href={`mailto:${p.email}`}>{p.email}</a>
          </>
        ) : null}
      </p>
      <p className="muted">{place}</p>
      {p.status === "pending" ? (
        <Form method="post" action={`/coordinacion/productores/${p.id}`}>
          <input type="hidden" name="intent" value="approve" />
          <input type="hidden" name="requestKey" value={p.requestKey} />
          <input type="hidden" name="redirectTo" value={returnTo} />
          <button type="submit" className="button small">
            {t("coordProducers.approveNamed", { farm: p.farmName })}
          </button>
        </Form>
      ) : null}
    </li>
  );
}
