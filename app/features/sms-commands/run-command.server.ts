/**
 * A producer's text message (SMS or WhatsApp, already matched to them by phone by the inbound
 * webhooks) run as a command through the same model functions as the producer's web pages:
 * the cutoff, "never below what is reserved" and the ownership of each offer are theirs. The
 * answer says, in the producer's language, what happened or what was wrong and how to write
 * it, in GSM-7 and within one SMS where the content allows.
 */
import i18next from "i18next";
import { i18nConfig, isUiLanguage } from "../../infra/i18n";
import { resources } from "../../infra/i18n.server";
import { formatMoney, INTL_LOCALE } from "../../lib/format";
import { getProducerOfUser } from "../access/memberships.server";
import { getNextMarketDay } from "../market-days/markets.server";
import { getPickLists } from "../picklists/pick-lists.server";
import {
  copyLastMarketDay,
  createOffer,
  listProducerOffers,
  offersEditable,
  setOfferStatus,
  updateOffer,
  type OfferChangeResult,
} from "../producers/producer-offers.server";
import { listProducts } from "../producers/products.server";
import { MAX_OFFER_QUANTITY } from "../producers/producer-schemas";
import { fitList, fitSms, gsm7Length, SMS_LIMIT, toGsm7 } from "./gsm7";
import { findProduct, parseCommand, withCodes, type ParsedCommand } from "./parse-command";

export type CommandResult = {
  /** The command recognised ("MISMO", "OFERTA", "LISTA", "PEDIDOS", "LLEVAR", "PAUSA", "AYUDA"), or "DESCONOCIDO". */
  command: string;
  ok: boolean;
  /** The answer to send back, in the producer's language, ≤ 160 GSM-7 characters where possible. */
  reply: string;
};

// The same configuration and catalogues as the pages' translator.
const instance = i18next.createInstance();
void instance.init({ ...i18nConfig, resources, initImmediate: false });

/** Highest price an offer takes, as the offer form (S/ 10,000). */
const MAX_PRICE_CENTS = 1_000_000;

type Values = Record<string, string | number>;
type Day = NonNullable<ReturnType<typeof getNextMarketDay>>;

/** Runs one text message from an approved producer (already matched by phone) through the real models. */
export function runProducerCommand(input: {
  producerId: number;
  marketId: number;
  userId: number;
  locale: "es" | "qu" | "en";
  text: string;
  now?: Date;
}): CommandResult {
  const { producerId, marketId, userId, now = new Date() } = input;
  const locale = isUiLanguage(input.locale) ? input.locale : "es";
  const t = instance.getFixedT(locale);
  const say = (key: string, values: Values = {}) => t(`smsCommands.${key}`, values);
  const parsed = parseCommand(String(input.text ?? ""));
  const answer = (ok: boolean, reply: string): CommandResult => ({
    command: parsed.command,
    ok,
    reply: fitSms(toGsm7(reply)),
  });

  if (parsed.command === "AYUDA") return answer(true, say("help"));
  if (parsed.command === "DESCONOCIDO") return answer(false, say("unknown"));

  // Read afresh: a producer suspended since the phone was matched is refused as on the web.
  const found = getProducerOfUser({ userId, marketId });
  if (!found || found.producer.id !== producerId) return answer(false, say("notProducer"));
  if (found.status !== "approved") return answer(false, say("notApproved"));
  const day = getNextMarketDay({ marketId, now, fresh: true });
  if (!day) return answer(false, say("noMarketDay"));

  const context: Context = { producerId, marketId, day, now, say, t, locale };
  const [ok, reply] = run(parsed, context);
  return { command: parsed.command, ok, reply };
}

type Context = {
  producerId: number;
  marketId: number;
  day: Day;
  now: Date;
  say: (key: string, values?: Values) => string;
  t: (key: string, values?: Values) => string;
  locale: "es" | "qu" | "en";
};

