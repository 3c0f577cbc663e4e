/**
 * The pickup desk without a signal (loaded lazily by OfflineDeskSlot): "Preparar la mesa", the
 * queue's state (how many wait, when it last went through, "Enviar ahora"), the conflicts the
 * server sent back, and, offline, the search and the orders from the copy on the device.
 */
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "../../infra/translate";
import {
  findInCopy,
  type DeskCopyOrder,
  type QueuedDeskAction,
} from "../../features/desk/offline/desk-copy";
import {
  dismissConflict,
  enqueue,
  readDeskState,
  saveCopy,
  type DeskState,
} from "../../features/desk/offline/desk-store";
import { downloadDay, sendQueue, serverReachable } from "../../features/desk/offline/desk-sync";
import { formatMarketDate, formatMoney, formatTime, formatTimeRange } from "../../lib/format";
import { QrScanner } from "../QrScanner";
import { OfflineOrder } from "./OfflineOrder";

type Props = {
  offline: boolean;
  /** Reports whether the desk's last request reached the server. */
  onNetwork: (reached: boolean) => void;
  dayId: number | null;
  openOrderId?: number;
};

type Message = { key: string; values?: Record<string, unknown> } | { text: string };

const EMPTY: DeskState = { copy: null, queue: [], conflicts: [], lastSync: null };

export default function OfflineDesk({ offline, onNetwork, dayId, openOrderId }: Props) {
  const [state, setState] = useState<DeskState>(EMPTY);
  const [busy, setBusy] = useState<"prepare" | "send" | null>(null);
  // Kept as a key, translated when shown: `send` must not depend on `t` (it runs from an effect).
  const [message, setMessage] = useState<Message | null>(null);
  const reload = useCallback(async () => setState(await readDeskState()), []);

  const send = useCallback(async () => {
    setBusy("send");
    const outcome = await sendQueue();
    setBusy(null);
    if (outcome.state === "offline") {
      onNetwork(false);
      setMessage({ key: "sendFailed" });
    } else if (outcome.state === "session") {
      setMessage({ key: "sessionEnded" });
    } else if (outcome.state === "refused") {
      setMessage(outcome.error ? { text: outcome.error } : { key: "sendFailed" });
    } else if (outcome.sent === 0 && !(await serverReachable())) {
      // Nothing was queued, so nothing reached the server: ask it before leaving offline mode.
      onNetwork(false);
    } else {
      onNetwork(true);
      setMessage(outcome.sent > 0 ? { key: "sent", values: { count: outcome.sent } } : null);
      // The copy learns what the server now holds (this desk's and the others' handovers).
      const { copy } = await readDeskState();
      const fresh = outcome.sent > 0 && copy ? await downloadDay(copy.dayId) : null;
      if (fresh) await saveCopy(fresh);
    }
    await reload();
  }, [onNetwork, reload]);

  // Sent on page load while online, and whenever the browser says the network is back.
  useEffect(() => {
    void (async () => {
      const loaded = await readDeskState();
      setState(loaded);
      if (navigator.onLine && loaded.queue.length > 0) await send();
    })();
    const online = () => void send();
    window.addEventListener("online", online);
    return () => window.removeEventListener("online", online);
  }, [send]);

  // Offline while the browser says online (a request failed): try again now and then.
  useEffect(() => {
    if (!offline || !navigator.onLine) return;
    const timer = setInterval(() => void send(), 30_000);
    return () => clearInterval(timer);
  }, [offline, send]);

  async function prepare() {
    if (dayId === null) return;
    setBusy("prepare");
    const copy = await downloadDay(dayId);
    setBusy(null);
    if (!copy) {
      setMessage({ key: "prepareFailed" });
      return;
    }
    await saveCopy(copy);
    setMessage(null);
    await reload();
  }

  async function record(action: QueuedDeskAction) {
    await enqueue(action);
    await reload();
  }

  return (
    <>
      {offline ? <OfflineSearch state={state} openOrderId={openOrderId} onRecord={record} /> : null}
      <QueuePanel
        state={state}
        offline={offline}
        dayId={dayId}
        busy={busy}
        message={message}
        onPrepare={prepare}
        onSend={send}
      />
      <Conflicts
        state={state}
        onDismiss={async (key) => {
          await dismissConflict(key);
          await reload();
        }}
      />
    </>
  );
}

