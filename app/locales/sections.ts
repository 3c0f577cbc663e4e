/**
 * Top-level catalogue sections only the coordinator's pages use (their files are named
 * coord-*.json). Kept apart from catalogs.ts so the browser bundle never imports the catalogues.
 */
export function isCoordinatorSection(key: string) {
  return key.startsWith("coord");
}