/** [ok, reply], the reply already in GSM-7 and fitted. */
function run(parsed: ParsedCommand, c: Context): [boolean, string] {
  const plain = (text: string) => fitSms(toGsm7(text));
  const date = shortDate(c.day.date, c.locale);
  switch (parsed.command) {
    case "MISMO": {
      const result = copyLastMarketDay({ producerId: c.producerId, day: c.day, now: c.now });
      if (!result.ok) return [false, plain(c.say("closed", { date }))];
      return result.created > 0
        ? [true, plain(c.say("copied", { count: result.created, date }))]
        : [true, plain(c.say("copiedNone", { date }))];
    }
    case "OFERTA":
      return runOffer(parsed, c, date);
    case "PAUSA":
    case "SIGUE":
      return runStatus(parsed, c, date);
    case "LISTA":
      return [true, productList(parsed.page, c)];
    case "PEDIDOS":
      return [true, reservedSoFar(c, date)];
    case "LLEVAR":
      return [true, toBring(c, date)];
    default:
      return [false, plain(c.say("unknown"))];
  }
}

/** "sab 5 dic": weekday, day and month, without the commas and dots Intl puts between. */
function shortDate(date: string, locale: "es" | "qu" | "en") {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  })
    .formatToParts(new Date(`${date}T12:00:00Z`))
    .filter((part) => part.type !== "literal")
    .map((part) => part.value.replace(/\.$/, ""))
    .join(" ");
}

function unitWord(c: Context, unit: string) {
  return c.t(`units.${unit}`, { defaultValue: unit });
}

/** The producer's products (not archived) with their short codes. */
function productsWithCodes(producerId: number) {
  return withCodes(listProducts(producerId));
}

/**
 * The product a command names, or the answer saying it was not found (with where to find the
 * codes) or which ones it could be.
 */
function resolveProduct(query: string, c: Context) {
  const products = productsWithCodes(c.producerId);
  const match = findProduct(query, products);
  if (match.found) return { product: match.found };
  const shown = toGsm7(query).slice(0, 20);
  if (match.candidates.length === 0)
    return { refusal: fitSms(toGsm7(c.say("productNotFound", { query: shown }))) };
  return {
    refusal: fitList(
      match.candidates.map((p) => `${p.code} ${p.name}`),
      (choices, more) => c.say("ambiguous", { query: shown, choices, more }),
      (count) => c.say("more", { count }),
    ),
  };
}

function runOffer(
  parsed: Extract<ParsedCommand, { command: "OFERTA" }>,
  c: Context,
  date: string,
): [boolean, string] {
  const plain = (text: string) => fitSms(toGsm7(text));
  if ("error" in parsed) {
    const key = { format: "offerFormat", quantity: "quantityInvalid", price: "priceInvalid" }[
      parsed.error
    ];
    return [false, plain(c.say(key, { max: MAX_OFFER_QUANTITY }))];
  }
  if (parsed.quantity > MAX_OFFER_QUANTITY)
    return [false, plain(c.say("quantityInvalid", { max: MAX_OFFER_QUANTITY }))];
  if (parsed.priceCents !== null && (parsed.priceCents <= 0 || parsed.priceCents > MAX_PRICE_CENTS))
    return [false, plain(c.say("priceInvalid"))];
  const resolved = resolveProduct(parsed.product, c);
  if (!resolved.product) return [false, resolved.refusal];
  const product = resolved.product;
  const existing = listProducerOffers({
    producerId: c.producerId,
    marketDayId: c.day.id,
  }).find((o) => o.productId === product.id);
  if (!existing && parsed.priceCents === null)
    return [false, plain(c.say("priceNeeded", { product: product.name, code: product.code }))];
  const offer = {
    priceCents: parsed.priceCents ?? existing!.priceCents,
    quantity: parsed.quantity,
    // A limit set on the web stays: a text message cannot say it.
    perCustomerLimit: existing?.perCustomerLimit ?? null,
  };
  const change = { producerId: c.producerId, day: c.day, now: c.now };
  const result = existing
    ? updateOffer({ ...change, offerId: existing.offerId, offer })
    : createOffer({ ...change, productId: product.id, offer });
  const values = {
    product: product.name,
    code: product.code,
    quantity: offer.quantity,
    unit: unitWord(c, product.unit),
    price: formatMoney(offer.priceCents),
    date,
  };
  if (result.ok) return [true, plain(c.say(existing ? "updated" : "created", values))];
  return [false, plain(refusalOf(result, c, values))];
}

