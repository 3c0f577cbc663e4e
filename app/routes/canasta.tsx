import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "../infra/translate";
import {
  readCart,
  readBundles,
  writeCartLine,
  writeBundleLine,
} from "../features/cart/cart-cookie.server";
import { bundlePath } from "../ui/BundleCard";
import { CartLineItem } from "../ui/CartLineItem";
import { setFlash, type Flash } from "../infra/flash.server";
import { readFormData } from "../lib/forms.server";
import { getTranslator } from "../infra/i18n.server";
import { parseForm } from "../lib/form-parse";
import { formatMoney } from "../lib/format";
import {
  CartLineSchema,
  BUNDLE_LINE_INTENTS,
  BundleLineSchema,
} from "../features/cart/cart-schemas";
import { describeCart, describeBundleLines } from "../features/cart/cart.server";
import { cartLineQuantity } from "../features/cart/line-quantity";
import { getCurrentMarketDay, orderWindow } from "../features/market-days/markets.server";
import { getUser } from "../infra/session.server";
import { titleMeta } from "../lib/meta";

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getTranslator(request);
  const user = (await getUser(request))?.user ?? null;
  const day = getCurrentMarketDay();
  const basketLines = day ? await readCart(request, user) : [];
  const basket = day
    ? describeCart({
        lines: basketLines,
        marketDayId: day.id,
        consumerId: user?.id ?? null,
      })
    : { lines: [], totalCents: 0 };
  // Family baskets of this market day (a draft, never on sale, is not among them).
  const bundles = (
    day
      ? describeBundleLines({
          lines: await readBundles(request, user),
          marketDayId: day.id,
          alongside: basketLines,
          consumerId: user?.id ?? null,
        }).lines
      : []
  ).map(({ bundle, requested, max, problem, subtotalCents }) => ({
    id: bundle.id,
    name: bundle.name,
    photoKey: bundle.photoKey,
    priceCents: bundle.priceCents,
    perCustomerLimit: bundle.perCustomerLimit,
    // Fewer than the market has left: the rest of this basket (its loose items) takes them.
    ownLinesCompete: problem === "stock" && max < bundle.left,
    requested,
    max,
    problem,
    subtotalCents,
  }));
  const bundlesCents = bundles
    .filter((l) => l.problem !== "unavailable")
    .reduce((sum, l) => sum + l.subtotalCents, 0);
  return json({
    title: t("basket.title"),
    basket,
    bundles,
    totalCents: basket.totalCents + bundlesCents,
    open: day ? orderWindow(day) === "open" : false,
  });
}

/** Plain forms only: no JavaScript needed (see root.tsx). */
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = titleMeta;

/**
 * Adds to or sets a basket line, within what is left and the per-customer limit. JavaScript
 * forms (fetchers) get JSON back; plain forms are redirected with a one-time message.
 */
