import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { setFlash } from "../flash.server";
import { getTranslator } from "../i18n.server";
import { parseForm } from "../lib/form-parse";
import { formatMoney } from "../lib/format";
import { readFormData } from "../lib/forms.server";
import { CreateOfferSchema, OfferStatusSchema, UpdateOfferSchema } from "../lib/schemas";
import {
  createOffer,
  listOfferableProducts,
  listProducerOffers,
  setOfferStatus,
  updateOffer,
  type OfferChangeResult,
} from "../models/producer-offers.server";
import { producerMarketDay } from "../producer-day.server";
import { requireProducer } from "../producer.server";

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
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Qhatu" }];

/** An answer for one form of the page: which form, its errors and what was typed. */
type FormReply = {
  formId: string;
  error: Record<string, string[] | null>;
  initialValue: Record<string, unknown>;
};

const cents = (c: number) => (c / 100).toFixed(2);

export async function action({ request }: ActionFunctionArgs) {
  const { producer, market } = await requireProducer(request);
  const next = producerMarketDay(market.id, "es");
  if (!next) throw new Response("No market day", { status: 404 });
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const formId = String(formData.get("formId") ?? "");
  const refuse = (error: Record<string, string[]>, status = 400) =>
    json<FormReply>({ formId, error, initialValue: Object.fromEntries(formData) }, { status });

  let result: OfferChangeResult;
  if (intent === "create" || intent === "update") {
    const submission = parseForm(
      formData,
      intent === "create" ? CreateOfferSchema : UpdateOfferSchema,
    );
    if (submission.status !== "success") {
      return json<FormReply>(
        {
          formId,
          error: submission.reply().error ?? {},
          initialValue: Object.fromEntries(formData),
        },
        { status: 400 },
      );
    }
    const value = submission.value;
    const offer = {
      priceCents: value.price,
      quantity: value.quantity,
      perCustomerLimit: value.perCustomerLimit ?? null,
    };
    result =
      "productId" in value
        ? createOffer({ producerId: producer.id, day: next.day, productId: value.productId, offer })
        : updateOffer({ producerId: producer.id, day: next.day, offerId: value.offerId, offer });
  } else {
    const submission = parseForm(formData, OfferStatusSchema);
    if (submission.status !== "success") return refuse({ "": ["errors.formInvalid"] });
    const { offerId } = submission.value;
    result = setOfferStatus({
      producerId: producer.id,
      day: next.day,
      offerId,
      status: submission.value.intent === "pause" ? "paused" : "active",
    });
  }
  if (!result.ok) {
    switch (result.error) {
      case "notFound":
        throw new Response("Not found", { status: 404 });
      case "closed":
        return refuse({ "": ["errors.offersClosed"] }, 409);
      case "alreadyOffered":
        return refuse({ productId: ["errors.alreadyOffered"] }, 409);
      case "belowReserved":
        return json<FormReply & { reserved: number }>(
          {
            formId,
            error: { quantity: ["errors.belowReserved"] },
            initialValue: Object.fromEntries(formData),
            reserved: result.reserved,
          },
          { status: 409 },
        );
    }
  }
  return redirect("/productor/ofertas", {
    headers: { "Set-Cookie": await setFlash({ key: "flash.offerSaved" }) },
  });
}

function Errors({
  id,
  errors,
  values,
}: {
  id: string;
  errors?: string[] | null;
  values?: Record<string, unknown>;
}) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error">
      {errors.map((e) => t(e, values)).join(" ")}
    </p>
  );
}

/** Price, quantity and limit fields, with their errors, for one offer form. */
function OfferFields({
  formId,
  reply,
  defaults,
}: {
  formId: string;
  reply?: FormReply & { reserved?: number };
  defaults: Record<string, string>;
}) {
  const { t } = useTranslation();
  const mine = reply?.formId === formId ? reply : undefined;
  const value = (name: string) => String(mine?.initialValue[name] ?? defaults[name] ?? "");
  const field = (
    name: string,
    label: string,
    hint?: string,
    inputMode: "decimal" | "numeric" = "numeric",
  ) => {
    const id = `${formId}-${name}`;
    const errors = mine?.error[name];
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {hint ? (
          <p className="hint" id={`${id}-hint`}>
            {hint}
          </p>
        ) : null}
        <input
          id={id}
          name={name}
          type="text"
          inputMode={inputMode}
          defaultValue={value(name)}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={
            [hint ? `${id}-hint` : "", errors?.length ? `${id}-error` : ""]
              .filter(Boolean)
              .join(" ") || undefined
          }
        />
        <Errors id={`${id}-error`} errors={errors} values={{ count: mine?.reserved ?? 0 }} />
      </div>
    );
  };
  return (
    <>
      <input type="hidden" name="formId" value={formId} />
      <Errors id={`${formId}-form-error`} errors={mine?.error[""]} />
      <div className="filter-row">
        {field("price", t("producer.price"), t("producer.priceHint"), "decimal")}
        {field("quantity", t("producer.quantity"), t("producer.quantityHint"))}
        {field("perCustomerLimit", t("producer.limit"), t("producer.limitHint"))}
      </div>
    </>
  );
}