function refusalOf(result: Exclude<OfferChangeResult, { ok: true }>, c: Context, values: Values) {
  switch (result.error) {
    case "closed":
      return c.say("closed", values);
    case "belowReserved":
      return c.say("belowReserved", { ...values, reserved: result.reserved });
    default:
      // Not found, already offered a moment ago, a key reused: nothing was changed.
      return c.say("notChanged", values);
  }
}

function runStatus(
  parsed: Extract<ParsedCommand, { command: "PAUSA" | "SIGUE" }>,
  c: Context,
  date: string,
): [boolean, string] {
  const plain = (text: string) => fitSms(toGsm7(text));
  const pause = parsed.command === "PAUSA";
  if ("error" in parsed) return [false, plain(c.say(pause ? "pauseFormat" : "resumeFormat"))];
  const resolved = resolveProduct(parsed.product, c);
  if (!resolved.product) return [false, resolved.refusal];
  const product = resolved.product;
  const values = { product: product.name, code: product.code, date };
  const existing = listProducerOffers({
    producerId: c.producerId,
    marketDayId: c.day.id,
  }).find((o) => o.productId === product.id);
  if (!existing) return [false, plain(c.say("notOffered", values))];
  const result = setOfferStatus({
    producerId: c.producerId,
    day: c.day,
    offerId: existing.offerId,
    status: pause ? "paused" : "active",
    now: c.now,
  });
  if (result.ok) return [true, plain(c.say(pause ? "paused" : "resumed", values))];
  return [false, plain(refusalOf(result, c, values))];
}

/** LISTA: the codes, a page at a time so each page is one SMS ("LISTA 2" for the next). */
function productList(page: number, c: Context): string {
  const products = productsWithCodes(c.producerId);
  if (products.length === 0) return fitSms(toGsm7(c.say("noProducts")));
  const items = products.map((p) => toGsm7(`${p.code} ${p.name}`));
  const pageText = (shown: string[], at: number, of: number) =>
    toGsm7(
      c.say("list", { items: shown.join(", "), page: at, pages: of }) +
        (at < of ? c.say("listNext", { next: at + 1 }) : ""),
    );
  const pages: string[][] = [[]];
  for (const item of items) {
    const current = pages[pages.length - 1];
    // Worst case page numbers (two digits each) so the pages do not change once counted.
    if (current.length > 0 && gsm7Length(pageText([...current, item], 99, 99)) > SMS_LIMIT)
      pages.push([item]);
    else current.push(item);
  }
  const at = Math.min(page, pages.length);
  return fitSms(pageText(pages[at - 1], at, pages.length));
}

/** PEDIDOS: what is reserved so far of each offer of the next market day, and its value. */
function reservedSoFar(c: Context, date: string): string {
  const offers = listProducerOffers({ producerId: c.producerId, marketDayId: c.day.id });
  if (offers.length === 0) return fitSms(toGsm7(c.say("noOffers", { date })));
  const reserved = offers.filter((o) => o.reserved > 0);
  if (reserved.length === 0)
    return fitSms(toGsm7(c.say("ordersNone", { date, count: offers.length })));
  const total = formatMoney(reserved.reduce((sum, o) => sum + o.reservedCents, 0));
  return fitList(
    reserved.map((o) =>
      c.say("ordersItem", {
        product: o.productName,
        reserved: o.reserved,
        quantity: o.quantity,
        unit: unitWord(c, o.unit),
      }),
    ),
    (items, more) => c.say("orders", { date, items, more, total }),
    (count) => c.say("more", { count }),
  );
}

/** LLEVAR: the pick list's totals; "so far" until the cutoff. */
function toBring(c: Context, date: string): string {
  const [list] = getPickLists({
    marketId: c.marketId,
    marketDayId: c.day.id,
    producerId: c.producerId,
  });
  const totals = list?.totals ?? [];
  if (totals.length === 0) return fitSms(toGsm7(c.say("bringNone", { date })));
  const key = offersEditable(c.day, c.now) ? "bringSoFar" : "bring";
  return fitList(
    totals.map((total) =>
      c.say("bringItem", {
        quantity: total.quantity,
        unit: unitWord(c, total.unit),
        product: total.productName,
      }),
    ),
    (items, more) => c.say(key, { date, items, more }),
    (count) => c.say("more", { count }),
  );
}
