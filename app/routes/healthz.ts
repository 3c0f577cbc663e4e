import { json } from "@remix-run/node";
import { checkDatabase } from "../infra/health.server";

/** For the process supervisor and uptime checks: 200 when the database answers, else 503. */
export function loader() {
  const database = checkDatabase();
  const headers = { "Cache-Control": "no-store" };
  if (!database.ok)
    return json({ status: "error", database: "unavailable" }, { status: 503, headers });
  return json({ status: "ok", database: "ok" }, { headers });
}
