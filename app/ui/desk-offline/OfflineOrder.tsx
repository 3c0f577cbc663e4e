/**
 * One order from the desk's offline copy: what is handed over per producer, the cash and the
 * change, or a no-show once the slot is over; recorded on the device with a request key of its
 * own, to be sent later. Plain React state, no Remix form: there is no server to post to.
 */
import { useState } from "react";
import { useTranslation } from "../../infra/translate";
import { cashCentsOf } from "../../features/desk/cash";
import type { DeskCopyOrder, QueuedDeskAction } from "../../features/desk/offline/desk-copy";
import { deliveredCents } from "../../features/ordering/line-value";
import { CashReceived, DeliveredItems, NotPaidYet, PaidNotice } from "../DeskCounter";
import { givenBackCentsOf } from "../../features/desk/cash";
import { formatMoney, formatTime, formatTimeRange } from "../../lib/format";

/** A fresh request key; randomUUID needs a secure context, which a phone on http lacks. */
function newRequestKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function OfflineOrder({
  order,
  queued,
  onRecord,
  onBack,
}: {
  order: DeskCopyOrder;
  /** The action already recorded offline for this order, if any: it is "por enviar". */
  queued: QueuedDeskAction | undefined;
  onRecord: (action: QueuedDeskAction) => Promise<void>;
  onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [delivered, setDelivered] = useState(() => order.items.map((i) => i.quantity));
  const [cash, setCash] = useState("");
  const [error, setError] = useState<string | null>(null);
  const total = order.items.reduce((sum, item, at) => sum + deliveredCents(item, delivered[at]), 0);
  const cashOrder = order.paymentMethod === "cash";
  const cashCents = cash.trim() === "" ? null : cashCentsOf(cash);
  const slotEnd = new Date(order.slotEndsAt);
  // Judged when the order is opened: the desk reopens it for the next tap anyway.
  const [openedAt] = useState(() => Date.now());
  const noShowAllowed = openedAt >= slotEnd.getTime();

  async function record(intent: "pickup" | "noShow") {
    if (intent === "pickup") {
      if (cash.trim() !== "" && cashCents === null)
        return setError(t("coordDesk.errors.cashFormat"));
      if (total === 0) return setError(t("coordDesk.errors.nothingDelivered"));
      if (cashOrder && cashCents !== null && cashCents < total) {
        return setError(t("coordDesk.errors.cashShort", { total: formatMoney(total) }));
      }
    }
    setError(null);
    await onRecord({
      // Made now, when the coordinator records it: sending it twice records it once.
      requestKey: newRequestKey(),
      orderId: order.id,
      version: order.version,
      intent,
      ...(intent === "pickup"
        ? {
            items: order.items.map((item, at) => ({ id: item.id, delivered: delivered[at] })),
            cashReceivedCents: cashOrder ? (cashCents ?? total) : null,
          }
        : {}),
      recordedAt: new Date().toISOString(),
    });
  }

  return (
    <section className="card desk-offline-order" aria-labelledby="offline-order-title">
      <p>
        <button type="button" className="button secondary" onClick={onBack}>
          {t("coordDesk.offline.back")}
        </button>
      </p>
      <h2 id="offline-order-title">
        <span className="code">{order.code}</span> · {order.name}
      </h2>
      <p className="desk-order-meta">
        {order.phoneEnd ? <span>··· {order.phoneEnd} · </span> : null}
        <span>
          {t("coordDesk.slot", {
            slot: formatTimeRange(new Date(order.slotStartsAt), slotEnd, locale),
          })}
        </span>{" "}
        ·{" "}
        <span className={`status status-${order.status}`}>{t(`orderStatus.${order.status}`)}</span>{" "}
        · <span>{t(`payment.${order.paymentMethod}`)}</span>
      </p>
      {queued ? (
        <Recorded queued={queued} order={order} />
      ) : order.status === "pending_payment" ? (
        <NotPaidYet paymentMethod={order.paymentMethod} />
      ) : order.status !== "confirmed" ? null : (
        <div className="desk-handover">
          <DeliveredItems
            items={order.items}
            delivered={delivered}
            onChange={setDelivered}
            idPrefix="offline-"
            named={false}
          />
          <p className="desk-total" aria-live="polite">
            {t(cashOrder ? "coordDesk.total" : "coordDesk.totalPaid", {
              total: formatMoney(total),
            })}
          </p>
          {cashOrder ? (
            <CashReceived
              cash={cash}
              onChange={setCash}
              cashCents={cashCents}
              total={total}
              idPrefix="offline-"
              named={false}
            />
          ) : (
            <PaidNotice order={order} total={total} />
          )}
          {error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : null}
          <div className="desk-actions">
            <button type="button" className="button primary big" onClick={() => record("pickup")}>
              {t("coordDesk.pickupAll")}
            </button>
            {noShowAllowed ? (
              <button type="button" className="button danger big" onClick={() => record("noShow")}>
                {t("coordDesk.noShow")}
              </button>
            ) : (
              <p className="hint">
                {t("coordDesk.noShowAfter", { time: formatTime(slotEnd, locale) })}
              </p>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

/** What was recorded offline for the order, with its total and change: "por enviar". */
function Recorded({ queued, order }: { queued: QueuedDeskAction; order: DeskCopyOrder }) {
  const { t } = useTranslation();
  if (queued.intent === "noShow") {
    return (
      <p className="desk-offline-recorded" role="status">
        {t("coordDesk.offline.recordedNoShow")}
      </p>
    );
  }
  const total = order.items.reduce((sum, item) => {
    const handed = queued.items?.find((i) => i.id === item.id)?.delivered ?? item.quantity;
    return sum + deliveredCents(item, handed);
  }, 0);
  const change = (queued.cashReceivedCents ?? total) - total;
  const givenBack = givenBackCentsOf(order, total);
  return (
    <p className="desk-offline-recorded" role="status">
      {givenBack
        ? t("coordDesk.offline.recordedGiveBack", {
            total: formatMoney(total),
            givenBack: formatMoney(givenBack),
          })
        : change > 0
          ? t("coordDesk.offline.recordedChange", {
              total: formatMoney(total),
              change: formatMoney(change),
            })
          : t("coordDesk.offline.recorded", { total: formatMoney(total) })}
    </p>
  );
}
