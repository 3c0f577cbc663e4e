import crypto from "node:crypto";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { setFlash } from "../flash.server";
import { readFormData } from "../lib/forms.server";
import { getTranslator } from "../i18n.server";
import { parseForm } from "../lib/form-parse";
import { formatDateTime, formatMarketDate, formatMoney, formatTime } from "../lib/format";
import { CheckoutSchema } from "../lib/schemas";
import { describeBasket, getSavedBasket, setSavedBasketLine } from "../models/basket.server";
import { getDefaultMarket, getNextMarketDay, orderWindow } from "../models/markets.server";
import { listSlots, reserveBasket, type Shortage } from "../models/orders.server";
import { availablePaymentMethods } from "../models/payments.server";
import { requireUser } from "../session.server";

function currentMarketDay() {
  const market = getDefaultMarket();
  return market ? getNextMarketDay({ marketId: market.id }) : undefined;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { t, locale } = await getTranslator(request);
  const day = currentMarketDay();
  if (!day) throw redirect("/canasta");
  const basket = describeBasket({
    lines: getSavedBasket(user.id),
    marketDayId: day.id,
    consumerId: user.id,
  });
  if (basket.lines.length === 0) throw redirect("/canasta");
  return json({
    title: t("checkout.title"),
    open: orderWindow(day) === "open",
    dateLabel: formatMarketDate(day.date, locale),
    cutoffLabel: formatDateTime(day.cutoffAt, locale),
    place: day.place,
    basket,
    slots: listSlots(day.id).map((s) => ({
      id: s.id,
      label: `${formatTime(s.startsAt, locale)} – ${formatTime(s.endsAt, locale)}`,
      left: s.left,
    })),
    paymentMethods: availablePaymentMethods(),
    // One key per rendered form: posting it twice (double tap, retry) makes one order.
    idempotencyKey: crypto.randomUUID(),
  });
}

/** Plain forms only: no JavaScript needed (see root.tsx). */
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Qhatu" }];

type Refusal = { error: string; shortages?: Shortage[]; cutoffLabel?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseForm(await readFormData(request), CheckoutSchema);
  if (submission.status !== "success")
    return json<Refusal>({ error: "errors.checkoutInvalid" }, { status: 400 });
  const day = currentMarketDay();
  if (!day) return redirect("/canasta");
  const { intent, slotId, paymentMethod = "cash", idempotencyKey } = submission.value;

  if (intent === "adjust") {
    // One step to take what is left: every short line down to what this person can still have.
    const basket = describeBasket({
      lines: getSavedBasket(user.id),
      marketDayId: day.id,
      consumerId: user.id,
    });
    for (const line of basket.lines.filter((l) => l.problem)) {
      setSavedBasketLine({ userId: user.id, offerId: line.offerId, quantity: line.max });
    }
    return redirect("/canasta/confirmar", {
      headers: { "Set-Cookie": await setFlash({ key: "flash.adjusted" }) },
    });
  }

  if (!availablePaymentMethods().includes(paymentMethod)) {
    return json<Refusal>({ error: "errors.paymentMethodUnavailable" }, { status: 400 });
  }
  const result = reserveBasket({
    consumerId: user.id,
    marketDayId: day.id,
    lines: getSavedBasket(user.id),
    slotId: slotId!,
    paymentMethod,
    idempotencyKey,
    clearBasket: true,
  });
  if (result.ok) {
    return redirect(`/pedidos/${result.order.pickupCode}`, {
      headers: {
        "Set-Cookie": await setFlash({
          key: "flash.orderConfirmed",
          values: { code: result.order.pickupCode },
        }),
      },
    });
  }
  switch (result.error) {
    case "empty":
      return redirect("/canasta");
    case "short":
      return json<Refusal>({ error: "errors.short", shortages: result.shortages }, { status: 409 });
    case "closed": {
      const { locale } = await getTranslator(request);
      return json<Refusal>(
        {
          error: "errors.orderingClosed",
          cutoffLabel: result.cutoffAt ? formatDateTime(result.cutoffAt, locale) : "",
        },
        { status: 409 },
      );
    }
    case "slotFull":
      return json<Refusal>({ error: "errors.slotFull" }, { status: 409 });
    case "slotInvalid":
      return json<Refusal>({ error: "errors.chooseSlot" }, { status: 400 });
    case "keyReused":
      return json<Refusal>({ error: "errors.checkoutInvalid" }, { status: 409 });
  }
}

