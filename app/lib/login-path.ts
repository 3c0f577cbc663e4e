/** Where signing in happens; shared by the server and the service worker's outbox. */
export const LOGIN_PATH = "/ingresar";

/** Whether a redirect's Location (relative or absolute) goes to the sign-in page. */
export function isLoginPath(location: string) {
  try {
    return new URL(location, "http://qhatu.invalid").pathname === LOGIN_PATH;
  } catch {
    return false;
  }
}
