import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { ProductPhoto } from "../ui/OfferCard";
import { setFlash } from "../infra/flash.server";
import { getTranslator } from "../infra/i18n.server";
import { formatMoney } from "../lib/format";
import {
  copyLastMarketDay,
  listProducerOffers,
} from "../features/producers/producer-offers.server";
import { producerMarketDay } from "../features/producers/producer-day.server";
import { requireProducer } from "../features/access/producer.server";
import { titleMeta } from "../lib/meta";
import { readFormData } from "../lib/forms.server";
import { formRequestKey, readRequestKey } from "../features/producers/request-key";
import {
  answeringQueued,
  copyReply,
  isQueuedReplay,
} from "../features/producers/queued-reply.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { producer, market, status } = await requireProducer(request, { allowPending: true });
  const { t, locale } = await getTranslator(request);
  const next = status === "approved" ? producerMarketDay(market.id, locale) : null;
  const offers = next
    ? listProducerOffers({ producerId: producer.id, marketDayId: next.day.id })
    : [];
  return json({
    title: t("producer.homeTitle"),
    day: next?.view ?? null,
    offers,
    reservedCents: offers.reduce((sum, o) => sum + o.reservedCents, 0),
    // Fresh per page: the same page's form sent twice (or by the outbox) is one copy.
    requestKey: formRequestKey(crypto.randomUUID(), "copy"),
  });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

/**
 * "Ofrecer lo mismo que la semana pasada": safe to tap twice, and with the page's request key
 * the second tap answers as the first. Sent later by the phone's outbox, it answers in words.
 */
export function action({ request }: ActionFunctionArgs) {
  return answeringQueued(request, async () => {
    const { producer, market } = await requireProducer(request);
    const formData = await readFormData(request);
    const key = readRequestKey(formData);
    if (!key.ok) throw new Response("Malformed request key", { status: 400 });
    const next = producerMarketDay(market.id, "es");
    if (!next) throw new Response("No market day", { status: 404 });
    const result = copyLastMarketDay({
      producerId: producer.id,
      day: next.day,
      requestKey: key.requestKey,
    });
    if (isQueuedReplay(request)) return copyReply(request, result);
    // Only a forged or mixed-up form carries another's key: no flash explains that.
    if (!result.ok && result.error === "keyReused")
      throw new Response("Request key already used", { status: 409 });
    const flash = !result.ok
      ? { key: "flash.offersClosed" }
      : result.created > 0
        ? { key: "flash.copied", values: { count: result.created } }
        : { key: "flash.nothingToCopy" };
    return redirect("/productor", { headers: { "Set-Cookie": await setFlash(flash) } });
  });
}

export default function ProducerHome() {
  const { t } = useTranslation();
  const { day, offers, reservedCents, requestKey } = useLoaderData<typeof loader>();
  if (!day) return <p className="card">{t("home.noMarketDay")}</p>;
  return (
    <>
      <h1>{t("producer.nextDay", { date: day.dateLabel })}</h1>
      <p className={day.editable ? "order-window open" : "order-window closed"}>
        {day.editable
          ? t("producer.editableUntil", { cutoff: day.cutoffLabel })
          : t("producer.closedSince", { cutoff: day.cutoffLabel })}
      </p>
      {day.editable ? (
        <Form method="post" className="card">
          <input type="hidden" name="requestKey" value={requestKey} />
          <button type="submit" className="button primary">
            {t("producer.copyLastWeek")}
          </button>
          <p className="hint">{t("producer.copyLastWeekHint")}</p>
        </Form>
      ) : null}
      <section className="card" aria-labelledby="my-offers">
        <h2 id="my-offers">{t("producer.myOffers")}</h2>
        {offers.length === 0 ? (
          <p>
            {t("producer.noOffers")}{" "}
            <Link to="/productor/ofertas">{t("producer.offerSomething")}</Link>
          </p>
        ) : (
          <>
            <ul className="producer-offers">
              {offers.map((o) => (
                <li key={o.offerId}>
                  <ProductPhoto photoKey={o.photoKey} alt="" />
                  <div>
                    <p className="line-name">
                      {o.productName}
                      {o.status === "paused" ? (
                        <span className="badge"> {t("producer.paused")}</span>
                      ) : null}
                    </p>
                    <p className="muted">
                      {formatMoney(o.priceCents)}{" "}
                      {t("catalogue.perUnit", { unit: t(`units.${o.unit}`) })}
                    </p>
                    <p>
                      {t("producer.offered", { count: o.quantity })} ·{" "}
                      {t("producer.reserved", { count: o.reserved })} ·{" "}
                      <strong>{t("producer.leftCount", { count: o.left })}</strong>
                    </p>
                  </div>
                  <p className="line-total">{formatMoney(o.reservedCents)}</p>
                </li>
              ))}
            </ul>
            <p className="grand-total">
              {t("producer.reservedSoFar")}: <strong>{formatMoney(reservedCents)}</strong>
            </p>
          </>
        )}
      </section>
    </>
  );
}
