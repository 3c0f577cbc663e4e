import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { readBasket, writeBasketLine } from "../basket.server";
import { ProductPhoto } from "../components/OfferCard";
import { setFlash, type Flash } from "../flash.server";
import { readFormData } from "../lib/forms.server";
import { getTranslator } from "../i18n.server";
import { parseForm } from "../lib/form-parse";
import { formatMoney } from "../lib/format";
import { BasketLineSchema, MAX_LINE_QUANTITY } from "../lib/schemas";
import { describeBasket } from "../models/basket.server";
import { getCurrentMarketDay, orderWindow } from "../models/markets.server";
import { getUser } from "../session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getTranslator(request);
  const user = (await getUser(request))?.user ?? null;
  const day = getCurrentMarketDay();
  const basket = day
    ? describeBasket({
        lines: await readBasket(request, user),
        marketDayId: day.id,
        consumerId: user?.id ?? null,
      })
    : { lines: [], totalCents: 0 };
  return json({
    title: t("basket.title"),
    basket,
    open: day ? orderWindow(day) === "open" : false,
  });
}

/** Plain forms only: no JavaScript needed (see root.tsx). */
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Qhatu" }];

/**
 * Adds to or sets a basket line, within what is left and the per-customer limit. JavaScript
 * forms (fetchers) get JSON back; plain forms are redirected with a one-time message.
 */
export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  const submission = parseForm(formData, BasketLineSchema);
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const { intent, offerId, redirectTo } = submission.value;
  const user = (await getUser(request))?.user ?? null;
  const day = getCurrentMarketDay();
  if (!day) throw new Response("No market day", { status: 404 });

  const headers = new Headers();
  // Taking something out always works, even when the offer is paused or gone.
  if (intent === "set" && submission.value.quantity === 0) {
    const cleared = await writeBasketLine(request, user, { offerId, quantity: 0 });
    if (cleared) headers.append("Set-Cookie", cleared);
    if (formData.get("respond") === "json")
      return json({ ok: true, quantity: 0, capped: false }, { headers });
    headers.append("Set-Cookie", await setFlash({ key: "flash.removedLine" }));
    return redirect(redirectTo ?? "/canasta", { headers });
  }

  const lines = await readBasket(request, user);
  const already = lines.find((l) => l.offerId === offerId)?.quantity ?? 0;
  const wanted = Math.min(
    intent === "add" ? already + submission.value.quantity : submission.value.quantity,
    MAX_LINE_QUANTITY,
  );
  const [line] = describeBasket({
    lines: [{ offerId, quantity: Math.max(wanted, 1) }],
    marketDayId: day.id,
    consumerId: user?.id ?? null,
  }).lines;
  if (!line || line.problem === "unavailable" || line.max === 0) {
    // Not in this market, paused, or sold out since the page was shown: the basket stays as
    // it was. Fetchers get the reason; plain forms go back to the page with a message.
    const reason = line && line.problem !== "unavailable" ? "soldOut" : "offerUnavailable";
    if (formData.get("respond") === "json") {
      return json(submission.reply({ formErrors: [`errors.${reason}`] }), {
        status: line ? 409 : 404,
      });
    }
    const back = await setFlash({
      key: `flash.${reason}`,
      values: { product: line?.productName ?? "" },
    });
    return redirect(redirectTo ?? "/canasta", { headers: { "Set-Cookie": back } });
  }
  const quantity = Math.min(wanted, line.max);
  const capped = quantity < wanted;

  const basketCookie = await writeBasketLine(request, user, { offerId, quantity });
  if (basketCookie) headers.append("Set-Cookie", basketCookie);
  if (formData.get("respond") === "json") return json({ ok: true, quantity, capped }, { headers });

  const message: Flash = capped
    ? { key: "flash.capped", values: { product: line.productName, count: quantity } }
    : { key: "flash.added", values: { product: line.productName, count: quantity } };
  headers.append("Set-Cookie", await setFlash(message));
  return redirect(redirectTo ?? "/canasta", { headers });
}

