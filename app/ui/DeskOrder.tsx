/**
 * One order at the pickup desk: the counter form (what is handed over, the cash and the
 * change), what happened once it is done (with the undo), and the desk's history of it.
 */
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { useTranslation } from "../infra/translate";
import { cashCentsOf } from "../features/desk/cash";
import type { getDeskOrder } from "../features/desk/desk-search.server";
import { deliveredCents, lineCents } from "../features/ordering/line-value";
import { formatMoney } from "../lib/format";
import { typedIn, type FormReply } from "../lib/form-reply";

type DeskItem = NonNullable<ReturnType<typeof getDeskOrder>>["items"][number];

function byProducer(items: DeskItem[]) {
  const groups = new Map<number, { farmName: string; items: DeskItem[] }>();
  for (const item of items) {
    const group = groups.get(item.producerId) ?? { farmName: item.farmName, items: [] };
    group.items.push(item);
    groups.set(item.producerId, group);
  }
  return [...groups.values()];
}

/** The counter form: what is handed over per producer, the cash, and the three outcomes. */
export function DeskHandOver({
  data,
}: {
  data: {
    requestKey: string;
    order: { paymentMethod: string; paymentStatus: string };
    items: DeskItem[];
    noShowAllowed: boolean;
    /** When the pickup slot ends: a no-show can be marked from then. */
    slotEnds: string;
  };
}) {
  const { t } = useTranslation();
  // The desk's action (app/features/desk/desk-action.server.ts) refuses with the one FormReply.
  const refusal = useActionData<FormReply>();
  const busy = useNavigation().state !== "idle";
  const [delivered, setDelivered] = useState(() =>
    data.items.map((item, index) =>
      Number(typedIn(refusal, `items[${index}].delivered`) ?? item.quantity),
    ),
  );
  const [cash, setCash] = useState(typedIn(refusal, "cashReceived") ?? "");
  const total = data.items.reduce(
    (sum, item, index) => sum + deliveredCents(item, delivered[index] ?? 0),
    0,
  );
  const cashCents = cashCentsOf(cash);
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
        <DeskButton intent="pickup" tone="primary" busy={busy}>
          {t("coordDesk.pickupAll")}
        </DeskButton>
        {data.noShowAllowed ? (
          <DeskButton intent="noShow" tone="danger" busy={busy}>
            {t("coordDesk.noShow")}
          </DeskButton>
        ) : (
          <p className="hint">{t("coordDesk.noShowAfter", { time: data.slotEnds })}</p>
        )}
      </div>
    </Form>
  );
}

/** What happened at the desk, with the undo while it is still allowed. */
export function DeskOutcome({
  data,
}: {
  data: {
    requestKey: string;
    order: { status: string; totalCents: number; cashReceivedCents: number | null };
    items: DeskItem[];
    /** Until when the desk's last action can be undone, or null. */
    undoUntil: string | null;
  };
}) {
  const { t } = useTranslation();
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

/** The desk's actions on the order, an undone one marked. */
export function DeskHistory({
  history,
}: {
  history: { id: number; action: string; actor: string | null; at: string; undone: boolean }[];
}) {
  const { t } = useTranslation();
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

/** A big button sending the desk's form with its `intent`, held while a send is on its way. */
function DeskButton({
  intent,
  tone,
  busy,
  children,
}: {
  intent: "pickup" | "noShow";
  tone: "primary" | "danger";
  busy: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="submit"
      name="intent"
      value={intent}
      className={`button ${tone} big`}
      disabled={busy}
    >
      {children}
    </button>
  );
}
