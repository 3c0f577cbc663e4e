/**
 * Top-level catalogue sections the browser never needs on a consumer's page: the coordinator's
 * (files coord-*.json) and the message templates (notifications.json, used by the server when
 * it sends). Kept apart from catalogs.ts so the browser bundle never imports the catalogues.
 */
export function isCoordinatorSection(key: string) {
  return key.startsWith("coord");
}

export function isServerOnlySection(key: string) {
  // "offline" and "outbox": the service worker bundles its own strings (notices.ts,
  // outbox-strings.ts); the server also answers queued producer forms from "outbox".
  return (
    key === "notify" ||
    key === "offline" ||
    key === "outbox" ||
    key === "smsCommands" ||
    key === "smsInbound"
  );
}
