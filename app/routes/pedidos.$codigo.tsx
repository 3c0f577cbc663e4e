import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import QRCode from "qrcode";
import type { ReactNode } from "react";
import { useTranslation } from "../infra/translate";
import { ShortageText } from "../ui/Shortage";
import { CardPayment } from "../ui/CardPayment";
import { WalletPayment } from "../ui/WalletPayment";
import { setFlash } from "../infra/flash.server";
import { refuseForm } from "../lib/forms.server";
import { readFormWithPhoto } from "../features/producers/photo-form.server";
import { PROOF_FORM_ID, sendProof, walletPaymentOf } from "../features/wallet/order-wallet.server";
import { formErrorsOf, typedIn } from "../lib/form-reply";
import { getTranslator } from "../infra/i18n.server";
import { parseForm } from "../lib/form-parse";
import { formatDateTime, formatMarketDate, formatMoney, formatTime } from "../lib/format";
import { lineCents } from "../features/ordering/line-value";
import { OrderIntentSchema } from "../features/payments/payment-schemas";
import { OrderChangeSchema } from "../features/ordering/order-schemas";
import { cardPaymentStateOf } from "../features/payments/payment-states.server";
import { startCardCheckout } from "../features/payments/card-checkout.server";
import {
  allowedChanges,
  cancelOrder,
  changeOrder,
} from "../features/ordering/order-changes.server";
import {
  findOwnOrderByCode,
  getOrderDetails,
  listSlots,
} from "../features/ordering/order-reads.server";
import { requireUser } from "../infra/session.server";
import { stripeConfigured } from "../infra/stripe.server";
import { Field } from "../ui/fields";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { t, locale } = await getTranslator(request);
  // Only the owner's orders are looked up at all: any other code is simply not found.
  const details = getOrderDetails({ consumerId: user.id, code: params.codigo ?? "" });
  if (!details) throw new Response("Not found", { status: 404 });
  const { order, day, slot, items, baskets } = details;
  // The same rule cancelOrder and changeOrder enforce.
  const allowed = allowedChanges(order, day);
  // Card: the true state, from the webhook only. "?pago=ok" is where Stripe sends people back,
  // which proves nothing; while the payment is pending there, the page reloads itself.
  const payment = cardPaymentStateOf(order);
  const returned = new URL(request.url).searchParams.get("pago");
  const holding =
    order.status === "pending_payment" &&
    order.holdExpiresAt !== null &&
    order.holdExpiresAt.getTime() > Date.now();
  return json({
    title: t("order.title", { code: order.pickupCode }),
    order: {
      code: order.pickupCode,
      status: order.status,
      paymentMethod: order.paymentMethod,
      paymentStatus: order.paymentStatus,
      totalCents: order.totalCents,
    },
    payment,
    wallet: walletPaymentOf(order, locale),
    returned: returned === "ok" || returned === "cancelado" ? returned : null,
    refresh: payment === "pending" && returned === "ok",
    canPay: holding && stripeConfigured(),
    holdUntilLabel: order.holdExpiresAt ? formatTime(order.holdExpiresAt, locale) : "",
    qrSvg: await QRCode.toString(order.pickupCode, {
      type: "svg",
      margin: 1,
      errorCorrectionLevel: "M",
    }),
    dateLabel: formatMarketDate(day.date, locale),
    place: day.place,
    slot: {
      id: slot.id,
      label: `${formatTime(slot.startsAt, locale)} – ${formatTime(slot.endsAt, locale)}`,
    },
    cutoffLabel: formatDateTime(day.cutoffAt, locale),
    // Lines bought alone (the only ones the change form offers), each with its worth.
    items: items
      .filter((i) => i.orderBundleId === null)
      .map((i) => ({ ...i, lineCents: lineCents(i) })),
    // Each family basket with its contents by producer: units are the total for all baskets.
    baskets: baskets.map((b) => {
      const byProducer = new Map<
        number,
        {
          producerId: number;
          farmName: string;
          producerSlug: string;
          community: string;
          items: { offerId: number; productName: string; unit: string; quantity: number }[];
        }
      >();
      for (const i of items.filter((item) => item.orderBundleId === b.id)) {
        const producer = byProducer.get(i.producerId) ?? {
          producerId: i.producerId,
          farmName: i.farmName,
          producerSlug: i.producerSlug,
          community: i.community,
          items: [],
        };
        producer.items.push({
          offerId: i.offerId,
          productName: i.productName,
          unit: i.unit,
          quantity: i.quantity,
        });
        byProducer.set(i.producerId, producer);
      }
      return {
        id: b.id,
        name: b.name,
        quantity: b.quantity,
        totalCents: b.unitPriceCents * b.quantity,
        producers: [...byProducer.values()],
      };
    }),
    changeable: allowed.cancel,
    editable: allowed.change,
    slots: allowed.cancel
      ? listSlots(day.id).map((s) => ({
          id: s.id,
          label: `${formatTime(s.startsAt, locale)} – ${formatTime(s.endsAt, locale)}`,
          left: s.left + (s.id === slot.id ? 1 : 0),
        }))
      : [],
  });
}

