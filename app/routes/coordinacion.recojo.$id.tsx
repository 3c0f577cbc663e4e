import crypto from "node:crypto";
import {
  json,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { requireCoordinator } from "../features/access/coordinator.server";
import { getTranslator } from "../infra/i18n.server";
import { handleDeskAction, type DeskRefusal } from "../features/desk/desk-action.server";
import { formatDateTime, formatMoney, formatTime, formatTimeRange } from "../lib/format";
import { deliveredCents, lineCents } from "../features/ordering/line-value";
import { formatPeruvianMobile } from "../lib/phone";
import { getDeskOrder } from "../features/desk/desk-search.server";

function orderIdOf(params: { id?: string }) {
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response("Not found", { status: 404 });
  return id;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const { t, locale } = await getTranslator(request);
  // Scoped to the coordinator's market in the query: another market's order is not found.
  const found = getDeskOrder({ marketId: market.id, orderId: orderIdOf(params) });
  if (!found) throw new Response("Not found", { status: 404 });
  const { order, slot } = found;
  return json({
    title: t("coordDesk.orderTitle", { code: order.pickupCode }),
    // A fresh key per rendering of the actions: a retried tap re-sends it and is done once.
    requestKey: crypto.randomUUID(),
    order: {
      id: order.id,
      marketDayId: order.marketDayId,
      code: order.pickupCode,
      status: order.status,
      paymentMethod: order.paymentMethod,
      paymentStatus: order.paymentStatus,
      totalCents: order.totalCents,
      cashReceivedCents: order.cashReceivedCents,
    },
    name: found.name,
    phone: found.phone ? formatPeruvianMobile(found.phone) : null,
    slot: formatTimeRange(slot.startsAt, slot.endsAt, locale),
    slotEnds: formatTime(slot.endsAt, locale),
    items: found.items,
    noShowAllowed: found.noShowAllowed,
    undoUntil: found.undoUntil ? formatTime(found.undoUntil, locale) : null,
    history: found.history.map((h) => ({
      id: h.id,
      action: h.action,
      actor: h.actor,
      at: formatDateTime(h.createdAt, locale),
      undone: h.undoneAt !== null,
    })),
  });
}

/** JavaScript here shows the change as the cash is typed; every action also works without. */
export const handle = { hydrate: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Qhatu" }];

export async function action({ request, params }: ActionFunctionArgs) {
  return handleDeskAction(request, orderIdOf(params));
}

export default function DeskOrder() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>() as DeskRefusal | undefined;
  return (
    <>
      <p>
        <Link to={`/coordinacion/recojo?dia=${data.order.marketDayId}`}>{t("coordDesk.next")}</Link>
      </p>
      <h1>
        <span className="code">{data.order.code}</span> · {data.name}
      </h1>
      <p className="desk-order-meta">
        {data.phone ? <span>{data.phone} · </span> : null}
        <span>{t("coordDesk.slot", { slot: data.slot })}</span> ·{" "}
        <span className={`status status-${data.order.status}`}>
          {t(`orderStatus.${data.order.status}`)}
        </span>{" "}
        · <span>{t(`payment.${data.order.paymentMethod}`)}</span>
      </p>
      {refusal ? (
        <p className="field-error card" role="alert">
          {t(refusal.error, refusal.values)}
        </p>
      ) : null}
      {data.order.status === "confirmed" ? <HandOver /> : <Outcome />}
      <History />
    </>
  );
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

function byProducer(items: Item[]) {
  const groups = new Map<number, { farmName: string; items: Item[] }>();
  for (const item of items) {
    const group = groups.get(item.producerId) ?? { farmName: item.farmName, items: [] };
    group.items.push(item);
    groups.set(item.producerId, group);
  }
  return [...groups.values()];
}

/** Cash "50" or "20.50" in céntimos, or null while it cannot be read. */
function typedCents(raw: string): number | null {
  const match = /^(?:S\/\s*)?(\d{1,5})(?:[.,](\d{1,2}))?$/i.exec(raw.trim());
  return match ? Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0")) : null;
}

/** The counter form: what is handed over per producer, the cash, and the three outcomes. */
function HandOver() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>() as DeskRefusal | undefined;
  const busy = useNavigation().state !== "idle";
  const typed = refusal?.typed ?? {};
  const [delivered, setDelivered] = useState(() =>
    data.items.map((item, index) => Number(typed[`items[${index}].delivered`] ?? item.quantity)),
  );
  const [cash, setCash] = useState(typed.cashReceived ?? "");
  const total = data.items.reduce(
    (sum, item, index) => sum + deliveredCents(item, delivered[index] ?? 0),
    0,
  );
  const cashCents = typedCents(cash);
  const cashOrder = data.order.paymentMethod === "cash";
  // Form fields are numbered in the order of the items, whatever the grouping shown.
  const indexOf = new Map(data.items.map((item, index) => [item.id, index]));
  return (
    <Form method="post" className="card desk-handover">
      <input type="hidden" name="requestKey" value={data.requestKey} />
      {byProducer(data.items).map((group) => (
        <fieldset key={group.farmName} className="desk-producer">
          <legend>{group.farmName}</legend>
          {group.items.map((item) => {
            const at = indexOf.get(item.id)!;
            return (
              <div key={item.id} className="desk-item">
                <input type="hidden" name={`items[${at}].id`} value={item.id} />
                <label htmlFor={`delivered-${item.id}`}>
                  {item.productName}{" "}
                  <span className="muted">
                    {/* A basket's line is worth its share of the basket's price: its unit
                        price is only a rounded quotient, so the line's value is shown instead. */}
                    {item.bundleName
                      ? t("coordDesk.orderedInBasket", {
                          quantity: item.quantity,
                          unit: t(`units.${item.unit}`),
                          baskets: item.bundleCount,
                          basket: item.bundleName,
                          value: formatMoney(lineCents(item)),
                        })
                      : t("coordDesk.ordered", {
                          quantity: item.quantity,
                          unit: t(`units.${item.unit}`),
                          price: formatMoney(item.unitPriceCents),
                        })}
                  </span>
                </label>
                <input
                  id={`delivered-${item.id}`}
                  name={`items[${at}].delivered`}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={item.quantity}
                  value={delivered[at]}
                  onChange={(event) => {
                    const next = [...delivered];
                    next[at] = Math.max(
                      0,
                      Math.min(item.quantity, Number(event.target.value) || 0),
                    );
                    setDelivered(next);
                  }}
                  aria-describedby="delivered-hint"
                />
              </div>
            );
          })}
        </fieldset>
      ))}
      <p id="delivered-hint" className="hint">
        {t("coordDesk.deliveredHint")}
      </p>
      <p className="desk-total" aria-live="polite">
        {t(cashOrder ? "coordDesk.total" : "coordDesk.totalPaid", { total: formatMoney(total) })}
      </p>
      {cashOrder ? (
        <div className="field">
          <label htmlFor="cash-received">{t("coordDesk.cashReceived")}</label>
          <p id="cash-hint" className="hint">
            {t("coordDesk.cashHint")}
          </p>
          <input
            id="cash-received"
            name="cashReceived"
            inputMode="decimal"
            autoComplete="off"
            value={cash}
            onChange={(event) => setCash(event.target.value)}
            aria-describedby="cash-hint cash-change"
          />
          <p id="cash-change" className="desk-change" aria-live="polite">
            {cashCents === null
              ? ""
              : cashCents >= total
                ? t("coordDesk.change", { change: formatMoney(cashCents - total) })
                : t("coordDesk.missing", { missing: formatMoney(total - cashCents) })}
          </p>
        </div>
      ) : (
        <p className="muted">{t(`coordDesk.paidBy.${data.order.paymentStatus}`)}</p>
      )}
      <div className="desk-actions">
        <button
          type="submit"
          name="intent"
          value="pickup"
          className="button primary big"
          disabled={busy}
        >
          {t("coordDesk.pickupAll")}
        </button>
        {data.noShowAllowed ? (
          <button
            type="submit"
            name="intent"
            value="noShow"
            className="button danger big"
            disabled={busy}
          >
            {t("coordDesk.noShow")}
          </button>
        ) : (
          <p className="hint">{t("coordDesk.noShowAfter", { time: data.slotEnds })}</p>
        )}
      </div>
    </Form>
  );
}

/** What happened at the desk, with the undo while it is still allowed. */
function Outcome() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  const { order } = data;
  return (
    <section className="card" aria-labelledby="outcome-title">
      <h2 id="outcome-title">{t(`orderStatus.${order.status}`)}</h2>
      <ul className="desk-delivered">
        {data.items.map((item) => (
          <li key={item.id}>
            {item.productName} ({item.farmName}
            {item.bundleName ? `, ${t("coordDesk.inBasket", { basket: item.bundleName })}` : ""}
            ):{" "}
            {item.fulfilment === "pending"
              ? t("coordDesk.notDelivered")
              : t("coordDesk.deliveredOf", {
                  delivered: item.deliveredQuantity ?? 0,
                  quantity: item.quantity,
                })}
            {item.bundleName && item.fulfilment !== "pending"
              ? ` · ${t("coordDesk.lineValue", {
                  value: formatMoney(deliveredCents(item, item.deliveredQuantity ?? item.quantity)),
                })}`
              : null}
          </li>
        ))}
      </ul>
      <p className="desk-total">{t("coordDesk.total", { total: formatMoney(order.totalCents) })}</p>
      {order.cashReceivedCents !== null ? (
        <p className="desk-change">
          {t("coordDesk.cashAndChange", {
            received: formatMoney(order.cashReceivedCents),
            change: formatMoney(order.cashReceivedCents - order.totalCents),
          })}
        </p>
      ) : null}
      {data.undoUntil ? (
        <Form method="post" className="desk-undo">
          <input type="hidden" name="requestKey" value={data.requestKey} />
          <button
            type="submit"
            name="intent"
            value="undo"
            className="button secondary big"
            disabled={busy}
          >
            {t("coordDesk.undo", { time: data.undoUntil })}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function History() {
  const { t } = useTranslation();
  const { history } = useLoaderData<typeof loader>();
  if (history.length === 0) return null;
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t("coordDesk.history")}</h2>
      <ul className="desk-history">
        {history.map((h) => (
          <li key={h.id} className={h.undone ? "undone" : undefined}>
            {t(`coordDesk.actions.${h.action.replace("desk.", "")}`)} · {h.actor ?? "—"} · {h.at}
            {h.undone ? ` · ${t("coordDesk.undoneMark")}` : ""}
          </li>
        ))}
      </ul>
    </section>
  );
}
