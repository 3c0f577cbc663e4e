/**
 * The cart page's (/canasta) groups of lines, and one line: a product or a family basket, its
 * price, what is wrong with it, and the two plain forms that change its quantity or take it out.
 */
import type { ReactNode } from "react";
import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { formatMoney } from "../lib/format";
import { ProductPhoto } from "./OfferCard";

/** A card of the cart's lines (the family baskets, or one producer's): heading, lines, subtotal. */
export function BasketGroup({
  id,
  heading,
  subtotalCents,
  children,
}: {
  /** The heading's id, which labels the card. */
  id: string;
  heading: ReactNode;
  subtotalCents: number;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section className="card basket-producer" aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      <ul className="basket-lines">{children}</ul>
      <p className="subtotal">
        {t("basket.producerSubtotal")}: <strong>{formatMoney(subtotalCents)}</strong>
      </p>
    </section>
  );
}

export function CartLineItem({
  field,
  id,
  line: { photoKey, max, requested, subtotalCents },
  name,
  price,
  problem,
  quantityLabel,
  removeName,
}: {
  /** What the line is: an offer (intent "set") or a family basket (intent "setBundle"). */
  field: "offerId" | "bundleId";
  id: number;
  /** What every line of the cart has: its photo, the most one can have, what was asked, its subtotal. */
  line: { photoKey: string | null; max: number; requested: number; subtotalCents: number };
  name: ReactNode;
  price: string;
  /** What is wrong with the line, already in words; null when nothing is. */
  problem: string | null;
  quantityLabel: string;
  removeName: string;
}) {
  const { t } = useTranslation();
  const intent = field === "offerId" ? "set" : "setBundle";
  const prefix = field === "offerId" ? "" : "bundle-";
  const problemId = `${prefix}problem-${id}`;
  const inputId = `${prefix}line-${id}`;
  return (
    <li className="basket-line">
      <ProductPhoto photoKey={photoKey} alt="" />
      <div>
        <p className="line-name">{name}</p>
        <p className="muted">{price}</p>
        {problem ? (
          <p className="field-error" id={problemId}>
            {problem}
          </p>
        ) : null}
        <Form method="post" className="line-form">
          <input type="hidden" name="intent" value={intent} />
          <input type="hidden" name={field} value={id} />
          <label htmlFor={inputId}>{quantityLabel}</label>
          <input
            id={inputId}
            name="quantity"
            type="number"
            inputMode="numeric"
            min={0}
            max={Math.max(max, requested)}
            defaultValue={requested}
            aria-describedby={problem ? problemId : undefined}
          />
          <button type="submit" className="button small">
            {t("basket.update")}
          </button>
        </Form>
        <Form method="post" className="line-remove">
          <input type="hidden" name="intent" value={intent} />
          <input type="hidden" name={field} value={id} />
          <input type="hidden" name="quantity" value="0" />
          <button type="submit" className="link-button">
            {t("basket.remove", { product: removeName })}
          </button>
        </Form>
      </div>
      <p className="line-total">{formatMoney(subtotalCents)}</p>
    </li>
  );
}
