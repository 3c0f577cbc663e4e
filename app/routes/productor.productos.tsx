import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import { Field, FieldError } from "../ui/fields";
import { UNITS } from "../../db/schema-enums";
import { ProductPhoto } from "../ui/OfferCard";
import { setFlash } from "../infra/flash.server";
import { getTranslator } from "../infra/i18n.server";
import { parseForm } from "../lib/form-parse";
import { readFormWithPhoto } from "../features/producers/photo-form.server";
import { refuseForm } from "../lib/forms.server";
import { typedIn } from "../lib/form-reply";
import { ArchiveProductSchema, ProductSchema } from "../features/producers/producer-schemas";
import { categoryName } from "../features/market-days/markets.server";
import { storePhoto } from "../features/producers/photos.server";
import {
  checkProductTarget,
  listCategories,
  listProducts,
  saveProduct,
  setProductArchived,
} from "../features/producers/products.server";
import { requireProducer } from "../features/access/producer.server";
import { titleMeta } from "../lib/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const { producer, market } = await requireProducer(request);
  const { t, locale } = await getTranslator(request);
  const products = listProducts(producer.id);
  const editId = Number(new URL(request.url).searchParams.get("editar"));
  const editing = products.find((p) => p.id === editId) ?? null;
  if (new URL(request.url).searchParams.has("editar") && !editing)
    throw new Response("Not found", { status: 404 });
  return json({
    title: t("producer.productsTitle"),
    products,
    editing,
    categories: listCategories(market.id).map((c) => ({ id: c.id, name: categoryName(c, locale) })),
  });
}

export const meta: MetaFunction<typeof loader> = titleMeta;

export async function action({ request }: ActionFunctionArgs) {
  const { producer, market } = await requireProducer(request);
  const formData = await readFormWithPhoto(request);
  if (formData === "tooLarge")
    // The form could not be read: nothing typed comes back.
    return refuseForm(new FormData(), {
      fieldErrors: { photo: ["errors.photoTooLarge"] },
      status: 413,
    });

  if (formData.get("intent") === "archive" || formData.get("intent") === "restore") {
    const submission = parseForm(formData, ArchiveProductSchema);
    if (submission.status !== "success")
      return refuseForm(formData, { formErrors: ["errors.formInvalid"] });
    const { productId, intent } = submission.value;
    if (
      !setProductArchived({ producerId: producer.id, productId, archived: intent === "archive" })
    ) {
      throw new Response("Not found", { status: 404 });
    }
    return redirect("/productor/productos", {
      headers: {
        "Set-Cookie": await setFlash({
          key: intent === "archive" ? "flash.productArchived" : "flash.productRestored",
        }),
      },
    });
  }

  const submission = parseForm(formData, ProductSchema);
  if (submission.status !== "success")
    return refuseForm(formData, { fieldErrors: submission.error });
  const { productId, intent: _intent, ...product } = submission.value;
  const target = checkProductTarget({
    producerId: producer.id,
    marketId: market.id,
    productId,
    product,
  });
  if (target === "notFound") throw new Response("Not found", { status: 404 });
  if (target === "unitLocked") {
    return refuseForm(formData, { fieldErrors: { unit: ["errors.unitLocked"] }, status: 409 });
  }
  // The photo is stored only once the rest is known good, so a refusal stores nothing.
  const photo = formData.get("photo");
  let photoKey: string | undefined;
  if (photo instanceof Blob && photo.size > 0) {
    const stored = await storePhoto(photo);
    if (!stored.ok)
      return refuseForm(formData, { fieldErrors: { photo: [`errors.${stored.error}`] } });
    photoKey = stored.key;
  }
  const saved = saveProduct({
    producerId: producer.id,
    marketId: market.id,
    productId,
    product,
    photoKey,
  });
  if (saved === null) throw new Response("Not found", { status: 404 });
  return redirect("/productor/productos", {
    headers: {
      "Set-Cookie": await setFlash({
        key: "flash.productSaved",
        values: { product: product.name },
      }),
    },
  });
}

export default function ProducerProducts() {
  const { t } = useTranslation();
  const { products, editing, categories } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const value = (name: string, fallback = "") => typedIn(reply, name) ?? fallback;
  const invalid = (name: string) =>
    reply?.error?.[name]?.length
      ? { "aria-invalid": true, "aria-describedby": `${name}-error` }
      : {};
  return (
    <>
      <h1>{t("producer.productsTitle")}</h1>
      <Form
        method="post"
        encType="multipart/form-data"
        className="card"
        aria-labelledby="product-form-title"
      >
        <h2 id="product-form-title">
          {editing
            ? t("producer.editProduct", { product: editing.name })
            : t("producer.newProduct")}
        </h2>
        <input type="hidden" name="intent" value="save" />
        {editing ? <input type="hidden" name="productId" value={editing.id} /> : null}
        <FieldError id="form-error" errors={reply?.error?.[""]} />
        <Field id="name" label={t("producer.productName")} errors={reply?.error?.name}>
          <input
            id="name"
            name="name"
            type="text"
            defaultValue={value("name", editing?.name)}
            {...invalid("name")}
          />
        </Field>
        <div className="filter-row">
          <Field id="categoryId" label={t("catalogue.category")} errors={reply?.error?.categoryId}>
            <select
              id="categoryId"
              name="categoryId"
              defaultValue={value("categoryId", editing ? String(editing.categoryId) : "")}
              {...invalid("categoryId")}
            >
              <option value="">{t("forms.choose")}</option>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="unit" label={t("producer.unit")} errors={reply?.error?.unit}>
            <select
              id="unit"
              name="unit"
              defaultValue={value("unit", editing?.unit ?? "kg")}
              {...invalid("unit")}
            >
              {UNITS.map((u) => (
                <option key={u} value={u}>
                  {t(`units.${u}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field
          id="description"
          label={t("producer.description")}
          errors={reply?.error?.description}
        >
          <textarea
            id="description"
            name="description"
            rows={3}
            defaultValue={value("description", editing?.description)}
            {...invalid("description")}
          />
        </Field>
        <Field
          id="photo"
          label={t("producer.photo")}
          hint={t("producer.photoHint")}
          errors={reply?.error?.photo}
        >
          <input
            id="photo"
            name="photo"
            type="file"
            accept="image/*"
            capture="environment"
            aria-describedby="photo-hint"
            {...invalid("photo")}
          />
        </Field>
        <button type="submit" className="button primary">
          {t("producer.saveProduct")}
        </button>
        {editing ? <Link to="/productor/productos">{t("producer.cancelEdit")}</Link> : null}
      </Form>

      <ul className="producer-offers" aria-label={t("producer.myProducts")}>
        {products.map((p) => (
          <li key={p.id} className={p.archivedAt ? "archived" : undefined}>
            <ProductPhoto photoKey={p.photoKey} alt={p.name} />
            <div>
              <p className="line-name">
                {p.name} <span className="muted">({t(`units.${p.unit}`)})</span>
                {p.archivedAt ? <span className="badge"> {t("producer.archived")}</span> : null}
              </p>
              <Link to={`/productor/productos?editar=${p.id}`}>
                {t("producer.edit", { product: p.name })}
              </Link>
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value={p.archivedAt ? "restore" : "archive"} />
                <input type="hidden" name="productId" value={p.id} />
                <button type="submit" className="link-button">
                  {p.archivedAt
                    ? t("producer.restore", { product: p.name })
                    : t("producer.archive", { product: p.name })}
                </button>
              </Form>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
