/**
 * The offer forms of one producer's market day: offer a product, then per offer its price,
 * quantity and limit, and pause/resume. Shown to the producer on /productor/ofertas and to a
 * coordinator keeping the offers for them; both post to app/features/producers/offer-form.server.ts. Plain forms:
 * they work without JavaScript, and a refused one comes back with what was typed.
 */
import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { formatMoney } from "../lib/format";
import { centsToInput } from "../lib/form-fields";
import { allErrorsOf, replyFor, typedIn, type FormReply } from "../lib/form-reply";
import { Field, FieldError } from "./fields";
import { formRequestKey } from "../features/producers/request-key";

/**
 * The form's request key when the page gives one (the producer's own pages): the same form
 * sent twice, by a double tap or by the phone's outbox, is then one change.
 */
function RequestKey({ pageKey, formId }: { pageKey?: string; formId: string }) {
  return pageKey ? (
    <input type="hidden" name="requestKey" value={formRequestKey(pageKey, formId)} />
  ) : null;
}

export type OfferRow = {
  offerId: number;
  productName: string;
  unit: string;
  priceCents: number;
  quantity: number;
  reserved: number;
  left: number;
  perCustomerLimit: number | null;
  status: "active" | "paused";
  reservedCents: number;
  inBundles: number;
};

/** Price, quantity and limit fields, with their errors, for one offer form. */
function OfferFields({
  formId,
  reply,
  defaults,
  quantityHint,
}: {
  formId: string;
  reply?: FormReply;
  defaults: Record<string, string>;
  quantityHint: string;
}) {
  const { t } = useTranslation();
  const mine = replyFor(reply, formId);
  const value = (name: string) => typedIn(mine, name) ?? defaults[name] ?? "";
  const field = (
    name: string,
    label: string,
    hint?: string,
    inputMode: "decimal" | "numeric" = "numeric",
  ) => {
    const id = `${formId}-${name}`;
    const errors = mine?.error?.[name];
    return (
      <Field
        id={id}
        label={label}
        hint={hint}
        errors={errors}
        errorValues={{ count: mine?.reserved ?? 0 }}
      >
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
      </Field>
    );
  };
  return (
    <>
      <input type="hidden" name="formId" value={formId} />
      <FieldError id={`${formId}-form-error`} errors={mine?.error?.[""]} />
      <div className="filter-row">
        {field("price", t("producer.price"), t("producer.priceHint"), "decimal")}
        {field("quantity", t("producer.quantity"), quantityHint)}
        {field("perCustomerLimit", t("producer.limit"), t("producer.limitHint"))}
      </div>
    </>
  );
}

/** Without JavaScript a refused form comes back scrolled to the top: say where the problem is. */
export function OfferReplySummary({ reply }: { reply?: FormReply }) {
  const { t } = useTranslation();
  if (!reply) return null;
  return (
    <p className="form-error" role="alert">
      <a href={`#${(reply.formId ?? "").replace(/-status$/, "")}`}>
        {t("errors.offerFormHasErrors")}
      </a>{" "}
      {allErrorsOf(reply)
        .map((e) => t(e, { count: reply.reserved ?? 0 }))
        .join(" ")}
    </p>
  );
}

export function NewOfferForm({
  products,
  reply,
  action,
  quantityHint,
  requestKey,
}: {
  products: { id: number; name: string; unit: string }[];
  reply?: FormReply;
  action?: string;
  quantityHint: string;
  requestKey?: string;
}) {
  const { t } = useTranslation();
  const mine = replyFor(reply, "new-offer");
  return (
    <Form
      method="post"
      action={action}
      id="new-offer"
      className="card"
      aria-labelledby="new-offer-title"
    >
      <h2 id="new-offer-title">{t("producer.newOffer")}</h2>
      <input type="hidden" name="intent" value="create" />
      <RequestKey pageKey={requestKey} formId="new-offer" />
      <Field id="new-offer-productId" label={t("producer.product")} errors={mine?.error?.productId}>
        <select
          id="new-offer-productId"
          name="productId"
          defaultValue={typedIn(mine, "productId") ?? ""}
          aria-invalid={mine?.error?.productId?.length ? true : undefined}
          aria-describedby={
            mine?.error?.productId?.length ? "new-offer-productId-error" : undefined
          }
        >
          <option value="">{t("forms.choose")}</option>
          {products.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({t(`units.${p.unit}`)})
            </option>
          ))}
        </select>
      </Field>
      <OfferFields formId="new-offer" reply={reply} defaults={{}} quantityHint={quantityHint} />
      <button type="submit" className="button primary">
        {t("producer.offer")}
      </button>
    </Form>
  );
}

/** One offer: what is reserved, then its forms while the day takes changes, else its terms. */
export function OfferCard({
  offer: o,
  editable,
  reply,
  action,
  quantityHint,
  requestKey,
}: {
  offer: OfferRow;
  editable: boolean;
  reply?: FormReply;
  action?: string;
  quantityHint: string;
  requestKey?: string;
}) {
  const { t } = useTranslation();
  const formId = `offer-${o.offerId}`;
  return (
    <section id={formId} className="card" aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`}>
        {o.productName} <span className="muted">({t(`units.${o.unit}`)})</span>
        {o.status === "paused" ? <span className="badge"> {t("producer.paused")}</span> : null}
      </h2>
      <p>
        {t("producer.reserved", { count: o.reserved })} ·{" "}
        {t("producer.leftCount", { count: o.left })} · {formatMoney(o.reservedCents)}
      </p>
      {o.inBundles > 0 ? (
        <p className="hint">{t("producer.inBaskets", { count: o.inBundles })}</p>
      ) : null}
      {editable ? (
        <>
          <Form method="post" action={action}>
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" name="offerId" value={o.offerId} />
            <RequestKey pageKey={requestKey} formId={formId} />
            <OfferFields
              formId={formId}
              reply={reply}
              quantityHint={quantityHint}
              defaults={{
                price: centsToInput(o.priceCents),
                quantity: String(o.quantity),
                perCustomerLimit: o.perCustomerLimit ? String(o.perCustomerLimit) : "",
              }}
            />
            <button type="submit" className="button">
              {t("producer.save", { product: o.productName })}
            </button>
          </Form>
          <Form method="post" action={action} className="inline-form">
            <input type="hidden" name="intent" value={o.status === "paused" ? "resume" : "pause"} />
            <input type="hidden" name="offerId" value={o.offerId} />
            <input type="hidden" name="formId" value={`${formId}-status`} />
            <RequestKey pageKey={requestKey} formId={`${formId}-status`} />
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
          {o.perCustomerLimit ? ` · ${t("catalogue.limit", { count: o.perCustomerLimit })}` : ""}
        </p>
      )}
    </section>
  );
}

/** A day's offers, a card each, all answering to the page's one `reply` and `action`. */
export function OfferCards({
  offers,
  ...card
}: { offers: OfferRow[] } & Omit<Parameters<typeof OfferCard>[0], "offer">) {
  return (
    <>
      {offers.map((o) => (
        <OfferCard key={o.offerId} offer={o} {...card} />
      ))}
    </>
  );
}
