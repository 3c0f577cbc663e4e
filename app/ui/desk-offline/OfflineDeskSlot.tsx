/**
 * Where the desk pages put the offline desk: the network's state (navigator.onLine, and any
 * request of the desk that failed) and the offline code itself, loaded only once the page has
 * hydrated so that the desk's first JavaScript stays as small as it was.
 */
import { lazy, Suspense, useCallback, useEffect, useState, useSyncExternalStore } from "react";

const noSubscription = () => () => {};

const OfflineDesk = lazy(() => import("./OfflineDesk"));

/**
 * Whether this document is the service worker's last copy (its "sin conexión" banner), read as
 * the module loads, before hydration can redraw the page: the network failed although the
 * browser may still say it is online.
 */
const servedFromCache =
  typeof document !== "undefined" && document.querySelector("[data-offline-banner]") !== null;

/** True while the desk has no network: the browser says so, or a request of the desk failed. */
export function useDeskOffline() {
  const [offline, setOffline] = useState(false);
  useEffect(() => {
    const update = () => setOffline(!navigator.onLine);
    const atLoad = () => setOffline(!navigator.onLine || servedFromCache);
    atLoad();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return [offline, setOffline] as const;
}

export function OfflineDeskSlot({
  offline,
  setOffline,
  dayId,
  openOrderId,
}: {
  offline: boolean;
  setOffline: (offline: boolean) => void;
  /** The market day the page shows: the one "Preparar la mesa" downloads. */
  dayId: number | null;
  /** On an order's page: the order to open from the copy when offline. */
  openOrderId?: number;
}) {
  // False on the server and at hydration (the offline desk is browser-only), true after.
  const mounted = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const onNetwork = useCallback((reached: boolean) => setOffline(!reached), [setOffline]);
  if (!mounted) return null;
  return (
    <Suspense fallback={null}>
      <OfflineDesk
        offline={offline}
        onNetwork={onNetwork}
        dayId={dayId}
        openOrderId={openOrderId}
      />
    </Suspense>
  );
}