/** Plain forms only: no JavaScript needed (see root.tsx). */
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title ?? "Qhatu" },
  ...(data?.refresh ? [{ httpEquiv: "refresh", content: "5" }] : []),
];

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const order = findOwnOrderByCode({ consumerId: user.id, code: params.codigo ?? "" });
  if (!order) throw new Response("Not found", { status: 404 });
  // Only the Yape/Plin proof carries a file (its screenshot); other forms are plain.
  const formData = await readFormWithPhoto(request);
  if (formData === "tooLarge") {
    // The form could not be read: nothing typed comes back.
    return refuseForm(new FormData(), {
      formId: PROOF_FORM_ID,
      fieldErrors: { photo: ["errors.photoTooLarge"] },
      status: 400,
    });
  }
  const which = parseForm(formData, OrderIntentSchema);
  if (which.status === "success" && which.value.intent === "proof") {
    const refused = await sendProof({ consumerId: user.id, order, formData });
    if (refused) return refused;
    return redirect(`/pedidos/${order.pickupCode}`, {
      headers: { "Set-Cookie": await setFlash({ key: "wallet.flash.proofSent" }) },
    });
  }
  if (which.status === "success" && which.value.intent === "pay") {
    const checkout = await startCardCheckout({
      consumerId: user.id,
      orderId: order.id,
      origin: new URL(request.url).origin,
    });
    if (checkout.ok) return redirect(checkout.url, 303);
    return refuseForm(formData, {
      formErrors: [
        checkout.error === "failed" ? "pay.errors.startFailed" : "pay.errors.notPending",
      ],
      status: checkout.error === "failed" ? 502 : 409,
      keepValues: false,
    });
  }
  const submission = parseForm(formData, OrderChangeSchema);
  // What was typed comes back after a refusal the person can fix, to put back in the form.
  const refuse = (error: string, status: number, keepValues = true) =>
    refuseForm(formData, { formErrors: [error], status, keepValues });
  if (submission.status !== "success") return refuse("errors.checkoutInvalid", 400, false);
  const { intent, items = [], slotId = order.slotId } = submission.value;
  const result =
    intent === "cancel"
      ? cancelOrder({ consumerId: user.id, orderId: order.id })
      : changeOrder({ consumerId: user.id, orderId: order.id, lines: items, slotId });
  if (result.ok) {
    const flash = intent === "cancel" ? "flash.orderCancelled" : "flash.orderChanged";
    return redirect(`/pedidos/${order.pickupCode}`, {
      headers: { "Set-Cookie": await setFlash({ key: flash }) },
    });
  }
  switch (result.error) {
    case "notFound":
    case "closed":
      return refuse("errors.orderNotChangeable", 409, false);
    case "short":
      return refuseForm(formData, {
        formErrors: ["errors.shortChange"],
        shortages: result.shortages,
        status: 409,
      });
    case "slotFull":
      return refuse("errors.slotFull", 409);
    case "empty":
      return refuse("errors.orderWouldBeEmpty", 400);
    case "paid":
      return refuse("pay.errors.cardNotChangeable", 409, false);
    default:
      return refuse("errors.checkoutInvalid", 400, false);
  }
}

