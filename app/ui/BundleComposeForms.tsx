/**
 * The forms of a family basket's compose page (/coordinacion/canastas/:id) about its contents
 * (how many units of each, one more content), and what all its forms share. Plain forms: a
 * refused one comes back as a FormReply (its formId says which) and shows its errors (i18n
 * keys) next to what was typed.
 */
import { Form } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import type { BundleStatus } from "../../db/schema-enums";
import { formatMoney } from "../lib/format";
import { formErrorsOf, replyFor, type FormReply } from "../lib/form-reply";
import { SelectInput, TextInput, useFormReply } from "./CoordForm";
import { CellNumberForm, ScrollTable } from "./tables";

/** A basket as its compose page shows it (money in céntimos, the day already worded). */
export type BundleComposeView = {
  day: { date: string; label: string; finished: boolean };
  bundle: {
    id: number;
    name: string;
    description: string;
    photoKey: string | null;
    priceCents: number;
    /** The price as its field shows it: "25.00". */
    priceValue: string;
    maxCount: number | null;
    perCustomerLimit: number | null;
    status: BundleStatus;
    taken: number;
    byStock: number;
    canMake: number;
    valueAloneCents: number;
  };
  contents: {
    offerId: number;
    productName: string;
    unit: string;
    farmName: string;
    priceCents: number;
    unitsLeft: number;
    perBundle: number;
    shareCents: number;
    onSale: boolean;
  }[];
  choices: {
    producerId: number;
    farmName: string;
    offers: {
      offerId: number;
      productName: string;
      unit: string;
      priceCents: number;
      unitsLeft: number;
    }[];
  }[];
  shares: {
    percent: string;
    rows: {
      producerId: number;
      farmName: string;
      shareCents: number;
      commissionCents: number;
      netCents: number;
    }[];
    total: { shareCents: number; commissionCents: number; netCents: number };
  };
};

export function Messages({ reply, formId }: { reply?: FormReply; formId: string }) {
  const { t } = useTranslation();
  const mine = replyFor(reply, formId);
  const errors = formErrorsOf(mine);
  if (!errors.length) return null;
  return (
    <div className="form-error" role="alert">
      {errors.map((e) => (
        <p key={e}>{t(e, mine?.values)}</p>
      ))}
    </div>
  );
}

/** Per basket: what each content is, how many units go in, and its share of the price. */
export function ContentsTable({ data, reply }: { data: BundleComposeView; reply?: FormReply }) {
  const { t } = useTranslation();
  const { contents, day } = data;
  if (contents.length === 0) return <p>{t("coordBundles.noContents")}</p>;
  return (
    <ScrollTable
      captionId="contents-caption"
      className="coord-slots"
      caption={t("coordBundles.contentsCaption")}
      columns={[
        t("coordBundles.col.product"),
        t("coordBundles.col.perBasket"),
        t("coordBundles.col.share"),
      ]}
    >
      <tbody>
        {contents.map((c) => {
          const formId = `content-${c.offerId}`;
          const mine = replyFor(reply, formId);
          const errorId = `${formId}-error`;
          return (
            <tr key={c.offerId}>
              <th scope="row">
                {c.productName} <span className="muted">({t(`units.${c.unit}`)})</span>
                <br />
                <span className="muted">{c.farmName}</span>
                <br />
                <span className="muted">
                  {t("coordBundles.priceAndLeft", {
                    price: formatMoney(c.priceCents),
                    count: c.unitsLeft,
                  })}
                </span>
                {c.onSale ? null : (
                  <>
                    <br />
                    <span className="badge">{t("coordBundles.notOnSale")}</span>
                  </>
                )}
              </th>
              <td>
                {day.finished ? (
                  c.perBundle
                ) : (
                  <>
                    <CellNumberForm
                      intent="setQuantity"
                      row={{ name: "offerId", value: c.offerId }}
                      id={`${formId}-quantity`}
                      name="quantity"
                      size={3}
                      stored={String(c.perBundle)}
                      label={t("coordBundles.quantityOf", { product: c.productName })}
                      submit={t("coordBundles.saveQuantity")}
                      rowName={c.productName}
                      reply={mine}
                      errorId={errorId}
                    />
                    <Form method="post">
                      <input type="hidden" name="intent" value="removeContent" />
                      <input type="hidden" name="offerId" value={c.offerId} />
                      <button type="submit" className="link-button">
                        {t("coordBundles.remove", { product: c.productName })}
                      </button>
                    </Form>
                  </>
                )}
              </td>
              <td className="coord-nowrap">{formatMoney(c.shareCents)}</td>
            </tr>
          );
        })}
      </tbody>
    </ScrollTable>
  );
}

/** The form that puts one more of the day's offers in, the select grouped by producer. */
export function AddContentForm({ data, reply }: { data: BundleComposeView; reply?: FormReply }) {
  const { t } = useTranslation();
  const form = useFormReply("add");
  if (data.choices.length === 0) return <p className="hint">{t("coordBundles.noOffers")}</p>;
  return (
    <Form method="post" noValidate aria-labelledby="add-title">
      <h3 id="add-title">{t("coordBundles.addTitle")}</h3>
      <Messages reply={reply} formId="add" />
      <input type="hidden" name="intent" value="addContent" />
      <SelectInput form={form} name="offerId" label={t("coordBundles.fields.offer")}>
        <option value="">{t("coordBundles.chooseOffer")}</option>
        {data.choices.map((group) => (
          <optgroup key={group.producerId} label={group.farmName}>
            {group.offers.map((o) => (
              <option key={o.offerId} value={o.offerId}>
                {t("coordBundles.offerOption", {
                  product: o.productName,
                  unit: t(`units.${o.unit}`),
                  price: formatMoney(o.priceCents),
                  count: o.unitsLeft,
                })}
              </option>
            ))}
          </optgroup>
        ))}
      </SelectInput>
      <TextInput
        form={form}
        name="quantity"
        label={t("coordBundles.fields.quantity")}
        inputMode="numeric"
        defaultValue="1"
      />
      <button type="submit" className="button">
        {t("coordBundles.add")}
      </button>
    </Form>
  );
}
