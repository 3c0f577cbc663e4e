import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { UNITS } from "../../db/schema-enums";
import { SelectInput, TextInput, useFormReply } from "../ui/CoordForm";
import { MarketDayPicker } from "../ui/MarketDayPicker";
import { NewOfferForm, OfferCards, OfferReplySummary } from "../ui/OfferForms";
import { requireCoordinator } from "../features/access/coordinator.server";
import { setFlash } from "../infra/flash.server";
import { getTranslator } from "../infra/i18n.server";
import { AssistedProductSchema } from "../features/producers/assisted-schemas";
import { idParam } from "../lib/route-params";
import { parseForm } from "../lib/form-parse";
import { formatDateTime, formatMarketDate } from "../lib/format";
import { readFormData, refuseForm } from "../lib/forms.server";
import { getAssistableProducer } from "../features/producers/assisted-producers.server";
import { chooseMarketDay } from "../features/market-days/day-choice.server";
import { categoryName } from "../features/market-days/markets.server";
import {
  listOfferableProducts,
  listProducerOffers,
  offersEditable,
} from "../features/producers/producer-offers.server";
import { listCategories, saveProduct } from "../features/producers/products.server";
import { applyOfferForm } from "../features/producers/offer-form.server";

/**
 * A coordinator keeps an approved producer's offers for them, with the producer's own rules
 * (app/features/producers/offer-form.server.ts), and adds the products they need. Every change is audited with the
 * coordinator as actor and listed on the producer's own offers page.
 */
function scope(marketId: number, params: { id?: string }, url: URL) {
  const producer = getAssistableProducer({ marketId, producerId: idParam(params.id) });
  if (!producer) throw new Response("Not found", { status: 404 });
  // The next market day unless the picker chose another (?fecha=YYYY-MM-DD).
  const { days, day, unknownDate } = chooseMarketDay({
    marketId,
    date: url.searchParams.get("fecha"),
    rule: "coming",
  });
  if (unknownDate) throw new Response("Not found", { status: 404 });
  return { producer, days, day };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const { producer, days, day } = scope(market.id, params, new URL(request.url));
  const { t, locale } = await getTranslator(request);
  return json({
    title: t("coordAssisted.offersTitle", { farm: producer.farmName }),
    producer,
    days: days.map((d) => ({ date: d.date, label: formatMarketDate(d.date, locale) })),
    day: day
      ? {
          date: day.date,
          label: formatMarketDate(day.date, locale),
          cutoffLabel: formatDateTime(day.cutoffAt, locale),
          editable: offersEditable(day),
        }
      : null,
    offers: day ? listProducerOffers({ producerId: producer.id, marketDayId: day.id }) : [],
    products: day ? listOfferableProducts({ producerId: producer.id, marketDayId: day.id }) : [],
    categories: listCategories(market.id).map((c) => ({ id: c.id, name: categoryName(c, locale) })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} · Qhatu` : "Qhatu" },
];

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  // Another market's producer (or day) is simply not there: 404 before anything is written.
  const { producer, day } = scope(market.id, params, new URL(request.url));
  if (!day) throw new Response("Not found", { status: 404 });
  const formData = await readFormData(request);
  const by = { coordinatorId: user.id, marketId: market.id };
  const here = `/coordinacion/productores/${producer.id}/ofertas?fecha=${day.date}`;

  if (formData.get("intent") === "addProduct") {
    const submission = parseForm(formData, AssistedProductSchema);
    if (submission.status !== "success")
      return refuseForm(formData, { formId: "add-product", fieldErrors: submission.error });
    const { intent: _intent, ...product } = submission.value;
    const saved = saveProduct({ producerId: producer.id, marketId: market.id, product, by });
    if (saved === null) throw new Response("Not found", { status: 404 });
    return redirect(here, {
      headers: {
        "Set-Cookie": await setFlash({
          key: "coordAssisted.flash.productAdded",
          values: { product: product.name, farm: producer.farmName },
        }),
      },
    });
  }

  const refusal = applyOfferForm({ formData, producerId: producer.id, day, by });
  if (refusal) return refusal;
  return redirect(here, {
    headers: {
      "Set-Cookie": await setFlash({
        key: "coordAssisted.flash.offerSaved",
        values: { farm: producer.farmName },
      }),
    },
  });
}

export default function ProducerOffersForCoordinator() {
  const { t } = useTranslation();
  const { producer, days, day, offers, products } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const formAction = day
    ? `/coordinacion/productores/${producer.id}/ofertas?fecha=${day.date}`
    : undefined;
  const quantityHint = t("coordAssisted.quantityHint");
  return (
    <>
      <p>
        <Link to={`/coordinacion/productores/${producer.id}`}>
          {t("coordAssisted.backToProducer", { farm: producer.farmName })}
        </Link>
      </p>
      <h1>{t("coordAssisted.offersTitle", { farm: producer.farmName })}</h1>
      {day ? <MarketDayPicker id="fecha" days={days} selected={day.date} /> : null}
      {!day ? (
        <p className="card">{t("home.noMarketDay")}</p>
      ) : (
        <>
          <p>
            <strong>{t("coordAssisted.offersFor", { date: day.label })}</strong>
          </p>
          {day.editable ? (
            <p className="hint">
              {t("coordAssisted.editableUntil", { cutoff: day.cutoffLabel, person: producer.name })}
            </p>
          ) : (
            <p className="notice-inline" role="status">
              {t("coordAssisted.readOnly", { cutoff: day.cutoffLabel })}
            </p>
          )}
          {reply?.formId === "add-product" ? (
            <p className="form-error" role="alert">
              <a href="#add-product">{t("coordAssisted.productFormHasErrors")}</a>
            </p>
          ) : (
            <OfferReplySummary reply={reply} />
          )}
          {day.editable && products.length > 0 ? (
            <NewOfferForm
              products={products}
              reply={reply}
              action={formAction}
              quantityHint={quantityHint}
            />
          ) : null}
          {day.editable && products.length === 0 ? (
            <p className="hint">{t("coordAssisted.noProducts")}</p>
          ) : null}
          {offers.length === 0 ? <p>{t("coordAssisted.noOffers")}</p> : null}
          <OfferCards
            offers={offers}
            editable={day.editable}
            reply={reply}
            action={formAction}
            quantityHint={quantityHint}
          />
          <AddProductForm action={formAction} />
        </>
      )}
    </>
  );
}

/** Name, category and unit: enough to offer it. No photo, so the form stays a plain one. */
function AddProductForm({ action }: { action?: string }) {
  const { t } = useTranslation();
  const { categories } = useLoaderData<typeof loader>();
  const form = useFormReply("add-product");
  return (
    <Form
      method="post"
      action={action}
      id="add-product"
      className="card"
      aria-labelledby="add-product-title"
    >
      <h2 id="add-product-title">{t("coordAssisted.addProductTitle")}</h2>
      <p className="hint">{t("coordAssisted.addProductHint")}</p>
      <input type="hidden" name="intent" value="addProduct" />
      <TextInput form={form} name="name" label={t("coordAssisted.productName")} />
      <div className="filter-row">
        <SelectInput form={form} name="categoryId" label={t("coordAssisted.category")}>
          <option value="">{t("forms.choose")}</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectInput>
        <SelectInput form={form} name="unit" label={t("coordAssisted.unit")} defaultValue="kg">
          {UNITS.map((u) => (
            <option key={u} value={u}>
              {t(`units.${u}`)}
            </option>
          ))}
        </SelectInput>
      </div>
      <button type="submit" className="button">
        {t("coordAssisted.addProduct")}
      </button>
    </Form>
  );
}
