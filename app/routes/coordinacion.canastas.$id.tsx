import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProductPhoto } from "../ui/OfferCard";
import { requireCoordinator } from "../features/access/coordinator.server";
import { setFlash } from "../infra/flash.server";
import { getTranslator } from "../infra/i18n.server";
import {
  AddContentSchema,
  BundleDetailsSchema,
  BundleStatusSchema,
  ContentQuantitySchema,
  DeleteBundleSchema,
  MAX_UNITS_PER_BASKET,
  RemoveContentSchema,
} from "../features/bundles/coord-bundles-schemas";
import { bpsToPercent } from "../features/settlement/coord-settlement-schemas";
import { parseForm } from "../lib/form-parse";
import { formatMarketDate, formatMoney } from "../lib/format";
import { readFormWithPhoto } from "../features/producers/photo-form.server";
import { sharesByProducer } from "../features/bundles/bundles.server";
import { getComposeBundle } from "../features/bundles/coord-bundles.server";
import { checkBundleDetails, saveBundleDetails } from "../features/bundles/bundle-edits.server";
import {
  addBundleContent,
  removeBundleContent,
  setBundleContentQuantity,
} from "../features/bundles/bundle-contents.server";
import { deleteDraftBundle, setBundleStatus } from "../features/bundles/bundle-publishing.server";
import { storePhoto } from "../features/producers/photos.server";
import { isFinished } from "../features/market-days/day-transaction.server";

/** The id in the URL, or a 404 for anything that is not a positive whole number. */
function bundleIdParam(raw: string | undefined) {
  const id = Number(raw);
  if (!raw || !/^\d{1,15}$/.test(raw) || !Number.isSafeInteger(id) || id < 1)
    throw new Response("Not found", { status: 404 });
  return id;
}

