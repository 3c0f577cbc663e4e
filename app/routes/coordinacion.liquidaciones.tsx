import { json } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { MarketDayPicker } from "../ui/MarketDayPicker";
import { FigureCells, PaidCell, PayForm } from "../ui/SettlementRows";
import { TextInput, useFormReply } from "../ui/CoordForm";
import { requireCoordinator } from "../features/access/coordinator.server";
import { redirectWithFlash } from "../infra/flash.server";
import {
  bpsToPercent,
  CommissionSchema,
  MarkPaidSchema,
} from "../features/settlement/coord-settlement-schemas";
import { parseForm } from "../lib/form-parse";
import { formatMarketDate, formatMoney } from "../lib/format";
import { readFormData, refuseForm } from "../lib/forms.server";
import { limaDateOf } from "../lib/time";
import { findMarketDayByDate } from "../features/market-days/day-choice.server";
import { requireCoordinatorDay } from "../features/market-days/coord-day.server";
import {
  getSettlement,
  markSettlementPaid,
  setCommission,
} from "../features/settlement/settlements.server";
import { getProducerHeadline } from "../features/producers/coord-producers.server";
import { titleMeta } from "../lib/meta";
import { ScrollTable } from "../ui/tables";

const shortDate = (date: string) => date.split("-").reverse().join("/");

