import { json } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { requireCoordinator } from "../features/access/coordinator.server";
import { getTranslator } from "../infra/i18n.server";
import { formatPeruvianMobile } from "../lib/phone";
import { ACCOUNT_RESULTS, searchMarketAccounts } from "../features/access/coord-accounts.server";
import { Field } from "../ui/fields";

/** Find a family or producer of the market by name or phone digits (a plain GET form). */
export async function loader({ request }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const { t } = await getTranslator(request);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 100);
  const found = q ? searchMarketAccounts({ marketId: market.id, query: q }) : null;
  return json({
    title: t("coordAccounts.title"),
    q,
    tooShort: q !== "" && found === null,
    more: found?.more ?? false,
    people:
      found?.people.map((p) => ({
        ...p,
        phone: p.phone ? formatPeruvianMobile(p.phone) : null,
      })) ?? null,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} · Qhatu` : "Qhatu" },
];

export default function CoordinatorAccounts() {
  const { t } = useTranslation();
  const { q, tooShort, more, people } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("coordAccounts.title")}</h1>
      <p>{t("coordAccounts.intro")}</p>
      <Form
        method="get"
        className="filters card"
        role="search"
        aria-label={t("coordAccounts.search")}
      >
        <Field id="q" label={t("coordAccounts.search")} hint={t("coordAccounts.searchHint")}>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={q}
            maxLength={100}
            aria-describedby="q-hint"
          />
        </Field>
        <button type="submit" className="button">
          {t("coordAccounts.submit")}
        </button>
      </Form>
      {tooShort ? (
        <p className="form-error" role="alert">
          {t("coordAccounts.tooShort")}
        </p>
      ) : null}
      {people ? (
        <section aria-labelledby="accounts-results">
          <h2 id="accounts-results" className="result-count">
            {people.length === 0
              ? t("coordAccounts.none")
              : t("coordAccounts.results", { count: people.length })}
          </h2>
          {more ? (
            <p className="hint">{t("coordAccounts.moreThan", { count: ACCOUNT_RESULTS })}</p>
          ) : null}
          <ul className="coord-account-list">
            {people.map((person) => (
              <li key={person.id}>
                <Link to={`/coordinacion/cuentas/${person.id}`}>{person.name}</Link>
                <span className="muted">
                  {" · "}
                  {[person.phone, person.email].filter(Boolean).join(" · ") ||
                    t("coordAccounts.noContact")}
                </span>
                <br />
                <span className="hint">
                  {person.roles
                    .map((r) =>
                      [
                        t(`coordAccounts.role.${r.role}`),
                        r.farmName,
                        r.status === "approved" ? null : t(`coordAccounts.status.${r.status}`),
                      ]
                        .filter(Boolean)
                        .join(", "),
                    )
                    .join(" · ")}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
