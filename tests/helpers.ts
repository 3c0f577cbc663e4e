/** Calling loaders and actions directly with real Request objects, as Remix would. */
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { startSession } from "../app/infra/session.server";

const ORIGIN = "http://localhost:3000";

export function getRequest(
  path: string,
  { cookie, headers = {} }: { cookie?: string; headers?: Record<string, string> } = {},
) {
  return new Request(ORIGIN + path, {
    headers: { ...(cookie ? { Cookie: cookie } : {}), ...headers },
  });
}

export function formRequest(
  path: string,
  fields: Record<string, string>,
  { cookie, headers = {} }: { cookie?: string; headers?: Record<string, string> } = {},
) {
  return new Request(ORIGIN + path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(cookie ? { Cookie: cookie } : {}),
      ...headers,
    },
  });
}

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown;

/** Runs a loader or action; a thrown Response (redirect, 404…) is returned like a returned one. */
export async function run(
  handler: unknown,
  request: Request,
  { params = {}, context = {} }: { params?: Record<string, string>; context?: AppLoadContext } = {},
): Promise<Response> {
  try {
    const result = await (handler as Handler)({ request, params, context });
    if (result instanceof Response) return result;
    return Response.json(result);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** The `name=value` pairs a browser would send back from a response's Set-Cookie headers. */
export function cookiesFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** A Cookie header with a real session for `userId`, as if they had logged in. */
export async function loggedInCookie(userId: number): Promise<string> {
  return (await startSession(userId)).split(";")[0];
}

/** Keeps cookies across responses, as a browser would. */
export class CookieJar {
  private cookies = new Map<string, string>();

  apply(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(";");
      const [name, ...value] = pair.split("=");
      const expired = attributes.some((a) => /^\s*max-age=0$/i.test(a));
      if (expired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join("="));
    }
    return response;
  }

  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/**
 * How many SQL statements SQLite prepares while `work` runs: each ORM query prepares one, so
 * a page whose count grows with its rows has a query per row.
 */
export async function countQueries(work: () => Promise<unknown>): Promise<number> {
  const { db } = await import("../app/infra/db.server");
  const client = db().$client;
  const prepare = client.prepare.bind(client);
  let n = 0;
  client.prepare = ((source: string) => {
    n++;
    return prepare(source);
  }) as typeof client.prepare;
  try {
    await work();
  } finally {
    client.prepare = prepare;
  }
  return n;
}
