import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { Field } from "../ui/fields";
import { MarketDayPicker } from "../ui/MarketDayPicker";
import { requireCoordinator } from "../features/access/coordinator.server";
import { setFlash } from "../infra/flash.server";
import { NewBundleSchema } from "../features/bundles/coord-bundles-schemas";
import { parseForm } from "../lib/form-parse";
import { formatMarketDate, formatMoney } from "../lib/format";
import { readFormData, refuseForm } from "../lib/forms.server";
import { formErrorsOf, typedIn } from "../lib/form-reply";
import { listDayBundles } from "../features/bundles/coord-bundles.server";
import { createDraftBundle } from "../features/bundles/bundle-edits.server";
import { requireCoordinatorDay } from "../features/market-days/coord-day.server";
import { titleMeta } from "../lib/meta";

/** Choose a market day (the next one unless `?fecha=` says otherwise) and see its baskets. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { market, t, locale, day, choices } = await requireCoordinatorDay(request, "coming");
  const baskets = day ? listDayBundles({ marketId: market.id, marketDayId: day.id }) : [];
  return json({
    title: t("coordBundles.title"),
    days: choices,
    day: day
      ? {
          id: day.id,
          date: day.date,
          label: formatMarketDate(day.date, locale),
          // Cancelled days are not listed; a completed one is history.
          finished: day.status === "completed",
        }
      : null,
    baskets: baskets.map((b) => ({
      id: b.id,
      name: b.name,
      price: formatMoney(b.priceCents),
      status: b.status,
      contentCount: b.contents.length,
      taken: b.taken,
      canMake: b.canMake,
      maxCount: b.maxCount,
    })),
  });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

export async function action({ request }: ActionFunctionArgs) {
  const { user, market } = await requireCoordinator(request);
  const formData = await readFormData(request);
  // A refused form comes back with what was typed, so nothing has to be typed again.
  const refuse = (fieldErrors: Record<string, string[] | null> | null | undefined, status = 400) =>
    refuseForm(formData, { formId: "create", fieldErrors, status });

  const submission = parseForm(formData, NewBundleSchema);
  if (submission.status !== "success") return refuse(submission.error);
  const { marketDayId, name, price } = submission.value;
  const result = createDraftBundle({
    marketId: market.id,
    actorUserId: user.id,
    marketDayId,
    name,
    priceCents: price,
  });
  if (!result.ok) {
    if (result.error === "notFound") throw new Response("Not found", { status: 404 });
    return refuse({ "": [`coordBundles.errors.${result.error}`] }, 409);
  }
  return redirect(`/coordinacion/canastas/${result.bundle.id}`, {
    headers: {
      "Set-Cookie": await setFlash({ key: "coordBundles.flash.created", values: { name } }),
    },
  });
}

export default function BundlesIndex() {
  const { t } = useTranslation();
  const { days, day, baskets } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const invalid = (name: string) =>
    reply?.error?.[name]?.length
      ? { "aria-invalid": true as const, "aria-describedby": `new-${name}-error` }
      : {};
  // The day is a hidden field: an error about it is the form's.
  const formErrors = [...formErrorsOf(reply), ...(reply?.error?.marketDayId ?? [])];
  if (!day)
    return (
      <>
        <h1>{t("coordBundles.title")}</h1>
        <p className="card">{t("coordBundles.noDays")}</p>
      </>
    );
  return (
    <>
      <h1>{t("coordBundles.title")}</h1>
      <p className="hint">{t("coordBundles.intro")}</p>
      <MarketDayPicker id="bundles-day" selected={day.date} days={days} showStatus />

      <section aria-labelledby="bundles-for">
        <h2 id="bundles-for">{t("coordBundles.listFor", { date: day.label })}</h2>
        {baskets.length === 0 ? (
          <p>{t("coordBundles.none")}</p>
        ) : (
          <ul className="coord-day-list" aria-labelledby="bundles-for">
            {baskets.map((b) => (
              <li key={b.id} className="card">
                <h3>
                  <Link to={`/coordinacion/canastas/${b.id}`}>{b.name}</Link>
                </h3>
                <p>
                  <span className="badge">{t(`coordBundles.status.${b.status}`)}</span>{" "}
                  <strong>{b.price}</strong>
                </p>
                <p>
                  {t("coordBundles.contentCount", { count: b.contentCount })}
                  <br />
                  {t("coordBundles.taken", { count: b.taken })}
                  <br />
                  {t("coordBundles.canMake", { count: b.canMake })}
                  <br />
                  {b.maxCount === null
                    ? t("coordBundles.noCap")
                    : t("coordBundles.cap", { count: b.maxCount })}
                </p>
                <p>
                  <Link to={`/coordinacion/canastas/${b.id}`}>
                    {t("coordBundles.edit", { name: b.name })}
                  </Link>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      {day.finished ? (
        <p className="hint">{t("coordBundles.errors.dayFinished")}</p>
      ) : (
        <section className="card" aria-labelledby="new-bundle-title">
          <h2 id="new-bundle-title">{t("coordBundles.newTitle")}</h2>
          <p className="hint">{t("coordBundles.newHint")}</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="create" />
            <input type="hidden" name="marketDayId" value={day.id} />
            {formErrors.length ? (
              <div className="form-error" role="alert">
                {formErrors.map((e) => (
                  <p key={e}>{t(e)}</p>
                ))}
              </div>
            ) : null}
            <Field id="new-name" label={t("coordBundles.fields.name")} errors={reply?.error?.name}>
              <input
                id="new-name"
                name="name"
                type="text"
                maxLength={80}
                defaultValue={typedIn(reply, "name") ?? ""}
                {...invalid("name")}
              />
            </Field>
            <Field
              id="new-price"
              label={t("coordBundles.fields.price")}
              hint={t("coordBundles.fields.priceHint")}
              errors={reply?.error?.price}
            >
              <input
                id="new-price"
                name="price"
                type="text"
                inputMode="decimal"
                defaultValue={typedIn(reply, "price") ?? ""}
                aria-describedby={
                  reply?.error?.price?.length ? "new-price-error" : "new-price-hint"
                }
                aria-invalid={reply?.error?.price?.length ? true : undefined}
              />
            </Field>
            <button type="submit" className="button primary">
              {t("coordBundles.create")}
            </button>
          </Form>
        </section>
      )}
    </>
  );
}