export async function action({ request }: ActionFunctionArgs) {
  const formData = await readFormData(request);
  if ((BUNDLE_LINE_INTENTS as readonly unknown[]).includes(formData.get("intent")))
    return bundleAction(request, formData);
  const submission = parseForm(formData, CartLineSchema);
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const { intent, offerId, redirectTo } = submission.value;
  const user = (await getUser(request))?.user ?? null;
  const day = getCurrentMarketDay();
  if (!day) throw new Response("No market day", { status: 404 });

  const headers = new Headers();
  // Taking something out always works, even when the offer is paused or gone.
  if (intent === "set" && submission.value.quantity === 0) {
    const cleared = await writeCartLine(request, user, { offerId, quantity: 0 });
    if (cleared) headers.append("Set-Cookie", cleared);
    if (formData.get("respond") === "json")
      return json({ ok: true, quantity: 0, capped: false }, { headers });
    headers.append("Set-Cookie", await setFlash({ key: "flash.removedLine" }));
    return redirect(redirectTo ?? "/canasta", { headers });
  }

  const lines = await readCart(request, user);
  const asked = cartLineQuantity({
    adding: intent === "add",
    already: lines.find((l) => l.offerId === offerId)?.quantity ?? 0,
    asked: submission.value.quantity,
  });
  const [line] = describeCart({
    lines: [{ offerId, quantity: asked.probe }],
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
  const { quantity, capped } = asked.capTo(line.max);

  const cartCookie = await writeCartLine(request, user, { offerId, quantity });
  if (cartCookie) headers.append("Set-Cookie", cartCookie);
  if (formData.get("respond") === "json") return json({ ok: true, quantity, capped }, { headers });

  const message: Flash = capped
    ? { key: "flash.capped", values: { product: line.productName, count: quantity } }
    : { key: "flash.added", values: { product: line.productName, count: quantity } };
  headers.append("Set-Cookie", await setFlash(message));
  return redirect(redirectTo ?? "/canasta", { headers });
}

/**
 * The same for a family basket: bounded by how many baskets are left (the stock of every
 * content and the coordinators' cap). Drafts and other days' baskets are unknown here.
 */
async function bundleAction(request: Request, formData: FormData) {
  const submission = parseForm(formData, BundleLineSchema);
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const { intent, bundleId, redirectTo } = submission.value;
  const respondJson = formData.get("respond") === "json";
  const user = (await getUser(request))?.user ?? null;
  const day = getCurrentMarketDay();
  if (!day) throw new Response("No market day", { status: 404 });

  const headers = new Headers();
  if (intent === "setBundle" && submission.value.quantity === 0) {
    const cleared = await writeBundleLine(request, user, { bundleId, quantity: 0 });
    if (cleared) headers.append("Set-Cookie", cleared);
    if (respondJson) return json({ ok: true, quantity: 0, capped: false }, { headers });
    headers.append("Set-Cookie", await setFlash({ key: "bundles.flash.removed" }));
    return redirect(redirectTo ?? "/canasta", { headers });
  }

  const lines = await readBundles(request, user);
  const asked = cartLineQuantity({
    adding: intent === "addBundle",
    already: lines.find((l) => l.bundleId === bundleId)?.quantity ?? 0,
    asked: submission.value.quantity,
  });
  // Bounded by what the rest of this basket leaves (its items and the baskets before it).
  const probe = { bundleId, quantity: asked.probe };
  const withThis = lines.some((l) => l.bundleId === bundleId)
    ? lines.map((l) => (l.bundleId === bundleId ? probe : l))
    : [...lines, probe];
  const found = describeBundleLines({
    lines: withThis,
    marketDayId: day.id,
    alongside: await readCart(request, user),
    consumerId: user?.id ?? null,
  }).lines.find((l) => l.bundle.id === bundleId);
  const line = found;
  if (!line || line.max === 0) {
    // The family already holds its limit, sold out since the page was shown, or not on sale.
    const reason =
      line?.problem === "limit" ? "limit" : line?.problem === "stock" ? "soldOut" : "unavailable";
    if (respondJson) {
      return json(submission.reply({ formErrors: [`bundles.errors.${reason}`] }), {
        status: line ? 409 : 404,
      });
    }
    const back = await setFlash({
      key: `bundles.flash.${reason}`,
      values: { name: line?.bundle.name ?? "", count: line?.bundle.perCustomerLimit ?? 0 },
    });
    return redirect(redirectTo ?? "/canasta", { headers: { "Set-Cookie": back } });
  }
  const { quantity, capped } = asked.capTo(line.max);

  const cookie = await writeBundleLine(request, user, { bundleId, quantity });
  if (cookie) headers.append("Set-Cookie", cookie);
  if (respondJson) return json({ ok: true, quantity, capped }, { headers });
  const message: Flash = {
    key: !capped
      ? "bundles.flash.added"
      : line.problem === "limit"
        ? "bundles.flash.cappedByLimit"
        : "bundles.flash.capped",
    values: { name: line.bundle.name, count: quantity, limit: line.bundle.perCustomerLimit ?? 0 },
  };
  headers.append("Set-Cookie", await setFlash(message));
  return redirect(redirectTo ?? "/canasta", { headers });
}

export default function CartPage() {
  const { t } = useTranslation();
  const { basket, bundles, totalCents, open } = useLoaderData<typeof loader>();
  if (basket.lines.length === 0 && bundles.length === 0) {
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
  const hasProblems = basket.lines.some((l) => l.problem) || bundles.some((l) => l.problem);
  return (
    <>
      <h1>{t("basket.title")}</h1>
      {bundles.length > 0 ? (
        <section className="card basket-producer" aria-labelledby="basket-bundles">
          <h2 id="basket-bundles">{t("bundles.sectionTitle")}</h2>
          <ul className="basket-lines">
            {bundles.map((line) => (
              <CartLineItem
                key={line.id}
                field="bundleId"
                id={line.id}
                photoKey={line.photoKey}
                name={<Link to={bundlePath(line.id)}>{line.name}</Link>}
                price={`${formatMoney(line.priceCents)} ${t("bundles.perBasket")}`}
                problem={
                  !line.problem
                    ? null
                    : line.problem === "unavailable"
                      ? t("bundles.unavailable")
                      : line.problem === "limit"
                        ? t("bundles.overLimitHeld", {
                            count: line.perCustomerLimit ?? 0,
                            more: line.max,
                          })
                        : line.ownLinesCompete
                          ? t("bundles.overStockOwn", { count: line.max })
                          : t("bundles.overStock", { count: line.max })
                }
                quantityLabel={t("bundles.quantity")}
                max={line.max}
                requested={line.requested}
                removeName={line.name}
                subtotalCents={line.subtotalCents}
              />
            ))}
          </ul>
          <p className="subtotal">
            {t("basket.producerSubtotal")}:{" "}
            <strong>
              {formatMoney(
                bundles
                  .filter((l) => l.problem !== "unavailable")
                  .reduce((sum, l) => sum + l.subtotalCents, 0),
              )}
            </strong>
          </p>
        </section>
      ) : null}
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
              <CartLineItem
                key={line.offerId}
                field="offerId"
                id={line.offerId}
                photoKey={line.photoKey}
                name={line.productName}
                price={`${formatMoney(line.priceCents)} ${t("catalogue.perUnit", { unit: t(`units.${line.unit}`) })}`}
                problem={
                  !line.problem
                    ? null
                    : line.problem === "unavailable"
                      ? t("basket.unavailable")
                      : line.problem === "limit"
                        ? t("basket.overLimit", { count: line.max })
                        : t("basket.overStock", { count: line.max })
                }
                quantityLabel={t("basket.quantity")}
                max={line.max}
                requested={line.requested}
                removeName={line.productName}
                subtotalCents={line.subtotalCents}
              />
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
          {t("basket.total")}: <strong>{formatMoney(totalCents)}</strong>
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