export default function BasketPage() {
  const { t } = useTranslation();
  const { basket, open } = useLoaderData<typeof loader>();
  if (basket.lines.length === 0) {
    return (
      <section className="card" aria-labelledby="basket-title">
        <h1 id="basket-title">{t("basket.title")}</h1>
        <p>{t("basket.empty")}</p>
        <Link to="/feria" className="button">
          {t("basket.browse")}
        </Link>
      </section>
    );
  }
  const byProducer = new Map<number, typeof basket.lines>();
  for (const line of basket.lines)
    byProducer.set(line.producerId, [...(byProducer.get(line.producerId) ?? []), line]);
  const hasProblems = basket.lines.some((l) => l.problem);
  return (
    <>
      <h1>{t("basket.title")}</h1>
      {[...byProducer.values()].map((lines) => (
        <section
          key={lines[0].producerId}
          className="card basket-producer"
          aria-labelledby={`producer-${lines[0].producerId}`}
        >
          <h2 id={`producer-${lines[0].producerId}`}>
            <Link to={`/productores/${lines[0].producerSlug}`}>{lines[0].farmName}</Link>
            <span className="muted"> · {lines[0].community}</span>
          </h2>
          <ul className="basket-lines">
            {lines.map((line) => (
              <li key={line.offerId} className="basket-line">
                <ProductPhoto photoKey={line.photoKey} alt="" />
                <div>
                  <p className="line-name">{line.productName}</p>
                  <p className="muted">
                    {formatMoney(line.priceCents)}{" "}
                    {t("catalogue.perUnit", { unit: t(`units.${line.unit}`) })}
                  </p>
                  {line.problem ? (
                    <p className="field-error" id={`problem-${line.offerId}`}>
                      {line.problem === "unavailable"
                        ? t("basket.unavailable")
                        : line.problem === "limit"
                          ? t("basket.overLimit", { count: line.max })
                          : t("basket.overStock", { count: line.max })}
                    </p>
                  ) : null}
                  <Form method="post" className="line-form">
                    <input type="hidden" name="intent" value="set" />
                    <input type="hidden" name="offerId" value={line.offerId} />
                    <label htmlFor={`line-${line.offerId}`}>{t("basket.quantity")}</label>
                    <input
                      id={`line-${line.offerId}`}
                      name="quantity"
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={Math.max(line.max, line.requested)}
                      defaultValue={line.requested}
                      aria-describedby={line.problem ? `problem-${line.offerId}` : undefined}
                    />
                    <button type="submit" className="button small">
                      {t("basket.update")}
                    </button>
                  </Form>
                  <Form method="post" className="line-remove">
                    <input type="hidden" name="intent" value="set" />
                    <input type="hidden" name="offerId" value={line.offerId} />
                    <input type="hidden" name="quantity" value="0" />
                    <button type="submit" className="link-button">
                      {t("basket.remove", { product: line.productName })}
                    </button>
                  </Form>
                </div>
                <p className="line-total">{formatMoney(line.subtotalCents)}</p>
              </li>
            ))}
          </ul>
          <p className="subtotal">
            {t("basket.producerSubtotal")}:{" "}
            <strong>{formatMoney(lines.reduce((s, l) => s + l.subtotalCents, 0))}</strong>
          </p>
        </section>
      ))}
      <section className="card total" aria-label={t("basket.total")}>
        <p className="grand-total">
          {t("basket.total")}: <strong>{formatMoney(basket.totalCents)}</strong>
        </p>
        {open ? (
          hasProblems ? (
            <p className="field-error">{t("basket.fixProblems")}</p>
          ) : (
            <Link to="/canasta/confirmar" className="button primary">
              {t("basket.checkout")}
            </Link>
          )
        ) : (
          <p>{t("home.ordersClosed")}</p>
        )}
      </section>
    </>
  );
}