export default function CheckoutPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>() as Refusal | undefined;
  const submitting = useNavigation().state === "submitting";
  const firstFree = data.slots.find((s) => s.left > 0)?.id;
  if (!data.open) {
    return (
      <section className="card">
        <h1>{t("checkout.title")}</h1>
        <p>{t("errors.orderingClosed", { cutoff: data.cutoffLabel })}</p>
      </section>
    );
  }
  return (
    <>
      <h1>{t("checkout.title")}</h1>
      <section className="card" aria-labelledby="summary-title">
        <h2 id="summary-title">{t("checkout.summary")}</h2>
        <p>{t("checkout.forDay", { date: data.dateLabel, place: data.place })}</p>
        <ul className="summary-lines">
          {data.basket.lines.map((l) => (
            <li key={l.offerId}>
              {l.requested} × {l.productName} ({l.farmName}) — {formatMoney(l.subtotalCents)}
            </li>
          ))}
        </ul>
        <p className="grand-total">
          {t("basket.total")}: <strong>{formatMoney(data.basket.totalCents)}</strong>
        </p>
        <Link to="/canasta">{t("checkout.editBasket")}</Link>
      </section>

      {refusal ? (
        <div className="form-error" role="alert">
          <p>{t(refusal.error, { cutoff: refusal.cutoffLabel })}</p>
          {refusal.shortages ? (
            <>
              <ul>
                {refusal.shortages.map((s) => (
                  <li key={s.offerId}>
                    {s.reason === "unavailable"
                      ? t("checkout.shortUnavailable", { product: s.productName })
                      : s.reason === "limit"
                        ? t("checkout.shortLimit", {
                            product: s.productName,
                            requested: s.requested,
                            count: s.available,
                          })
                        : t("checkout.shortStock", {
                            product: s.productName,
                            requested: s.requested,
                            count: s.available,
                          })}
                  </li>
                ))}
              </ul>
              <Form method="post">
                <input type="hidden" name="intent" value="adjust" />
                <input type="hidden" name="idempotencyKey" value={data.idempotencyKey} />
                <button type="submit" className="button">
                  {t("checkout.adjust")}
                </button>
              </Form>
            </>
          ) : null}
        </div>
      ) : null}

      <Form method="post" className="card">
        <input type="hidden" name="intent" value="confirm" />
        <input type="hidden" name="idempotencyKey" value={data.idempotencyKey} />
        <fieldset className="field radio-group">
          <legend>{t("checkout.slot")}</legend>
          {data.slots.map((slot) => (
            <div key={slot.id} className="radio">
              <input
                type="radio"
                id={`slot-${slot.id}`}
                name="slotId"
                value={slot.id}
                disabled={slot.left <= 0}
                defaultChecked={slot.id === firstFree}
              />
              <label htmlFor={`slot-${slot.id}`}>
                {slot.label} ·{" "}
                <span className="hint">
                  {slot.left > 0
                    ? t("checkout.placesLeft", { count: slot.left })
                    : t("checkout.slotFull")}
                </span>
              </label>
            </div>
          ))}
        </fieldset>
        <fieldset className="field radio-group">
          <legend>{t("checkout.payment")}</legend>
          {data.paymentMethods.map((method) => (
            <div key={method} className="radio">
              <input
                type="radio"
                id={`pay-${method}`}
                name="paymentMethod"
                value={method}
                defaultChecked={method === "cash"}
              />
              <label htmlFor={`pay-${method}`}>
                {t(`payment.${method}`)} <span className="hint">{t(`payment.${method}Hint`)}</span>
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="button primary" disabled={submitting}>
          {submitting ? t("forms.sending") : t("checkout.confirm")}
        </button>
      </Form>
    </>
  );
}