export default function ProducerOffers() {
  const { t } = useTranslation();
  const { day, offers, products } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as (FormReply & { reserved?: number }) | undefined;
  if (!day) return <p className="card">{t("home.noMarketDay")}</p>;
  const newOffer = reply?.formId === "new-offer" ? reply : undefined;
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

      {reply ? (
        // Without JavaScript the page comes back scrolled to the top: say where the problem is.
        <p className="form-error" role="alert">
          <a href={`#${reply.formId.replace(/-status$/, "")}`}>{t("errors.offerFormHasErrors")}</a>{" "}
          {Object.values(reply.error)
            .flat()
            .filter((e): e is string => Boolean(e))
            .map((e) => t(e, { count: reply.reserved ?? 0 }))
            .join(" ")}
        </p>
      ) : null}
      {day.editable && products.length > 0 ? (
        <Form method="post" id="new-offer" className="card" aria-labelledby="new-offer-title">
          <h2 id="new-offer-title">{t("producer.newOffer")}</h2>
          <input type="hidden" name="intent" value="create" />
          <div className="field">
            <label htmlFor="new-offer-productId">{t("producer.product")}</label>
            <select
              id="new-offer-productId"
              name="productId"
              defaultValue={String(newOffer?.initialValue.productId ?? "")}
            >
              <option value="">{t("forms.choose")}</option>
              {products.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({t(`units.${p.unit}`)})
                </option>
              ))}
            </select>
            <Errors id="new-offer-productId-error" errors={newOffer?.error.productId} />
          </div>
          <OfferFields formId="new-offer" reply={reply} defaults={{}} />
          <button type="submit" className="button primary">
            {t("producer.offer")}
          </button>
        </Form>
      ) : null}

      {offers.map((o) => {
        const formId = `offer-${o.offerId}`;
        return (
          <section key={o.offerId} id={formId} className="card" aria-labelledby={`${formId}-title`}>
            <h2 id={`${formId}-title`}>
              {o.productName} <span className="muted">({t(`units.${o.unit}`)})</span>
              {o.status === "paused" ? (
                <span className="badge"> {t("producer.paused")}</span>
              ) : null}
            </h2>
            <p>
              {t("producer.reserved", { count: o.reserved })} ·{" "}
              {t("producer.leftCount", { count: o.left })} · {formatMoney(o.reservedCents)}
            </p>
            {o.inBaskets > 0 ? (
              <p className="hint">{t("producer.inBaskets", { count: o.inBaskets })}</p>
            ) : null}
            {day.editable ? (
              <>
                <Form method="post">
                  <input type="hidden" name="intent" value="update" />
                  <input type="hidden" name="offerId" value={o.offerId} />
                  <OfferFields
                    formId={formId}
                    reply={reply}
                    defaults={{
                      price: cents(o.priceCents),
                      quantity: String(o.quantity),
                      perCustomerLimit: o.perCustomerLimit ? String(o.perCustomerLimit) : "",
                    }}
                  />
                  <button type="submit" className="button">
                    {t("producer.save", { product: o.productName })}
                  </button>
                </Form>
                <Form method="post" className="inline-form">
                  <input
                    type="hidden"
                    name="intent"
                    value={o.status === "paused" ? "resume" : "pause"}
                  />
                  <input type="hidden" name="offerId" value={o.offerId} />
                  <input type="hidden" name="formId" value={`${formId}-status`} />
                  <button type="submit" className="link-button">
                    {o.status === "paused"
                      ? t("producer.resume", { product: o.productName })
                      : t("producer.pause", { product: o.productName })}
                  </button>
                </Form>
              </>
            ) : (
              <p>
                {formatMoney(o.priceCents)} · {t("producer.offered", { count: o.quantity })}
                {o.perCustomerLimit
                  ? ` · ${t("catalogue.limit", { count: o.perCustomerLimit })}`
                  : ""}
              </p>
            )}
          </section>
        );
      })}
    </>
  );
}
