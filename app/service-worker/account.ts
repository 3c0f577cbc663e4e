/**
 * A shared phone changes hands: logging out removes everything the app kept on it (the server
 * also sends Clear-Site-Data), and signing in drops the pages the previous person left.
 */
import { clearDevice, dropPages } from "./storage";

const LOGOUT = new Set(["/salir", "/salir.data"]);
const LOGIN = new Set(["/ingresar", "/ingresar.data"]);

export function isAccountPost(url: URL) {
  return LOGOUT.has(url.pathname) || LOGIN.has(url.pathname);
}

/** Whether the server accepted the post: it answers a login or logout with a redirect. */
function redirected(response: Response) {
  return (
    response.type === "opaqueredirect" ||
    (response.status >= 300 && response.status < 400) ||
    // Remix's single fetch answers a redirect from a data POST with 202 and the target inside.
    response.status === 202 ||
    response.redirected
  );
}

/** Runs before the response reaches the page, so no page of the old session is shown after. */
export async function afterAccountPost(url: URL, response: Response) {
  if (LOGOUT.has(url.pathname) && response.status < 400) await clearDevice();
  else if (LOGIN.has(url.pathname) && redirected(response)) await dropPages();
}
