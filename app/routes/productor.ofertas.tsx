import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { CoordinatorChanges } from "../ui/CoordinatorChanges";
import { NewOfferForm, OfferCards, OfferReplySummary } from "../ui/OfferForms";
import { setFlash } from "../infra/flash.server";
import { getTranslator } from "../infra/i18n.server";
import { describeChanges } from "../features/producers/coordinator-changes";
import { readFormData } from "../lib/forms.server";
import { listChangesForProducer } from "../features/producers/assisted-producers.server";
import {
  listOfferableProducts,
  listProducerOffers,
} from "../features/producers/producer-offers.server";
import { applyOfferForm, runOfferForm } from "../features/producers/offer-form.server";
import {
  answeringQueued,
  isQueuedReplay,
  offerFormReply,
} from "../features/producers/queued-reply.server";
import { producerMarketDay } from "../features/producers/producer-day.server";
import { requireProducer } from "../features/access/producer.server";
import { titleMeta } from "../lib/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const { producer, market } = await requireProducer(request);
  const { t, locale } = await getTranslator(request);
  const next = producerMarketDay(market.id, locale);
  return json({
    title: t("producer.offersTitle"),
    day: next?.view ?? null,
    offers: next ? listProducerOffers({ producerId: producer.id, marketDayId: next.day.id }) : [],
    products: next
      ? listOfferableProducts({ producerId: producer.id, marketDayId: next.day.id })
      : [],
    // What the coordinators changed for them, so nothing happens behind their back.
    changes: describeChanges(
      listChangesForProducer({ producerId: producer.id, marketId: market.id }),
      locale,
    ),
    // Fresh per page; each form's key adds its form id (request-key.ts).
    requestKey: crypto.randomUUID(),
  });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

/** One offer form; sent later by the phone's outbox, it answers in words (queued-reply). */
export function action({ request }: ActionFunctionArgs) {
  return answeringQueued(request, async () => {
    const { producer, market } = await requireProducer(request);
    const next = producerMarketDay(market.id, "es");
    if (!next) throw new Response("No market day", { status: 404 });
    const formData = await readFormData(request);
    const input = { formData, producerId: producer.id, day: next.day };
    if (isQueuedReplay(request)) return offerFormReply(request, producer.id, runOfferForm(input));
    const refusal = applyOfferForm(input);
    if (refusal) return refusal;
    return redirect("/productor/ofertas", {
      headers: { "Set-Cookie": await setFlash({ key: "flash.offerSaved" }) },
    });
  });
}

export default function ProducerOffers() {
  const { t } = useTranslation();
  const { day, offers, products, changes, requestKey } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  if (!day)
    return (
      <>
        <p className="card">{t("home.noMarketDay")}</p>
        <CoordinatorChanges changes={changes} />
      </>
    );
  const quantityHint = t("producer.quantityHint");
  return (
    <>
      <h1>{t("producer.offersFor", { date: day.dateLabel })}</h1>
      {!day.editable ? (
        <p className="notice-inline" role="status">
          {t("producer.readOnly", { cutoff: day.cutoffLabel })}
        </p>
      ) : (
        <p className="hint">{t("producer.editableUntil", { cutoff: day.cutoffLabel })}</p>
      )}
      <OfferReplySummary reply={reply} />
      {day.editable && products.length > 0 ? (
        <NewOfferForm
          products={products}
          reply={reply}
          quantityHint={quantityHint}
          requestKey={requestKey}
        />
      ) : null}
      <OfferCards
        offers={offers}
        editable={day.editable}
        reply={reply}
        quantityHint={quantityHint}
        requestKey={requestKey}
      />
      <CoordinatorChanges changes={changes} />
    </>
  );
}
