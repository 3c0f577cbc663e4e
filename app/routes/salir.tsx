import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { getTranslator } from "../infra/i18n.server";
import { endSession, getUser } from "../infra/session.server";
import { titleMeta } from "../lib/meta";

/** GET never logs out (a prefetch or a crawler must not end a session): it asks first. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!(await getUser(request))) throw redirect("/");
  const { t } = await getTranslator(request);
  return json({ title: t("logout.title") });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

export async function action({ request }: ActionFunctionArgs) {
  const headers = new Headers({ "Set-Cookie": await endSession(request) });
  // A shared phone: what the app kept for this person (pages, the desk's day, queued changes)
  // leaves with them. The service worker clears the same when it handles the logout.
  headers.set("Clear-Site-Data", '"cache", "storage"');
  return redirect("/", { headers });
}

export default function LogoutPage() {
  const { t } = useTranslation();
  return (
    <section className="card narrow" aria-labelledby="logout-title">
      <h1 id="logout-title">{t("logout.title")}</h1>
      <p>{t("logout.question")}</p>
      <Form method="post">
        <button type="submit" className="button primary">
          {t("nav.logout")}
        </button>
      </Form>
    </section>
  );
}
