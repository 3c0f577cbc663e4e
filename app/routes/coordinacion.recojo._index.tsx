import { json, redirect } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import { useCallback, useRef } from "react";
import { useTranslation } from "../infra/translate";
import { QrScanner } from "../ui/QrScanner";
import { requireCoordinator } from "../features/access/coordinator.server";
import { getTranslator } from "../infra/i18n.server";
import { formatMarketDate, formatMoney, formatTimeRange } from "../lib/format";
import { formatPeruvianMobile } from "../lib/phone";
import { deskDaySummary, listDeskDays } from "../features/desk/desk-days.server";
import { defaultMarketDay } from "../features/market-days/day-choice.server";
import { findAtDesk } from "../features/desk/desk-search.server";
import { titleMeta } from "../lib/meta";
import { Field } from "../ui/fields";
import { OfflineDeskSlot, useDeskOffline } from "../ui/desk-offline/OfflineDeskSlot";

export async function loader({ request }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const { t, locale } = await getTranslator(request);
  const url = new URL(request.url);
  const days = listDeskDays({ marketId: market.id });
  const day =
    days.find((d) => String(d.id) === url.searchParams.get("dia")) ??
    defaultMarketDay(days, "coming");
  const query = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const found =
    day && query
      ? findAtDesk({
          marketId: market.id,
          day,
          otherDays: days.filter((d) => d.id !== day.id),
          query,
        })
      : null;
  if (found?.opens) throw redirect(`/coordinacion/recojo/${found.opens}`);
  return json({
    title: t("coordDesk.title"),
    elsewhere: (found?.elsewhere ?? []).map((e) => ({
      id: e.id,
      dayLabel: formatMarketDate(e.date, locale),
    })),
    days: days.map((d) => ({ id: d.id, label: formatMarketDate(d.date, locale) })),
    dayId: day?.id ?? null,
    summary: day ? deskDaySummary({ marketId: market.id, marketDayId: day.id }) : null,
    query,
    results: (found?.results ?? []).map((r) => ({
      id: r.id,
      code: r.pickupCode,
      name: r.name,
      phone: r.phone ? formatPeruvianMobile(r.phone) : null,
      status: r.status,
      total: formatMoney(r.totalCents),
      paymentMethod: r.paymentMethod,
      slot: formatTimeRange(r.slotStartsAt, r.slotEndsAt, locale),
    })),
  });
}

/** The desk hydrates (the layout does not): camera scanner and live change at the counter. */
export const handle = { hydrate: true };

export const meta: MetaFunction<typeof loader> = titleMeta;

export default function PickupDesk() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const form = useRef<HTMLFormElement>(null);
  const submit = useSubmit();
  const onCode = useCallback(
    (code: string) => {
      const fields = new FormData(form.current ?? undefined);
      fields.set("q", code);
      submit(fields, { method: "get", action: "/coordinacion/recojo" });
    },
    [submit],
  );
  const [offline, setOffline] = useDeskOffline();
  if (data.dayId === null) return <p className="card">{t("coordDesk.noDays")}</p>;
  const offlineDesk = (
    <OfflineDeskSlot offline={offline} setOffline={setOffline} dayId={data.dayId} />
  );
  // Offline, a Remix search (a navigation) would fail: the desk searches the copy instead.
  if (offline) {
    return (
      <>
        <h1>{t("coordDesk.heading")}</h1>
        {offlineDesk}
      </>
    );
  }
  return (
    <>
      <h1>{t("coordDesk.heading")}</h1>
      {data.summary ? (
        <p className="desk-summary" role="status">
          {t("coordDesk.summary", data.summary)}
        </p>
      ) : null}
      <Form method="get" ref={form} className="card desk-search" role="search">
        <Field id="desk-day" label={t("coordDesk.day")}>
          <select id="desk-day" name="dia" defaultValue={data.dayId}>
            {data.days.map((d) => (
              <option key={d.id} value={d.id}>
                {d.label}
              </option>
            ))}
          </select>
        </Field>
        <Field id="desk-query" label={t("coordDesk.query")} hint={t("coordDesk.queryHint")}>
          <input
            id="desk-query"
            name="q"
            type="search"
            defaultValue={data.query}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            aria-describedby="desk-query-hint"
            // The desk's one job: the cursor is ready for the next person.
            autoFocus
          />
        </Field>
        <button type="submit" className="button primary big">
          {t("coordDesk.search")}
        </button>
      </Form>
      <QrScanner onCode={onCode} />
      {data.query ? <Results /> : null}
      {offlineDesk}
    </>
  );
}

function Results() {
  const { t } = useTranslation();
  const { results, query, elsewhere } = useLoaderData<typeof loader>();
  if (results.length === 0) {
    return (
      <div className="card" role="status">
        <p>{t("coordDesk.noResults", { query })}</p>
        {elsewhere.map((other) => (
          <p key={other.id}>
            <Link to={`/coordinacion/recojo/${other.id}`}>
              {t("coordDesk.otherDay", { date: other.dayLabel })}
            </Link>
          </p>
        ))}
      </div>
    );
  }
  return (
    <section aria-labelledby="desk-results">
      <h2 id="desk-results">{t("coordDesk.results", { count: results.length })}</h2>
      <ul className="desk-results">
        {results.map((r) => (
          <li key={r.id}>
            <Link to={`/coordinacion/recojo/${r.id}`} className="desk-result">
              <span className="code">{r.code}</span>
              <span>
                <strong>{r.name}</strong>
                {r.phone ? <span className="muted"> · {r.phone}</span> : null}
              </span>
              <span className="muted">
                {r.slot} · {r.total} · {t(`payment.${r.paymentMethod}`)}
              </span>
              <span className={`status status-${r.status}`}>{t(`orderStatus.${r.status}`)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