export async function loader({ request }: LoaderFunctionArgs) {
  const { market, t, locale, day, choices } = await requireCoordinatorDay(request, "lastHeld");
  const today = limaDateOf(new Date());
  const settlement = day ? getSettlement({ marketId: market.id, marketDayId: day.id }) : null;
  return json({
    title: t("coordSettlement.settlement.title"),
    today,
    percent: bpsToPercent(market.commissionBps),
    days: choices.filter((d) => d.date <= today || d.date === day?.date),
    day: day ? { date: day.date, label: formatMarketDate(day.date, locale) } : null,
    settlement: settlement && {
      ...settlement,
      rows: settlement.rows.map((r) => ({
        ...r,
        paid: r.paid && { ...r.paid, paidOnLabel: shortDate(r.paid.paidOn) },
      })),
    },
  });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

export async function action({ request }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  const formData = await readFormData(request);
  const refuse = (
    formId: string,
    fieldErrors: Record<string, string[] | null> | null,
    status = 400,
  ) => refuseForm(formData, { formId, fieldErrors, status });
  // Back to the day's settlement, saying what was done (the flash, shown by the root).
  const back = (date: string, notice: string, producer = "") =>
    redirectWithFlash(`/coordinacion/liquidaciones?${new URLSearchParams({ fecha: date })}`, {
      key: `coordSettlement.notice.${notice}`,
      values: { producer },
    });

  if (formData.get("intent") === "commission") {
    const submission = parseForm(formData, CommissionSchema);
    if (submission.status !== "success") {
      return refuse("commission", submission.error);
    }
    const { date, percent } = submission.value;
    setCommission({ marketId: market.id, commissionBps: percent, actorUserId: user.id });
    return back(date, "commissionSaved");
  }

  const formId = `pay-${String(formData.get("producerId") ?? "")}`;
  const submission = parseForm(formData, MarkPaidSchema);
  if (submission.status !== "success") return refuse(formId, submission.error);
  const { date, producerId, paidOn, reference } = submission.value;
  const day = findMarketDayByDate({ marketId: market.id, date });
  if (!day) throw new Response("Not found", { status: 404 });
  const result = markSettlementPaid({
    marketId: market.id,
    marketDayId: day.id,
    producerId,
    paidOn,
    reference,
    actorUserId: user.id,
  });
  if (!result.ok) {
    switch (result.error) {
      case "notFound":
        throw new Response("Not found", { status: 404 });
      case "nothingToSettle":
        return refuse(formId, { "": ["coordSettlement.errors.nothingToSettle"] }, 409);
      case "paidInFuture":
      case "paidBeforeMarketDay":
        return refuse(formId, { paidOn: [`coordSettlement.errors.${result.error}`] });
    }
  }
  const paid = getProducerHeadline({ marketId: market.id, producerId });
  return back(date, result.alreadyPaid ? "alreadyPaid" : "paid", paid?.farmName);
}

export default function Settlement() {
  const { t } = useTranslation();
  const { days, day, today, percent, settlement } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const commission = useFormReply("commission");
  if (!day || !settlement) return <p className="card">{t("coordSettlement.settlement.noDays")}</p>;
  const changed = settlement.rows.filter((r) => r.paid && r.differenceCents !== 0);
  const unpaid = settlement.rows.filter((r) => !r.paid && r.grossCents > 0);
  const s = settlement.totals;
  return (
    <>
      <h1>{t("coordSettlement.settlement.title")}</h1>
      <MarketDayPicker id="settlement-day" selected={day.date} days={days} />

      {reply ? (
        // Without JavaScript the refused page comes back scrolled to the top: point to the form.
        <p className="form-error" role="alert">
          <a href={`#${reply.formId ?? ""}`}>{t("coordSettlement.errors.formHasErrors")}</a>
        </p>
      ) : null}

      <h2>{t("coordSettlement.settlement.dayHeading", { date: day.label })}</h2>
      {changed.length > 0 ? (
        <p className="notice-inline" role="status">
          {t("coordSettlement.settlement.changedSincePaid", { count: changed.length })}
        </p>
      ) : null}
      {settlement.rows.length === 0 ? (
        <p className="card">{t("coordSettlement.settlement.nothing")}</p>
      ) : (
        <ScrollTable
          captionId="settlement-caption"
          className="settlement-table"
          caption={t("coordSettlement.settlement.caption", { date: day.label })}
          columns={[
            t("coordSettlement.columns.producer"),
            t("coordSettlement.columns.units"),
            t("coordSettlement.columns.gross"),
            t("coordSettlement.columns.card"),
            t("coordSettlement.columns.cash"),
            t("coordSettlement.columns.yape"),
            t("coordSettlement.columns.commission", { percent }),
            t("coordSettlement.columns.net"),
            t("coordSettlement.columns.paid"),
          ]}
        >
          <tbody>
            {settlement.rows.map((r) => (
              <tr
                key={r.producerId}
                className={r.differenceCents !== 0 ? "settlement-changed" : undefined}
              >
                <th scope="row">{r.farmName}</th>
                <FigureCells figures={r} />
                <td>
                  <PaidCell row={r} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("coordSettlement.columns.totals")}</th>
              <FigureCells figures={s} />
              <td className="nowrap">
                {t("coordSettlement.settlement.paidTotal", {
                  total: formatMoney(s.paidNetCents),
                })}
              </td>
            </tr>
          </tfoot>
        </ScrollTable>
      )}
      <p>
        <a href={`/coordinacion/hojas/${day.date}/liquidacion.csv`} download>
          {t("coordSettlement.sheets.settlementCsv")}
        </a>
      </p>

      {unpaid.length > 0 ? (
        <section aria-labelledby="pay-title">
          <h2 id="pay-title">{t("coordSettlement.settlement.payTitle")}</h2>
          <p className="hint">{t("coordSettlement.settlement.payHint")}</p>
          {unpaid.map((r) => (
            <PayForm key={r.producerId} row={r} date={day.date} today={today} />
          ))}
        </section>
      ) : null}

      <section className="card" aria-labelledby="rule-title">
        <h2 id="rule-title">{t("coordSettlement.rule.title")}</h2>
        <ul>
          <li>{t("coordSettlement.rule.delivered")}</li>
          <li>{t("coordSettlement.rule.cardCash")}</li>
          <li>{t("coordSettlement.rule.commission")}</li>
          <li>{t("coordSettlement.rule.snapshot")}</li>
        </ul>
      </section>

      <Form
        method="post"
        action={`/coordinacion/liquidaciones?fecha=${day.date}`}
        className="card"
        id="commission"
        aria-labelledby="commission-title"
      >
        <h2 id="commission-title">{t("coordSettlement.commission.title")}</h2>
        <input type="hidden" name="intent" value="commission" />
        <input type="hidden" name="date" value={day.date} />
        <TextInput
          form={commission}
          name="percent"
          label={t("coordSettlement.commission.label")}
          hint={t("coordSettlement.commission.hint")}
          inputMode="decimal"
          defaultValue={percent}
        />
        <button type="submit" className="button">
          {t("coordSettlement.commission.save")}
        </button>
      </Form>
      <p>
        <Link to={`/coordinacion/hojas?fecha=${day.date}`}>
          {t("coordSettlement.backToSheets")}
        </Link>
      </p>
    </>
  );
}
