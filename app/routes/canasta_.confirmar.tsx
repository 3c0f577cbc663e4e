import crypto from "node:crypto";
import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { PriceChanges } from "../ui/PriceChanges";
import { BundleShortageText, ShortageText } from "../ui/Shortage";
import { setFlash } from "../infra/flash.server";
import { readFormData, refuseForm } from "../lib/forms.server";
import { formErrorsOf, typedIn, type FormReply } from "../lib/form-reply";
import { getTranslator } from "../infra/i18n.server";
import { parseForm } from "../lib/form-parse";
import { formatDateTime, formatMarketDate, formatMoney, formatTime } from "../lib/format";
import { CheckoutSchema } from "../features/ordering/order-schemas";
import { acceptChanges, encodeSeenPrices, NO_SEEN_PRICES } from "../features/ordering/seen-prices";
import {
  adjustSavedCart,
  bundleLinesOfDay,
  describeCart,
  describeBundleLines,
  getSavedCart,
  getSavedBundles,
  linesOfDay,
} from "../features/cart/cart.server";
import { getCurrentMarketDay, orderWindow } from "../features/market-days/markets.server";
import { listSlots } from "../features/ordering/order-reads.server";
import { reserveOrderSoon } from "../features/ordering/reserve-queue.server";
import { startCardCheckout } from "../features/payments/card-checkout.server";
import { availablePaymentMethods } from "../features/payments/payments.server";
import { requireUser } from "../infra/session.server";
import { titleMeta } from "../lib/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { t, locale } = await getTranslator(request);
  const day = getCurrentMarketDay();
  if (!day) throw redirect("/canasta");
  const basket = describeCart({
    lines: getSavedCart(user.id),
    marketDayId: day.id,
    consumerId: user.id,
  });
  const bundleLines = describeBundleLines({
    lines: getSavedBundles(user.id),
    marketDayId: day.id,
    alongside: basket.lines.map((l) => ({ offerId: l.offerId, quantity: l.requested })),
    consumerId: user.id,
  }).lines;
  if (basket.lines.length === 0 && bundleLines.length === 0) throw redirect("/canasta");
  const bundles = bundleLines.map((l) => ({
    id: l.bundle.id,
    name: l.bundle.name,
    requested: l.requested,
    problem: l.problem,
    priceCents: l.bundle.priceCents,
    subtotalCents: l.subtotalCents,
  }));
  return json({
    title: t("checkout.title"),
    window: orderWindow(day),
    dateLabel: formatMarketDate(day.date, locale),
    cutoffLabel: formatDateTime(day.cutoffAt, locale),
    place: day.place,
    basket,
    bundles,
    totalCents:
      basket.totalCents +
      bundles
        .filter((l) => l.problem !== "unavailable")
        .reduce((sum, l) => sum + l.subtotalCents, 0),
    slots: listSlots(day.id).map((s) => ({
      id: s.id,
      label: `${formatTime(s.startsAt, locale)} – ${formatTime(s.endsAt, locale)}`,
      left: s.left,
    })),
    paymentMethods: availablePaymentMethods(day),
    // The prices on this page, posted back with the form: the reservation refuses any other.
    seenPrices: encodeSeenPrices({
      offers: basket.lines.map((l) => [l.offerId, l.priceCents] as const),
      bundles: bundles.map((l) => [l.id, l.priceCents] as const),
    }),
    // One key per rendered form: posting it twice (double tap, retry) makes one order.
    idempotencyKey: crypto.randomUUID(),
  });
}