/** Céntimos as the price field shows them: 2500 → "25.00". */
const solesValue = (cents: number) =>
  `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const { t, locale } = await getTranslator(request);
  const found = getComposeBundle({ marketId: market.id, bundleId: bundleIdParam(params.id) });
  if (!found) throw new Response("Not found", { status: 404 });
  const { bundle, day, offers } = found;
  const inBasket = new Set(bundle.contents.map((c) => c.offerId));
  // The offers that can still go in, grouped by producer (offers come sorted by farm name).
  const choices: { producerId: number; farmName: string; offers: typeof offers }[] = [];
  for (const offer of offers.filter((o) => o.onSale && !inBasket.has(o.offerId))) {
    const last = choices.at(-1);
    if (last?.producerId === offer.producerId) last.offers.push(offer);
    else choices.push({ producerId: offer.producerId, farmName: offer.farmName, offers: [offer] });
  }
  const shares = sharesByProducer(bundle, market.commissionBps);
  const sum = (pick: (r: (typeof shares)[number]) => number) =>
    shares.reduce((total, r) => total + pick(r), 0);
  return json({
    title: t("coordBundles.editTitle", { name: bundle.name }),
    day: {
      date: day.date,
      label: formatMarketDate(day.date, locale),
      finished: isFinished(day),
    },
    bundle: {
      id: bundle.id,
      name: bundle.name,
      description: bundle.description,
      photoKey: bundle.photoKey,
      priceCents: bundle.priceCents,
      priceValue: solesValue(bundle.priceCents),
      maxCount: bundle.maxCount,
      perCustomerLimit: bundle.perCustomerLimit,
      status: bundle.status,
      taken: bundle.taken,
      byStock: bundle.byStock,
      canMake: bundle.canMake,
      valueAloneCents: bundle.valueAloneCents,
    },
    contents: bundle.contents.map((c) => ({
      offerId: c.offerId,
      productName: c.productName,
      unit: c.unit,
      farmName: c.farmName,
      priceCents: c.priceCents,
      unitsLeft: Math.max(0, c.quantity - c.reserved),
      perBundle: c.perBundle,
      shareCents: c.shareCents,
      onSale: c.onSale,
    })),
    choices: choices.map((group) => ({
      producerId: group.producerId,
      farmName: group.farmName,
      offers: group.offers.map((o) => ({
        offerId: o.offerId,
        productName: o.productName,
        unit: o.unit,
        priceCents: o.priceCents,
        unitsLeft: o.unitsLeft,
      })),
    })),
    shares: {
      percent: bpsToPercent(market.commissionBps),
      rows: shares.map((r) => ({
        producerId: r.producerId,
        farmName: r.farmName,
        shareCents: r.shareCents,
        commissionCents: r.commissionCents,
        netCents: r.netCents,
      })),
      total: {
        shareCents: sum((r) => r.shareCents),
        commissionCents: sum((r) => r.commissionCents),
        netCents: sum((r) => r.netCents),
      },
    },
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Qhatu" }];

/** A refused form: which one, its errors (i18n keys), what was typed, values for the messages. */
type Refusal = {
  formId: string;
  errors: Record<string, string[] | null>;
  typed: Record<string, string>;
  values?: Record<string, string | number>;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  const bundleId = bundleIdParam(params.id);
  const formData = await readFormWithPhoto(request);
  const notFound = () => new Response("Not found", { status: 404 });
  if (formData === "tooLarge")
    return json<Refusal>(
      { formId: "details", errors: { photo: ["errors.photoTooLarge"] }, typed: {} },
      { status: 413 },
    );
  const typed = Object.fromEntries(
    [...formData].filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const refuse = (
    formId: string,
    errors: Record<string, string[] | null>,
    status = 400,
    values?: Refusal["values"],
  ) => json<Refusal>({ formId, errors, typed, values }, { status });
  const back = async (flash: string, values?: Record<string, string | number>) =>
    redirect(`/coordinacion/canastas/${bundleId}`, {
      headers: {
        "Set-Cookie": await setFlash({ key: `coordBundles.flash.${flash}`, values }),
      },
    });
  const actor = { marketId: market.id, actorUserId: user.id, bundleId };
  const intent = String(formData.get("intent") ?? "");

  if (intent === "save") {
    const submission = parseForm(formData, BundleDetailsSchema);
    if (submission.status !== "success") return refuse("details", submission.reply().error ?? {});
    const { intent: _intent, price, ...rest } = submission.value;
    const details = { ...rest, priceCents: price };
    const saveRefused = (result: ReturnType<typeof checkBundleDetails>) => {
      if (result.ok) return null;
      if (result.error === "notFound") throw notFound();
      if (result.error === "capBelowTaken")
        return refuse("details", { maxCount: ["coordBundles.errors.capBelowTaken"] }, 409, {
          count: result.taken,
        });
      return refuse("details", { "": [`coordBundles.errors.${result.error}`] }, 409);
    };
    // The photo is stored only once the rest is known good, so a refusal stores nothing.
    const checked = saveRefused(
      checkBundleDetails({ marketId: market.id, bundleId, maxCount: details.maxCount }),
    );
    if (checked) return checked;
    const photo = formData.get("photo");
    let photoKey: string | undefined;
    if (photo instanceof Blob && photo.size > 0) {
      const stored = await storePhoto(photo);
      if (!stored.ok) return refuse("details", { photo: [`errors.${stored.error}`] });
      photoKey = stored.key;
    }
    return saveRefused(saveBundleDetails({ ...actor, details, photoKey })) ?? back("saved");
  }

  if (intent === "addContent") {
    const submission = parseForm(formData, AddContentSchema);
    if (submission.status !== "success") return refuse("add", submission.reply().error ?? {});
    const result = addBundleContent({ ...actor, ...submission.value });
    if (result.ok) return back("contentAdded");
    if (result.error === "notFound") throw notFound();
    if (result.error === "dayFinished")
      return refuse("add", { "": ["coordBundles.errors.dayFinished"] }, 409);
    return refuse(
      "add",
      { offerId: [`coordBundles.errors.${result.error}`] },
      result.error === "offerOtherDay" ? 400 : 409,
    );
  }

  if (intent === "setQuantity" || intent === "removeContent") {
    const formId = `content-${String(formData.get("offerId") ?? "")}`;
    if (intent === "setQuantity") {
      const submission = parseForm(formData, ContentQuantitySchema);
      if (submission.status !== "success") return refuse(formId, submission.reply().error ?? {});
      const result = setBundleContentQuantity({ ...actor, ...submission.value });
      if (result.ok) return back("quantitySaved");
      if (result.error === "notFound") throw notFound();
      return refuse(formId, { "": [`coordBundles.errors.${result.error}`] }, 409);
    }
    const submission = parseForm(formData, RemoveContentSchema);
    if (submission.status !== "success") return refuse(formId, { "": ["errors.formInvalid"] });
    const result = removeBundleContent({ ...actor, offerId: submission.value.offerId });
    if (result.ok) return back("contentRemoved");
    if (result.error === "notFound") throw notFound();
    return refuse(formId, { "": [`coordBundles.errors.${result.error}`] }, 409);
  }

  if (intent === "delete") {
    const submission = parseForm(formData, DeleteBundleSchema);
    if (submission.status !== "success") return refuse("status", { "": ["errors.formInvalid"] });
    const result = deleteDraftBundle(actor);
    if (!result.ok) {
      if (result.error === "notFound") throw notFound();
      return refuse("status", { "": [`coordBundles.errors.${result.error}`] }, 409);
    }
    return redirect(`/coordinacion/canastas?fecha=${result.date}`, {
      headers: {
        "Set-Cookie": await setFlash({
          key: "coordBundles.flash.deleted",
          values: { name: result.name },
        }),
      },
    });
  }

  const submission = parseForm(formData, BundleStatusSchema);
  if (submission.status !== "success") return refuse("status", { "": ["errors.formInvalid"] });
  const result = setBundleStatus({ ...actor, intent: submission.value.intent });
  if (result.ok) return back(result.unchanged ? "unchanged" : submission.value.intent);
  if (result.error === "notFound") throw notFound();
  return refuse(
    "status",
    { "": [`coordBundles.errors.${result.error}`] },
    409,
    result.error === "contentNotOnSale" ? { products: result.products.join(", ") } : undefined,
  );
}

function Messages({ reply, formId }: { reply?: Refusal; formId: string }) {
  const { t } = useTranslation();
  if (reply?.formId !== formId || !reply.errors[""]?.length) return null;
  return (
    <div className="form-error" role="alert">
      {reply.errors[""].map((e) => (
        <p key={e}>{t(e, reply.values)}</p>
      ))}
    </div>
  );
}

function FieldErrors({
  id,
  reply,
  formId,
  name,
}: {
  id: string;
  reply?: Refusal;
  formId: string;
  name: string;
}) {
  const { t } = useTranslation();
  const errors = reply?.formId === formId ? reply.errors[name] : null;
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error">
      {errors.map((e) => t(e, reply?.values)).join(" ")}
    </p>
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/** Per basket: what each content is, how many units go in, and its share of the price. */
function ContentsTable({ data, reply }: { data: Data; reply?: Refusal }) {
  const { t } = useTranslation();
  const { contents, day } = data;
  if (contents.length === 0) return <p>{t("coordBundles.noContents")}</p>;
  return (
    <div className="table-scroll" role="region" aria-labelledby="contents-caption" tabIndex={0}>
      <table className="coord-slots">
        <caption id="contents-caption">{t("coordBundles.contentsCaption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("coordBundles.col.product")}</th>
            <th scope="col">{t("coordBundles.col.perBasket")}</th>
            <th scope="col">{t("coordBundles.col.share")}</th>
          </tr>
        </thead>
        <tbody>
          {contents.map((c) => {
            const formId = `content-${c.offerId}`;
            const mine = reply?.formId === formId ? reply : undefined;
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
                      <Form method="post" className="coord-slot-form">
                        <input type="hidden" name="intent" value="setQuantity" />
                        <input type="hidden" name="offerId" value={c.offerId} />
                        <label htmlFor={`${formId}-quantity`} className="visually-hidden">
                          {t("coordBundles.quantityOf", { product: c.productName })}
                        </label>
                        <input
                          id={`${formId}-quantity`}
                          name="quantity"
                          type="text"
                          inputMode="numeric"
                          size={3}
                          defaultValue={String(mine?.typed.quantity ?? c.perBundle)}
                          aria-invalid={mine ? true : undefined}
                          aria-describedby={mine ? errorId : undefined}
                        />
                        <button type="submit" className="button small">
                          {t("coordBundles.saveQuantity")}
                          <span className="visually-hidden"> {c.productName}</span>
                        </button>
                        {mine ? (
                          <p id={errorId} className="field-error">
                            {Object.values(mine.errors)
                              .flat()
                              .filter((e): e is string => Boolean(e))
                              .map((e) => t(e, mine.values))
                              .join(" ")}
                          </p>
                        ) : null}
                      </Form>
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
      </table>
    </div>
  );
}

/** The form that puts one more of the day's offers in, the select grouped by producer. */
function AddContentForm({ data, reply }: { data: Data; reply?: Refusal }) {
  const { t } = useTranslation();
  const mine = reply?.formId === "add" ? reply : undefined;
  if (data.choices.length === 0) return <p className="hint">{t("coordBundles.noOffers")}</p>;
  const invalid = (name: string) =>
    mine?.errors[name]?.length
      ? { "aria-invalid": true as const, "aria-describedby": `add-${name}-error` }
      : {};
  return (
    <Form method="post" noValidate aria-labelledby="add-title">
      <h3 id="add-title">{t("coordBundles.addTitle")}</h3>
      <Messages reply={reply} formId="add" />
      <input type="hidden" name="intent" value="addContent" />
      <div className="field">
        <label htmlFor="add-offerId">{t("coordBundles.fields.offer")}</label>
        <select
          id="add-offerId"
          name="offerId"
          defaultValue={mine?.typed.offerId ?? ""}
          {...invalid("offerId")}
        >
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
        </select>
        <FieldErrors id="add-offerId-error" reply={reply} formId="add" name="offerId" />
      </div>
      <div className="field">
        <label htmlFor="add-quantity">{t("coordBundles.fields.quantity")}</label>
        <input
          id="add-quantity"
          name="quantity"
          type="text"
          inputMode="numeric"
          defaultValue={mine?.typed.quantity ?? "1"}
          {...invalid("quantity")}
        />
        <FieldErrors id="add-quantity-error" reply={reply} formId="add" name="quantity" />
      </div>
      <button type="submit" className="button">
        {t("coordBundles.add")}
      </button>
    </Form>
  );
}

/** How many baskets the stock allows, the cap, and what stands in the way. */
function Availability({ data }: { data: Data }) {
  const { t } = useTranslation();
  const { bundle, contents } = data;
  const blocked = contents.filter((c) => !c.onSale).map((c) => c.productName);
  return (
    <section className="card" aria-labelledby="availability-title">
      <h2 id="availability-title">{t("coordBundles.availabilityTitle")}</h2>
      {contents.length === 0 ? (
        <p>{t("coordBundles.noContents")}</p>
      ) : (
        <>
          <p>
            <strong>{t("coordBundles.byStock", { count: bundle.byStock })}</strong>
          </p>
          {blocked.length ? (
            <p className="notice-inline">
              {t("coordBundles.blockedBy", { products: blocked.join(", ") })}
            </p>
          ) : null}
        </>
      )}
      <p>
        {t("coordBundles.taken", { count: bundle.taken })}
        <br />
        {bundle.maxCount === null
          ? t("coordBundles.noCapLine")
          : t("coordBundles.capLine", { count: bundle.maxCount })}
        <br />
        {bundle.perCustomerLimit === null
          ? t("coordBundles.noLimitLine")
          : t("coordBundles.limitLine", { count: bundle.perCustomerLimit })}
        <br />
        {t("coordBundles.canMake", { count: bundle.canMake })}
      </p>
      {bundle.status === "active" ? null : <p className="hint">{t("coordBundles.notOnSaleYet")}</p>}
    </section>
  );
}

/** The contents bought alone against the basket's price, and how the price is shared. */
function PriceAndShares({ data }: { data: Data }) {
  const { t } = useTranslation();
  const { bundle, shares, contents } = data;
  const difference = bundle.valueAloneCents - bundle.priceCents;
  return (
    <section className="card" aria-labelledby="price-title">
      <h2 id="price-title">{t("coordBundles.valueTitle")}</h2>
      {contents.length === 0 ? (
        <p>{t("coordBundles.sharesEmpty")}</p>
      ) : (
        <>
          <p>
            {t("coordBundles.valueAlone", {
              value: formatMoney(bundle.valueAloneCents),
              price: formatMoney(bundle.priceCents),
            })}{" "}
            <strong>
              {difference > 0
                ? t("coordBundles.saves", { amount: formatMoney(difference) })
                : difference < 0
                  ? t("coordBundles.paysMore", { amount: formatMoney(-difference) })
                  : t("coordBundles.same")}
            </strong>
          </p>
          <h3 id="shares-title">{t("coordBundles.sharesTitle")}</h3>
          <p className="hint">{t("coordBundles.sharesExplained")}</p>
          <div className="table-scroll" role="region" aria-labelledby="shares-caption" tabIndex={0}>
            <table className="coord-slots">
              <caption id="shares-caption">
                {t("coordBundles.sharesCaption", { percent: shares.percent })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("coordBundles.col.producer")}</th>
                  <th scope="col">{t("coordBundles.col.share")}</th>
                  <th scope="col">{t("coordBundles.col.commission")}</th>
                  <th scope="col">{t("coordBundles.col.net")}</th>
                </tr>
              </thead>
              <tbody>
                {shares.rows.map((r) => (
                  <tr key={r.producerId}>
                    <th scope="row">{r.farmName}</th>
                    <td className="coord-nowrap">{formatMoney(r.shareCents)}</td>
                    <td className="coord-nowrap">{formatMoney(r.commissionCents)}</td>
                    <td className="coord-nowrap">{formatMoney(r.netCents)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{t("coordBundles.total")}</th>
                  <td className="coord-nowrap">{formatMoney(shares.total.shareCents)}</td>
                  <td className="coord-nowrap">{formatMoney(shares.total.commissionCents)}</td>
                  <td className="coord-nowrap">{formatMoney(shares.total.netCents)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        </>
      )}
      <p className="hint">{t("coordBundles.ordersUntouched")}</p>
    </section>
  );
}

function DetailsForm({ data, reply }: { data: Data; reply?: Refusal }) {
  const { t } = useTranslation();
  const { bundle } = data;
  const mine = reply?.formId === "details" ? reply : undefined;
  const value = (name: string, fallback: string) => mine?.typed[name] ?? fallback;
  const described = (name: string, hint?: string) => {
    const error = mine?.errors[name]?.length ? `details-${name}-error` : undefined;
    const ids = [hint, error].filter(Boolean).join(" ");
    return {
      ...(error ? { "aria-invalid": true as const } : {}),
      ...(ids ? { "aria-describedby": ids } : {}),
    };
  };
  return (
    <section className="card" aria-labelledby="details-title">
      <h2 id="details-title">{t("coordBundles.detailsTitle")}</h2>
      <Form method="post" encType="multipart/form-data" noValidate>
        <input type="hidden" name="intent" value="save" />
        <Messages reply={reply} formId="details" />
        <div className="field">
          <label htmlFor="details-name">{t("coordBundles.fields.name")}</label>
          <input
            id="details-name"
            name="name"
            type="text"
            maxLength={80}
            defaultValue={value("name", bundle.name)}
            {...described("name")}
          />
          <FieldErrors id="details-name-error" reply={reply} formId="details" name="name" />
        </div>
        <div className="field">
          <label htmlFor="details-description">{t("coordBundles.fields.description")}</label>
          <textarea
            id="details-description"
            name="description"
            rows={3}
            defaultValue={value("description", bundle.description)}
            {...described("description")}
          />
          <FieldErrors
            id="details-description-error"
            reply={reply}
            formId="details"
            name="description"
          />
        </div>
        <div className="field">
          <label htmlFor="details-price">{t("coordBundles.fields.price")}</label>
          <p className="hint" id="details-price-hint">
            {t("coordBundles.fields.priceHint")}
          </p>
          <input
            id="details-price"
            name="price"
            type="text"
            inputMode="decimal"
            defaultValue={value("price", bundle.priceValue)}
            {...described("price", "details-price-hint")}
          />
          <FieldErrors id="details-price-error" reply={reply} formId="details" name="price" />
        </div>
        <div className="field">
          <label htmlFor="details-maxCount">{t("coordBundles.fields.maxCount")}</label>
          <p className="hint" id="details-maxCount-hint">
            {t("coordBundles.fields.maxCountHint", {
              count: bundle.taken,
              byStock: bundle.byStock,
            })}
          </p>
          <input
            id="details-maxCount"
            name="maxCount"
            type="text"
            inputMode="numeric"
            defaultValue={value(
              "maxCount",
              bundle.maxCount === null ? "" : String(bundle.maxCount),
            )}
            {...described("maxCount", "details-maxCount-hint")}
          />
          <FieldErrors id="details-maxCount-error" reply={reply} formId="details" name="maxCount" />
        </div>
        <div className="field">
          <label htmlFor="details-perCustomerLimit">
            {t("coordBundles.fields.perCustomerLimit")}
          </label>
          <p className="hint" id="details-perCustomerLimit-hint">
            {t("coordBundles.fields.perCustomerLimitHint")}
          </p>
          <input
            id="details-perCustomerLimit"
            name="perCustomerLimit"
            type="text"
            inputMode="numeric"
            defaultValue={value(
              "perCustomerLimit",
              bundle.perCustomerLimit === null ? "" : String(bundle.perCustomerLimit),
            )}
            {...described("perCustomerLimit", "details-perCustomerLimit-hint")}
          />
          <FieldErrors
            id="details-perCustomerLimit-error"
            reply={reply}
            formId="details"
            name="perCustomerLimit"
          />
        </div>
        <div className="field">
          <label htmlFor="details-photo">{t("coordBundles.fields.photo")}</label>
          {bundle.photoKey ? (
            <ProductPhoto
              photoKey={bundle.photoKey}
              alt={t("coordBundles.photoOf", { name: bundle.name })}
            />
          ) : null}
          <p className="hint" id="details-photo-hint">
            {t("coordBundles.fields.photoHint")}
          </p>
          <input
            id="details-photo"
            name="photo"
            type="file"
            accept="image/*"
            {...described("photo", "details-photo-hint")}
          />
          <FieldErrors id="details-photo-error" reply={reply} formId="details" name="photo" />
        </div>
        <button type="submit" className="button primary">
          {t("coordBundles.save")}
        </button>
      </Form>
    </section>
  );
}

/** Publish, pause, publish again, or delete a draft. */
function StatusControls({ data, reply }: { data: Data; reply?: Refusal }) {
  const { t } = useTranslation();
  const { bundle } = data;
  const button = (intent: string, label: string, danger = false) => (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={danger ? "button danger coord-danger" : "button primary"}>
        {label}
      </button>
    </Form>
  );
  return (
    <section className="card" aria-labelledby="status-title">
      <h2 id="status-title">{t("coordBundles.statusTitle")}</h2>
      <p>
        <span className="badge">{t(`coordBundles.status.${bundle.status}`)}</span>{" "}
        {t(`coordBundles.statusExplained.${bundle.status}`)}
      </p>
      <Messages reply={reply} formId="status" />
      <div className="coord-day-actions">
        {bundle.status === "draft" ? button("publish", t("coordBundles.publish")) : null}
        {bundle.status === "active" ? button("pause", t("coordBundles.pause")) : null}
        {bundle.status === "paused" ? button("resume", t("coordBundles.resume")) : null}
      </div>
      {bundle.status === "draft" && bundle.taken === 0 ? (
        <>
          <p className="hint">{t("coordBundles.deleteHint")}</p>
          <div className="coord-day-actions">
            {button("delete", t("coordBundles.delete"), true)}
          </div>
        </>
      ) : null}
    </section>
  );
}

export default function BundlePage() {
  const { t } = useTranslation();
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Refusal | undefined;
  const { bundle, day } = data;
  return (
    <>
      <p>
        <Link to={`/coordinacion/canastas?fecha=${day.date}`}>{t("coordBundles.backToList")}</Link>
      </p>
      <h1>{bundle.name}</h1>
      <p>
        <span className="badge">{t(`coordBundles.status.${bundle.status}`)}</span>{" "}
        {t("coordBundles.dayLine", { date: day.label })} ·{" "}
        <strong>{formatMoney(bundle.priceCents)}</strong>
      </p>
      {day.finished ? (
        <p className="notice-inline">{t("coordBundles.errors.dayFinished")}</p>
      ) : null}

      <section className="card" aria-labelledby="contents-title">
        <h2 id="contents-title">{t("coordBundles.contentsTitle")}</h2>
        <ContentsTable data={data} reply={reply} />
        {day.finished ? null : <AddContentForm data={data} reply={reply} />}
        <p className="hint">{t("coordBundles.quantityHint", { max: MAX_UNITS_PER_BASKET })}</p>
      </section>

      <Availability data={data} />
      <PriceAndShares data={data} />
      {day.finished ? null : <DetailsForm data={data} reply={reply} />}
      {day.finished ? null : <StatusControls data={data} reply={reply} />}
    </>
  );
}