export default function OrderPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const byProducer = new Map<number, typeof data.items>();
  for (const item of data.items)
    byProducer.set(item.producerId, [...(byProducer.get(item.producerId) ?? []), item]);
  return (
    <>
      <h1>{t("order.heading")}</h1>
      <section className="card pickup-code" aria-labelledby="code-label">
        <p id="code-label" className="muted">
          {t("order.codeLabel")}
        </p>
        <p className="code" aria-label={data.order.code.split("").join(" ")}>
          {data.order.code}
        </p>
        <figure
          className="qr"
          role="img"
          aria-label={t("order.qrLabel", { code: data.order.code })}
          dangerouslySetInnerHTML={{ __html: data.qrSvg }}
        />
        <p className={`status status-${data.order.status}`}>
          {t(`orderStatus.${data.order.status}`)}
        </p>
      </section>

      <section className="card" aria-labelledby="when-title">
        <h2 id="when-title">{t("order.when")}</h2>
        <dl className="facts">
          <div>
            <dt>{t("order.date")}</dt>
            <dd>{data.dateLabel}</dd>
          </div>
          <div>
            <dt>{t("order.slot")}</dt>
            <dd>{data.slot.label}</dd>
          </div>
          <div>
            <dt>{t("home.place")}</dt>
            <dd>{data.place}</dd>
          </div>
          <div>
            <dt>{t("checkout.payment")}</dt>
            <dd>
              {t(`payment.${data.order.paymentMethod}`)}
              {data.payment !== "none" ? ` · ${t(`pay.state.${data.payment}`)}` : null}
            </dd>
          </div>
        </dl>
      </section>

      <CardPayment
        payment={data.payment}
        returned={data.returned}
        canPay={data.canPay}
        holdUntilLabel={data.holdUntilLabel}
        order={data.order}
      />

      {data.wallet ? (
        <WalletPayment
          wallet={data.wallet}
          refusal={refusal?.formId === PROOF_FORM_ID ? refusal : undefined}
          submitting={submitting}
        />
      ) : null}

      {refusal && refusal.formId !== PROOF_FORM_ID ? (
        <div className="form-error" role="alert">
          {formErrorsOf(refusal).map((e) => (
            <p key={e}>{t(e)}</p>
          ))}
          {refusal.shortages ? (
            <ul>
              {refusal.shortages.map((s) => (
                <li key={s.offerId}>
                  <ShortageText shortage={s} />
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <Form method="post" className="card" aria-labelledby="items-title">
        <h2 id="items-title">{t("order.items")}</h2>
        <input type="hidden" name="intent" value="change" />
        {data.baskets.map((basket) => (
          <section
            key={basket.id}
            aria-labelledby={`order-basket-${basket.id}`}
            className="order-basket"
          >
            <h3 id={`order-basket-${basket.id}`}>
              {t("bundles.orderLine", {
                quantity: basket.quantity,
                name: basket.name,
                amount: formatMoney(basket.totalCents),
              })}
            </h3>
            {basket.producers.map((producer) => (
              <div key={producer.producerId}>
                <h4>
                  <Link to={`/productores/${producer.producerSlug}`}>{producer.farmName}</Link>
                  <span className="muted"> · {producer.community}</span>
                </h4>
                <ul className="order-items">
                  {producer.items.map((item) => (
                    <li key={item.offerId}>
                      <span>
                        {item.quantity} × {item.productName} ({t(`units.${item.unit}`)})
                      </span>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
            <hr />
          </section>
        ))}
        {data.baskets.length > 0 && data.editable ? (
          <p className="hint">{t("bundles.keptAsReserved")}</p>
        ) : null}
        {data.baskets.length > 0 && data.items.length > 0 ? (
          <h3>{t("bundles.boughtAlone")}</h3>
        ) : null}
        {[...byProducer.values()].map((items, p) => (
          <section key={items[0].producerId} aria-label={items[0].farmName}>
            <ProducerHeading level={data.baskets.length > 0 ? 4 : 3}>
              <Link to={`/productores/${items[0].producerSlug}`}>{items[0].farmName}</Link>
              <span className="muted"> · {items[0].community}</span>
            </ProducerHeading>
            <ul className="order-items">
              {items.map((item) => {
                const index = data.items.indexOf(item);
                return (
                  <li key={item.offerId}>
                    <input type="hidden" name={`items[${index}].offerId`} value={item.offerId} />
                    {data.editable ? (
                      <>
                        <label htmlFor={`item-${index}`}>
                          {item.productName} ({t(`units.${item.unit}`)},{" "}
                          {formatMoney(item.unitPriceCents)})
                        </label>
                        <input
                          id={`item-${index}`}
                          name={`items[${index}].quantity`}
                          type="number"
                          inputMode="numeric"
                          min={0}
                          defaultValue={
                            typedIn(refusal, `items[${index}].quantity`) ?? item.quantity
                          }
                        />
                      </>
                    ) : (
                      <span>
                        {item.quantity} × {item.productName} ({t(`units.${item.unit}`)})
                      </span>
                    )}
                    <span className="line-total">{formatMoney(item.lineCents)}</span>
                  </li>
                );
              })}
            </ul>
            {p < byProducer.size - 1 ? <hr /> : null}
          </section>
        ))}
        <p className="grand-total">
          {t("basket.total")}: <strong>{formatMoney(data.order.totalCents)}</strong>
        </p>
        {data.editable ? (
          <>
            <Field id="slotId" label={t("order.changeSlot")}>
              <select
                id="slotId"
                name="slotId"
                defaultValue={typedIn(refusal, "slotId") ?? data.slot.id}
              >
                {data.slots.map((s) => (
                  <option key={s.id} value={s.id} disabled={s.left <= 0}>
                    {s.label} ·{" "}
                    {s.left > 0
                      ? t("checkout.placesLeft", { count: s.left })
                      : t("checkout.slotFull")}
                  </option>
                ))}
              </select>
            </Field>
            <p className="hint">{t("order.changeHint", { cutoff: data.cutoffLabel })}</p>
            <button type="submit" className="button" disabled={submitting}>
              {t("order.saveChanges")}
            </button>
          </>
        ) : null}
      </Form>

      {data.changeable ? (
        <details className="card cancel">
          <summary>{t("order.cancel")}</summary>
          <p>{t("order.cancelQuestion")}</p>
          {data.payment === "paid" ? (
            <p>{t("pay.cancelRefunds", { amount: formatMoney(data.order.totalCents) })}</p>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value="cancel" />
            <button type="submit" className="button danger">
              {t("order.cancelConfirm")}
            </button>
          </Form>
        </details>
      ) : null}
      <p>
        <Link to="/pedidos">{t("order.allOrders")}</Link>
      </p>
    </>
  );
}

/** A producer's name over their lines: one level deeper when the order also has baskets. */
function ProducerHeading({ level, children }: { level: 3 | 4; children: ReactNode }) {
  return level === 3 ? <h3>{children}</h3> : <h4>{children}</h4>;
}