function QueuePanel({
  state,
  offline,
  dayId,
  busy,
  message,
  onPrepare,
  onSend,
}: {
  state: DeskState;
  offline: boolean;
  dayId: number | null;
  busy: "prepare" | "send" | null;
  message: Message | null;
  onPrepare: () => void;
  onSend: () => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { copy, queue, lastSync } = state;
  return (
    <section className="card desk-offline" aria-labelledby="desk-offline-title">
      <h2 id="desk-offline-title">{t("coordDesk.offline.title")}</h2>
      <p>
        {copy
          ? t("coordDesk.offline.prepared", {
              count: copy.orders.length,
              date: formatMarketDate(copy.date, locale),
              time: formatTime(new Date(copy.downloadedAt), locale),
            })
          : t("coordDesk.offline.prepareHint")}
      </p>
      {!offline && dayId !== null ? (
        <button
          type="button"
          className="button secondary big"
          onClick={onPrepare}
          disabled={busy !== null}
        >
          {busy === "prepare"
            ? t("coordDesk.offline.preparing")
            : copy?.dayId === dayId
              ? t("coordDesk.offline.prepareAgain")
              : t("coordDesk.offline.prepare")}
        </button>
      ) : null}
      <p className="desk-offline-queue" role="status">
        {queue.length > 0
          ? t("coordDesk.offline.waiting", { count: queue.length })
          : t("coordDesk.offline.noneWaiting")}{" "}
        {lastSync
          ? t("coordDesk.offline.lastSync", { time: formatTime(new Date(lastSync), locale) })
          : t("coordDesk.offline.neverSynced")}
      </p>
      {queue.length > 0 || offline ? (
        <button
          type="button"
          className="button primary big"
          onClick={onSend}
          disabled={busy !== null}
        >
          {busy === "send" ? t("coordDesk.offline.sending") : t("coordDesk.offline.sendNow")}
        </button>
      ) : null}
      {message ? (
        <p className="desk-offline-message" role="alert">
          {"text" in message ? message.text : t(`coordDesk.offline.${message.key}`, message.values)}
        </p>
      ) : null}
    </section>
  );
}

/** The server's refusals, per order, in words, until the coordinator dismisses each. */
function Conflicts({
  state,
  onDismiss,
}: {
  state: DeskState;
  onDismiss: (requestKey: string) => void;
}) {
  const { t } = useTranslation();
  if (state.conflicts.length === 0) return null;
  return (
    <section className="card desk-conflicts" role="alert" aria-labelledby="desk-conflicts-title">
      <h2 id="desk-conflicts-title">{t("coordDesk.offline.conflictsTitle")}</h2>
      <ul>
        {state.conflicts.map((c) => (
          <li key={c.requestKey}>
            <p>
              {t("coordDesk.offline.conflictLine", {
                code: c.code || `#${c.orderId}`,
                name: c.name,
                reason: t(`coordDesk.offline.conflict.${c.reason}`, {
                  total: formatMoney(c.totalCents ?? 0),
                }),
              })}
            </p>
            <button
              type="button"
              className="button secondary"
              onClick={() => onDismiss(c.requestKey)}
            >
              {t("coordDesk.offline.dismiss")}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Offline: the search over the copy, the camera, the results, and the order opened. */
function OfflineSearch({
  state,
  openOrderId,
  onRecord,
}: {
  state: DeskState;
  openOrderId?: number;
  onRecord: (action: QueuedDeskAction) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<DeskCopyOrder[] | null>(null);
  const [openId, setOpenId] = useState<number | null>(openOrderId ?? null);
  const { copy, queue } = state;
  const queuedFor = (orderId: number) => queue.find((q) => q.orderId === orderId);

  const search = useCallback(
    (typed: string) => {
      if (!copy) return;
      const found = findInCopy(copy, typed);
      // A code that names one order opens it at once, as the desk does online.
      const code = typed.toUpperCase().replace(/[^A-Z0-9]/g, "");
      if (found.length === 1 && found[0].code === code) {
        setOpenId(found[0].id);
        setResults(null);
      } else {
        setOpenId(null);
        setResults(found);
      }
    },
    [copy],
  );
  const onCode = useCallback(
    (code: string) => {
      setQuery(code);
      search(code);
    },
    [search],
  );

  if (!copy) {
    return (
      <p className="card field-error" role="alert">
        {t("coordDesk.offline.noCopy")}
      </p>
    );
  }
  const open = openId === null ? undefined : copy.orders.find((o) => o.id === openId);
  return (
    <>
      <p className="card desk-offline-banner" role="status">
        {t("coordDesk.offline.offlineNow")}
      </p>
      {openId !== null ? (
        open ? (
          <OfflineOrder
            key={open.id}
            order={open}
            queued={queuedFor(open.id)}
            onRecord={onRecord}
            onBack={() => setOpenId(null)}
          />
        ) : (
          <p className="card" role="status">
            {t("coordDesk.offline.notInCopy")}
          </p>
        )
      ) : null}
      {open ? null : (
        <>
          <form
            className="card desk-search"
            role="search"
            onSubmit={(event) => {
              event.preventDefault();
              search(query);
            }}
          >
            <div className="field">
              <label htmlFor="offline-query">{t("coordDesk.query")}</label>
              <p id="offline-query-hint" className="hint">
                {t("coordDesk.queryHint")}
              </p>
              <input
                id="offline-query"
                type="search"
                value={query}
                onChange={(event) => setQuery(event.target.value)}
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                aria-describedby="offline-query-hint"
              />
            </div>
            <button type="submit" className="button primary big">
              {t("coordDesk.search")}
            </button>
          </form>
          <QrScanner onCode={onCode} />
          {results ? (
            <section aria-labelledby="offline-results">
              <h2 id="offline-results">{t("coordDesk.results", { count: results.length })}</h2>
              <ul className="desk-results">
                {results.map((r) => (
                  <li key={r.id}>
                    <button type="button" className="desk-result" onClick={() => setOpenId(r.id)}>
                      <span className="code">{r.code}</span>
                      <span>
                        <strong>{r.name}</strong>
                        {r.phoneEnd ? <span className="muted"> · ··· {r.phoneEnd}</span> : null}
                      </span>
                      <span className="muted">
                        {formatTimeRange(
                          new Date(r.slotStartsAt),
                          new Date(r.slotEndsAt),
                          i18n.language,
                        )}{" "}
                        · {formatMoney(r.totalCents)} · {t(`payment.${r.paymentMethod}`)}
                      </span>
                      <span className={`status status-${r.status}`}>
                        {queuedFor(r.id)
                          ? t("coordDesk.offline.pending")
                          : t(`orderStatus.${r.status}`)}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
    </>
  );
}
