/**
 * "Añadir" on a catalogue card: a plain POST to /canasta that comes back to the card without
 * JavaScript; once the page is hydrated, answered in place through a fetcher.
 */
import { useFetcher, useLocation } from "@remix-run/react";
import { useSyncExternalStore } from "react";
import { useTranslation } from "../infra/translate";

const noSubscription = () => () => {};

/** False on the server and while hydrating, true once the page's JavaScript runs. */
export function useHydrated() {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

type AddReply = {
  ok?: boolean;
  quantity?: number;
  capped?: boolean;
  error?: Record<string, string[]>;
};

export function AddToCartForm({
  what,
  id,
  anchor,
  label,
  visibleLabel = false,
  max,
  inputId,
  statusId,
  words,
}: {
  /** An offer ("add", offerId) or a family basket ("addBundle", bundleId). */
  what: "offer" | "bundle";
  id: number;
  /** Where on the page a plain form comes back to. */
  anchor: string;
  label: string;
  visibleLabel?: boolean;
  max: number;
  inputId: string;
  statusId: string;
  /** Translation keys: the button, "added", "capped to {{count}}", the fallback error. */
  words: { add: string; added: string; capped: string; error: string };
}) {
  const { t } = useTranslation();
  const fetcher = useFetcher<AddReply>();
  const location = useLocation();
  const hydrated = useHydrated();
  const reply = fetcher.data;
  return (
    <fetcher.Form method="post" action="/canasta" className="add-form">
      <input type="hidden" name="intent" value={what === "offer" ? "add" : "addBundle"} />
      <input type="hidden" name={what === "offer" ? "offerId" : "bundleId"} value={id} />
      {hydrated ? <input type="hidden" name="respond" value="json" /> : null}
      <input
        type="hidden"
        name="redirectTo"
        value={`${location.pathname}${location.search}#${anchor}`}
      />
      <label htmlFor={inputId} className={visibleLabel ? undefined : "visually-hidden"}>
        {label}
      </label>
      <input
        id={inputId}
        name="quantity"
        type="number"
        inputMode="numeric"
        min={1}
        max={max}
        defaultValue={1}
        aria-describedby={statusId}
      />
      <button type="submit" className="button" disabled={fetcher.state !== "idle"}>
        {t(words.add)}
      </button>
      <span id={statusId} role="status" className="add-status">
        {reply?.ok
          ? reply.capped
            ? t(words.capped, { count: reply.quantity })
            : t(words.added)
          : reply?.error
            ? t(reply.error[""]?.[0] ?? words.error)
            : ""}
      </span>
    </fetcher.Form>
  );
}