/** Plain forms only: no JavaScript needed (see root.tsx). */
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = titleMeta;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  // A refusal's one message is the form's; the page shows the stored basket, so what was
  // typed comes back only where the page keeps it (`keep`: the slot chosen).
  const refuse = (
    message: string,
    status: number,
    {
      keep = false,
      ...extras
    }: { keep?: boolean } & Pick<
      FormReply,
      "values" | "shortages" | "bundleShortages" | "priceChanges" | "totalCents" | "accept"
    > = {},
  ) =>
    refuseForm(formData, {
      status,
      formErrors: [message],
      keepValues: keep ? ["slotId"] : false,
      ...extras,
    });
  const submission = parseForm(formData, CheckoutSchema);
  if (submission.status !== "success") {
    const missingSlot = Boolean(submission.error?.slotId);
    return refuse(missingSlot ? "errors.chooseSlot" : "errors.checkoutInvalid", 400);
  }
  const day = getCurrentMarketDay();
  if (!day) return redirect("/canasta");
  const {
    intent,
    slotId,
    paymentMethod = "cash",
    idempotencyKey,
    seenPrices = NO_SEEN_PRICES,
  } = submission.value;

  if (intent === "adjust") {
    adjustSavedCart({ userId: user.id, marketDayId: day.id });
    return redirect("/canasta/confirmar", {
      headers: { "Set-Cookie": await setFlash({ key: "flash.adjusted" }) },
    });
  }

  if (!availablePaymentMethods(day).includes(paymentMethod)) {
    return refuse("errors.paymentMethodUnavailable", 400);
  }
  // Only this market day's lines: older ones left in the basket are not part of this order.
  const lines = linesOfDay({ lines: getSavedCart(user.id), marketDayId: day.id });
  const bundles = bundleLinesOfDay({ lines: getSavedBundles(user.id), marketDayId: day.id });
  const result = await reserveOrderSoon({
    consumerId: user.id,
    marketDayId: day.id,
    lines,
    bundles,
    slotId: slotId!,
    paymentMethod,
    idempotencyKey,
    clearCart: true,
    seenPrices,
  });
  if (result.ok && result.order.paymentMethod === "card") {
    // The hold is committed; only now talk to Stripe (never inside the transaction). A
    // double tap finds the same order and, through the same idempotency key, the same session.
    const checkout = await startCardCheckout({
      consumerId: user.id,
      orderId: result.order.id,
      origin: new URL(request.url).origin,
    });
    if (checkout.ok) return redirect(checkout.url, 303);
    return redirect(`/pedidos/${result.order.pickupCode}`, {
      status: 303,
      headers: {
        "Set-Cookie": await setFlash({
          key: checkout.error === "failed" ? "pay.flash.startFailed" : "pay.flash.notPending",
        }),
      },
    });
  }
  if (result.ok) {
    return redirect(`/pedidos/${result.order.pickupCode}`, {
      headers: {
        "Set-Cookie": await setFlash({
          key:
            result.order.paymentMethod === "yape_plin"
              ? "wallet.flash.reserved"
              : "flash.orderConfirmed",
          values: { code: result.order.pickupCode },
        }),
      },
    });
  }
  switch (result.error) {
    case "empty":
      return redirect("/canasta");
    case "short":
      return refuse("errors.short", 409, {
        keep: true,
        shortages: result.shortages,
        ...(result.bundleShortages ? { bundleShortages: result.bundleShortages } : {}),
      });
    case "closed": {
      const { locale } = await getTranslator(request);
      return refuse("errors.orderingClosed", 409, {
        values: { cutoff: result.cutoffAt ? formatDateTime(result.cutoffAt, locale) : "" },
      });
    }
    case "slotFull":
      return refuse("errors.slotFull", 409, { keep: true });
    case "slotInvalid":
      return refuse("errors.chooseSlot", 400);
    case "priceChanged":
      // Refused before any hold or Stripe call: nothing is charged until the person accepts.
      return refuse("checkout.pricesChanged", 409, {
        keep: true,
        priceChanges: result.changes,
        totalCents: result.totalCents,
        accept: {
          seenPrices: acceptChanges(seenPrices, result.changes),
          slotId: String(slotId),
          paymentMethod,
          idempotencyKey,
        },
      });
    case "keyReused":
      return refuse("errors.checkoutInvalid", 409);
    case "walletUnavailable":
      // Verification closed (or the wallet was switched off) since the page was shown.
      return refuse("wallet.errors.unavailable", 400, { keep: true });
  }
}

export default function CheckoutPage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  // The slot the person chose stays chosen after a refusal; otherwise the first with room.
  const chosen = Number(typedIn(refusal, "slotId")) || data.slots.find((s) => s.left > 0)?.id;
  const allFull = data.slots.every((s) => s.left <= 0);
  if (data.window !== "open") {
    return (
      <section className="card">
        <h1>{t("checkout.title")}</h1>
        <p>
          {data.window === "upcoming"
            ? t("catalogue.notOpenYet")
            : t("errors.orderingClosed", { cutoff: data.cutoffLabel })}
        </p>
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
          {data.bundles.map((l) => (
            <li key={`bundle-${l.id}`}>
              {l.requested} × {l.name} ({t("bundles.badge")}) — {formatMoney(l.subtotalCents)}
            </li>
          ))}
          {data.basket.lines.map((l) => (
            <li key={l.offerId}>
              {l.requested} × {l.productName} ({l.farmName}) — {formatMoney(l.subtotalCents)}
            </li>
          ))}
        </ul>
        <p className="grand-total">
          {t("basket.total")}: <strong>{formatMoney(data.totalCents)}</strong>
        </p>
        <Link to="/canasta">{t("checkout.editBasket")}</Link>
      </section>

      {refusal ? (
        <div className="form-error" role="alert">
          {formErrorsOf(refusal).map((e) => (
            <p key={e}>{t(e, refusal.values)}</p>
          ))}
          {refusal.shortages ? (
            <>
              <ul>
                {refusal.bundleShortages?.map((s) => (
                  <li key={`bundle-${s.bundleId}`}>
                    <BundleShortageText shortage={s} />
                  </li>
                ))}
                {refusal.shortages.map((s) => (
                  <li key={s.offerId}>
                    <ShortageText shortage={s} />
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
          {refusal.priceChanges && refusal.accept ? (
            <PriceChanges
              changes={refusal.priceChanges}
              totalCents={refusal.totalCents ?? 0}
              accept={refusal.accept}
            />
          ) : null}
        </div>
      ) : null}

      <Form method="post" className="card">
        <input type="hidden" name="intent" value="confirm" />
        <input type="hidden" name="idempotencyKey" value={data.idempotencyKey} />
        <input type="hidden" name="seenPrices" value={data.seenPrices} />
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
                defaultChecked={slot.id === chosen}
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
                defaultChecked={method === (refusal?.accept?.paymentMethod ?? "cash")}
              />
              <label htmlFor={`pay-${method}`}>
                {t(`payment.${method}`)} <span className="hint">{t(`payment.${method}Hint`)}</span>
              </label>
            </div>
          ))}
        </fieldset>
        {allFull ? (
          <p className="field-error">{t("checkout.allFull")}</p>
        ) : (
          <button type="submit" className="button primary" disabled={submitting}>
            {submitting ? t("forms.sending") : t("checkout.confirm")}
          </button>
        )}
      </Form>
    </>
  );
}
