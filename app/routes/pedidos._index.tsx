import { json } from "@remix-run/node";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { getTranslator } from "../infra/i18n.server";
import { formatMarketDate, formatMoney, formatTime } from "../lib/format";
import { listOwnOrders } from "../features/ordering/order-reads.server";
import { walletStatesOfConsumer } from "../features/wallet/order-wallet.server";
import { requireUser } from "../infra/session.server";
import { titleMeta } from "../lib/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { t, locale } = await getTranslator(request);
  // A Yape/Plin order waiting for its payment says what it waits for, not "waiting for payment".
  const walletStates = walletStatesOfConsumer(user.id);
  const orders = listOwnOrders(user.id).map((o) => ({
    ...o,
    walletState: walletStates.get(`${o.date}-${o.pickupCode}`) ?? null,
    dateLabel: formatMarketDate(o.date, locale),
    slotLabel: formatTime(o.slotStartsAt, locale),
  }));
  return json({ title: t("orders.title"), orders });
}

/** Plain forms only: no JavaScript needed (see root.tsx). */
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = titleMeta;

export default function OrdersPage() {
  const { t } = useTranslation();
  const { orders } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("orders.title")}</h1>
      {orders.length === 0 ? (
        <section className="card">
          <p>{t("orders.none")}</p>
          <Link to="/feria" className="button">
            {t("basket.browse")}
          </Link>
        </section>
      ) : (
        <ul className="order-list">
          {orders.map((o) => (
            <li key={`${o.date}-${o.pickupCode}`} className="card">
              <Link to={`/pedidos/${o.pickupCode}`} className="order-link">
                <span className="code small">{o.pickupCode}</span>
                <span>
                  {o.dateLabel} · {o.slotLabel}
                </span>
              </Link>
              <p>
                {o.walletState ? t(`wallet.list.${o.walletState}`) : t(`orderStatus.${o.status}`)} ·{" "}
                {t("orders.items", { count: o.itemCount })} ·{" "}
                <strong>{formatMoney(o.totalCents)}</strong>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
