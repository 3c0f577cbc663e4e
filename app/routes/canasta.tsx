import { json, redirect } from "@remix-run/node";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { SubmissionResult } from "@conform-to/react";
import { useTranslation } from "../infra/translate";
import {
  readCart,
  readBundles,
  writeCartLine,
  writeBundleLine,
} from "../features/cart/cart-cookie.server";
import { bundlePath } from "../ui/BundleCard";
import { BasketGroup, CartLineItem } from "../ui/CartLineItem";
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
  const respondJson = formData.get("respond") === "json";
  const user = (await getUser(request))?.user ?? null;
  const day = getCurrentMarketDay();
  if (!day) throw new Response("No market day", { status: 404 });

  // Taking something out always works, even when the offer is paused or gone.
  if (intent === "set" && submission.value.quantity === 0) {
    return answerWritten({
      cookie: await writeCartLine(request, user, { offerId, quantity: 0 }),
      respondJson,
      written: { quantity: 0, capped: false },
      message: { key: "flash.removedLine" },
      redirectTo,
    });
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
    return answerRefused({
      respondJson,
      reply: submission.reply({ formErrors: [`errors.${reason}`] }),
      status: line ? 409 : 404,
      message: { key: `flash.${reason}`, values: { product: line?.productName ?? "" } },
      redirectTo,
    });
  }
  const { quantity, capped } = asked.capTo(line.max);
  return answerWritten({
    cookie: await writeCartLine(request, user, { offerId, quantity }),
    respondJson,
    written: { quantity, capped },
    message: {
      key: capped ? "flash.capped" : "flash.added",
      values: { product: line.productName, count: quantity },
    },
    redirectTo,
  });
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

  if (intent === "setBundle" && submission.value.quantity === 0) {
    return answerWritten({
      cookie: await writeBundleLine(request, user, { bundleId, quantity: 0 }),
      respondJson,
      written: { quantity: 0, capped: false },
      message: { key: "bundles.flash.removed" },
      redirectTo,
    });
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
    return answerRefused({
      respondJson,
      reply: submission.reply({ formErrors: [`bundles.errors.${reason}`] }),
      status: line ? 409 : 404,
      message: {
        key: `bundles.flash.${reason}`,
        values: { name: line?.bundle.name ?? "", count: line?.bundle.perCustomerLimit ?? 0 },
      },
      redirectTo,
    });
  }
  const { quantity, capped } = asked.capTo(line.max);
  return answerWritten({
    cookie: await writeBundleLine(request, user, { bundleId, quantity }),
    respondJson,
    written: { quantity, capped },
    message: {
      key: !capped
        ? "bundles.flash.added"
        : line.problem === "limit"
          ? "bundles.flash.cappedByLimit"
          : "bundles.flash.capped",
      values: { name: line.bundle.name, count: quantity, limit: line.bundle.perCustomerLimit ?? 0 },
    },
    redirectTo,
  });
}

/**
 * How both actions answer once a line is written (`cookie`, when the cart changed): a fetcher
 * gets the quantity as JSON; a plain form goes back to the page with the one-time `message`.
 */
async function answerWritten({
  cookie,
  respondJson,
  written,
  message,
  redirectTo,
}: {
  cookie: string | null | undefined;
  respondJson: boolean;
  written: { quantity: number; capped: boolean };
  message: Flash;
  redirectTo: string | undefined;
}) {
  const headers = new Headers();
  if (cookie) headers.append("Set-Cookie", cookie);
  if (respondJson) return json({ ok: true, ...written }, { headers });
  headers.append("Set-Cookie", await setFlash(message));
  return redirect(redirectTo ?? "/canasta", { headers });
}

/**
 * How both actions answer when the line cannot be had (the cart stays as it was): a fetcher
 * gets the reason (`reply`, with `status`); a plain form goes back with the `message`.
 */
async function answerRefused({
  respondJson,
  reply,
  status,
  message,
  redirectTo,
}: {
  respondJson: boolean;
  reply: SubmissionResult<string[]>;
  status: number;
  message: Flash;
  redirectTo: string | undefined;
}) {
  if (respondJson) return json(reply, { status });
  const back = await setFlash(message);
  return redirect(redirectTo ?? "/canasta", { headers: { "Set-Cookie": back } });
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
        <BasketGroup
          id="basket-bundles"
          heading={t("bundles.sectionTitle")}
          subtotalCents={bundles
            .filter((l) => l.problem !== "unavailable")
            .reduce((sum, l) => sum + l.subtotalCents, 0)}
        >
          {bundles.map((line) => (
            <CartLineItem
              key={line.id}
              field="bundleId"
              id={line.id}
              line={line}
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
              removeName={line.name}
            />
          ))}
        </BasketGroup>
      ) : null}
      {[...byProducer.values()].map((lines) => (
        <BasketGroup
          key={lines[0].producerId}
          id={`producer-${lines[0].producerId}`}
          heading={
            <>
              <Link to={`/productores/${lines[0].producerSlug}`}>{lines[0].farmName}</Link>
              <span className="muted"> · {lines[0].community}</span>
            </>
          }
          subtotalCents={lines.reduce((s, l) => s + l.subtotalCents, 0)}
        >
          {lines.map((line) => (
            <CartLineItem
              key={line.offerId}
              field="offerId"
              id={line.offerId}
              line={line}
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
              removeName={line.productName}
            />
          ))}
        </BasketGroup>
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
