import crypto from "node:crypto";
import { json } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { requireCoordinator } from "../features/access/coordinator.server";
import { getTranslator } from "../infra/i18n.server";
import { handleDeskAction } from "../features/desk/desk-action.server";
import { formErrorsOf } from "../lib/form-reply";
import { idParam } from "../lib/route-params";
import { formatDateTime, formatTime, formatTimeRange } from "../lib/format";
import { formatPeruvianMobile } from "../lib/phone";
import { getDeskOrder } from "../features/desk/desk-search.server";
import { DeskHandOver, DeskHistory, DeskOutcome } from "../ui/DeskOrder";
import { titleMeta } from "../lib/meta";
import { OfflineDeskSlot, useDeskOffline } from "../ui/desk-offline/OfflineDeskSlot";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const { t, locale } = await getTranslator(request);
  // Scoped to the coordinator's market in the query: another market's order is not found.
  const found = getDeskOrder({ marketId: market.id, orderId: idParam(params.id) });
  if (!found) throw new Response("Not found", { status: 404 });
  const { order, slot } = found;
  return json({
    title: t("coordDesk.orderTitle", { code: order.pickupCode }),
    // A fresh key per rendering of the actions: a retried tap re-sends it and is done once.
    requestKey: crypto.randomUUID(),
    order: {
      id: order.id,
      marketDayId: order.marketDayId,
      code: order.pickupCode,
      status: order.status,
      paymentMethod: order.paymentMethod,
      paymentStatus: order.paymentStatus,
      totalCents: order.totalCents,
      cashReceivedCents: order.cashReceivedCents,
    },
    name: found.name,
    phone: found.phone ? formatPeruvianMobile(found.phone) : null,
    slot: formatTimeRange(slot.startsAt, slot.endsAt, locale),
    slotEnds: formatTime(slot.endsAt, locale),
    items: found.items,
    noShowAllowed: found.noShowAllowed,
    givenBackCents: found.givenBackCents,
    undoUntil: found.undoUntil ? formatTime(found.undoUntil, locale) : null,
    history: found.history.map((h) => ({
      id: h.id,
      action: h.action,
      actor: h.actor,
      at: formatDateTime(h.createdAt, locale),
      undone: h.undoneAt !== null,
    })),
  });
}

/** JavaScript here shows the change as the cash is typed; every action also works without. */
export const handle = { hydrate: true };

export const meta: MetaFunction<typeof loader> = titleMeta;

export async function action({ request, params }: ActionFunctionArgs) {
  return handleDeskAction(request, idParam(params.id));
}

export default function DeskOrder() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  const [offline, setOffline] = useDeskOffline();
  const offlineDesk = (
    <OfflineDeskSlot
      offline={offline}
      setOffline={setOffline}
      dayId={data.order.marketDayId}
      openOrderId={data.order.id}
    />
  );
  // Offline, the forms below would post to nowhere: the order is handled from the copy.
  if (offline) {
    return (
      <>
        <h1>{t("coordDesk.heading")}</h1>
        {offlineDesk}
      </>
    );
  }
  return (
    <>
      <p>
        <Link to={`/coordinacion/recojo?dia=${data.order.marketDayId}`}>{t("coordDesk.next")}</Link>
      </p>
      <h1>
        <span className="code">{data.order.code}</span> · {data.name}
      </h1>
      <p className="desk-order-meta">
        {data.phone ? <span>{data.phone} · </span> : null}
        <span>{t("coordDesk.slot", { slot: data.slot })}</span> ·{" "}
        <span className={`status status-${data.order.status}`}>
          {t(`orderStatus.${data.order.status}`)}
        </span>{" "}
        · <span>{t(`payment.${data.order.paymentMethod}`)}</span>
      </p>
      {refusal ? (
        <p className="field-error card" role="alert">
          {formErrorsOf(refusal)
            .map((e) => t(e, refusal.values))
            .join(" ")}
        </p>
      ) : null}
      {data.order.status === "confirmed" ? (
        <DeskHandOver data={data} />
      ) : (
        <DeskOutcome data={data} />
      )}
      <DeskHistory history={data.history} />
      {offlineDesk}
    </>
  );
}
