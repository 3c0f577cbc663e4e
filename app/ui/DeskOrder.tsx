/**
 * One order at the pickup desk: the counter form (what is handed over, the cash and the
 * change), what happened once it is done (with the undo), and the desk's history of it.
 */
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { useTranslation } from "../infra/translate";
import { cashCentsOf } from "../features/desk/cash";
import type { getDeskOrder } from "../features/desk/desk-search.server";
import { deliveredCents } from "../features/ordering/line-value";
import { CashReceived, DeliveredItems, NotPaidYet, PaidNotice } from "./DeskCounter";
import { formatMoney } from "../lib/format";
import { typedIn, type FormReply } from "../lib/form-reply";

type DeskItem = NonNullable<ReturnType<typeof getDeskOrder>>["items"][number];

/** The counter form: what is handed over per producer, the cash, and the three outcomes. */
export function DeskHandOver({
  data,
}: {
  data: {
    requestKey: string;
    order: { paymentMethod: string; paymentStatus: string; totalCents: number };
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
  return (
    <Form method="post" className="card desk-handover">
      <input type="hidden" name="requestKey" value={data.requestKey} />
      <DeliveredItems
        items={data.items}
        delivered={delivered}
        onChange={setDelivered}
        idPrefix=""
        named
      />
      <p className="desk-total" aria-live="polite">
        {t(cashOrder ? "coordDesk.total" : "coordDesk.totalPaid", { total: formatMoney(total) })}
      </p>
      {cashOrder ? (
        <CashReceived
          cash={cash}
          onChange={setCash}
          cashCents={cashCents}
          total={total}
          idPrefix=""
          named
        />
      ) : (
        <PaidNotice order={data.order} total={total} />
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
    order: {
      status: string;
      paymentMethod: string;
      totalCents: number;
      cashReceivedCents: number | null;
    };
    items: DeskItem[];
    /** A Yape/Plin order handed over short: what to give back to the family, or null. */
    givenBackCents: number | null;
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
      {order.status === "pending_payment" ? (
        <NotPaidYet paymentMethod={order.paymentMethod} />
      ) : null}
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
      <p className="desk-total">
        {t(order.paymentMethod === "cash" ? "coordDesk.total" : "coordDesk.totalPaid", {
          total: formatMoney(order.totalCents),
        })}
      </p>
      {data.givenBackCents ? (
        <p className="desk-change">
          {t("coordDesk.givenBack", { givenBack: formatMoney(data.givenBackCents) })}
        </p>
      ) : null}
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
