import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { AddContentForm, ContentsTable, type BundleComposeView } from "../ui/BundleComposeForms";
import { DetailsForm, StatusControls } from "../ui/BundleDetailsForms";
import { Availability, PriceAndShares } from "../ui/BundleComposeSections";
import { requireCoordinator } from "../features/access/coordinator.server";
import { setFlash } from "../infra/flash.server";
import { getTranslator } from "../infra/i18n.server";
import {
  AddContentSchema,
  BundleDetailsSchema,
  BundleStatusSchema,
  ContentQuantitySchema,
  DeleteBundleSchema,
  MAX_UNITS_PER_BUNDLE,
  RemoveContentSchema,
} from "../features/bundles/coord-bundles-schemas";
import { bpsToPercent } from "../features/settlement/coord-settlement-schemas";
import { parseForm } from "../lib/form-parse";
import { centsToInput } from "../lib/form-fields";
import { idParam } from "../lib/route-params";
import { refuseForm } from "../lib/forms.server";
import type { FormReply } from "../lib/form-reply";
import { formatMarketDate, formatMoney } from "../lib/format";
import { readFormWithPhoto } from "../features/producers/photo-form.server";
import { sharesByProducer, sharesTotal } from "../features/bundles/bundles.server";
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
import { titleMeta } from "../lib/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { market } = await requireCoordinator(request);
  const { t, locale } = await getTranslator(request);
  const found = getComposeBundle({ marketId: market.id, bundleId: idParam(params.id) });
  if (!found) throw new Response("Not found", { status: 404 });
  const { bundle, day, choices } = found;
  const shares = sharesByProducer(bundle, market.commissionBps);
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
      priceValue: centsToInput(bundle.priceCents),
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
      rows: shares,
      total: sharesTotal(shares),
    },
  });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  const bundleId = idParam(params.id);
  const formData = await readFormWithPhoto(request);
  const notFound = () => new Response("Not found", { status: 404 });
  if (formData === "tooLarge")
    return refuseForm(new FormData(), {
      status: 413,
      formId: "details",
      fieldErrors: { photo: ["errors.photoTooLarge"] },
    });
  const refuse = (
    formId: string,
    fieldErrors: Record<string, string[] | null> | null | undefined,
    status = 400,
    values?: FormReply["values"],
  ) => refuseForm(formData, { formId, fieldErrors, status, values });
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
    if (submission.status !== "success") return refuse("details", submission.error);
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
    if (submission.status !== "success") return refuse("add", submission.error);
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
      if (submission.status !== "success") return refuse(formId, submission.error);
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

export default function BundlePage() {
  const { t } = useTranslation();
  const data: BundleComposeView = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
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
        <p className="hint">{t("coordBundles.quantityHint", { max: MAX_UNITS_PER_BUNDLE })}</p>
      </section>

      <Availability data={data} />
      <PriceAndShares data={data} />
      {day.finished ? null : <DetailsForm data={data} reply={reply} />}
      {day.finished ? null : <StatusControls data={data} reply={reply} />}
    </>
  );
}
