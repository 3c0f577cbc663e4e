/**
 * Messages rendered at send time, in the recipient's language as it is then (users.locale),
 * from the "notify" catalogue: money as formatMoney, dates and times in Lima. Payloads are the
 * JSON the code that queued the message wrote; a payload that does not fit its template is a
 * permanent failure (retrying cannot fix it).
 */
import i18next, { type TFunction } from "i18next";
import type { Locale } from "../../../db/schema-enums";
import { i18nConfig, isUiLanguage } from "../../infra/i18n";
import { resources } from "../../infra/i18n.server";
import { openCode } from "../access/code-crypto.server";
import { formatMarketDate, formatMoney, formatTime, INTL_LOCALE } from "../../lib/format";
import { PermanentError, type RenderedMessage } from "./types.server";
import { fitList } from "../sms-commands/gsm7";

// The same configuration and catalogues as the pages' translator (i18n.server.ts).
const instance = i18next.createInstance();
void instance.init({ ...i18nConfig, resources, initImmediate: false });

type Payload = Record<string, unknown>;

function str(payload: Payload, key: string): string {
  const value = payload[key];
  if (typeof value === "string" && value) return value;
  if (typeof value === "number") return String(value);
  throw new PermanentError(`payload.${key} is missing`);
}

function num(payload: Payload, key: string): number {
  const value = payload[key];
  if (typeof value === "number" && Number.isFinite(value)) return value;
  throw new PermanentError(`payload.${key} is not a number`);
}

/** An instant as epoch milliseconds or an ISO string (both are queued by callers). */
function instant(payload: Payload, key: string): Date {
  const value = payload[key];
  const date =
    typeof value === "number" || typeof value === "string" ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime())) throw new PermanentError(`payload.${key} is not an instant`);
  return date;
}

function isDate(value: string) {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}

const shortDateFormats = new Map<string, Intl.DateTimeFormat>();
/** "sáb. 5 dic." for a local market date: SMS and subjects stay short. */
function formatShortDate(date: string, locale: Locale) {
  let format = shortDateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      weekday: "short",
      day: "numeric",
      month: "short",
      timeZone: "UTC",
    });
    shortDateFormats.set(locale, format);
  }
  return format.format(new Date(`${date}T12:00:00Z`));
}

function dateValues(payload: Payload, locale: Locale) {
  const date = str(payload, "date");
  if (!isDate(date)) throw new PermanentError("payload.date is not YYYY-MM-DD");
  return { date: formatMarketDate(date, locale), shortDate: formatShortDate(date, locale) };
}

function slotValue(payload: Payload, locale: Locale) {
  const start = formatTime(instant(payload, "slotStartsAt"), locale);
  const end = formatTime(instant(payload, "slotEndsAt"), locale);
  return `${start}–${end}`;
}

/** Where and when an order is picked up: the confirmation and the reminder both say it. */
function pickupValues(payload: Payload, locale: Locale) {
  return {
    code: str(payload, "pickupCode"),
    ...dateValues(payload, locale),
    slot: slotValue(payload, locale),
    place: str(payload, "place"),
  };
}

type DigestLine = { productName: string; unit: string; quantity: number };

function digestLines(payload: Payload): DigestLine[] {
  const lines = payload.lines;
  if (!Array.isArray(lines)) throw new PermanentError("payload.lines is not a list");
  return lines.map((line: Payload) => ({
    productName: str(line, "productName"),
    unit: str(line, "unit"),
    quantity: num(line, "quantity"),
  }));
}

/** The values each template's strings interpolate. */
function valuesFor(t: TFunction, template: string, payload: Payload, locale: Locale) {
  switch (template) {
    case "order_confirmed":
      return { ...pickupValues(payload, locale), total: formatMoney(num(payload, "totalCents")) };
    case "order_cancelled":
    case "order_expired":
    case "market_day_cancelled":
      return { code: str(payload, "pickupCode"), ...dateValues(payload, locale) };
    case "pickup_reminder":
      return pickupValues(payload, locale);
    case "payment_proof_rejected":
      return {
        code: str(payload, "pickupCode"),
        reason: str(payload, "reason"),
        until: formatTime(instant(payload, "until"), locale),
      };
    case "producer_digest": {
      const lines = digestLines(payload).map((line) => ({
        quantity: new Intl.NumberFormat(INTL_LOCALE[locale]).format(line.quantity),
        unit: t(`units.${line.unit}`, { defaultValue: line.unit }),
        product: line.productName,
      }));
      const shortLines = lines.map((line) => t("notify.producer_digest.shortLine", line));
      return {
        ...dateValues(payload, locale),
        lines: lines.map((line) => t("notify.producer_digest.line", line)).join("\n"),
        shortLines: shortLines.join(", "),
        shortLineList: shortLines,
      };
    }
    case "producer_approved":
    case "producer_suspended":
      return { farmName: str(payload, "farmName") };
    case "account_code_reset":
    case "account_code_contact": {
      const code = openCode(str(payload, "sealedCode"));
      // Sealed under another SESSION_SECRET: no retry can open it; the person asks again.
      if (!code) throw new PermanentError("payload.sealedCode cannot be opened");
      return { code, minutes: num(payload, "minutes") };
    }
    default:
      throw new PermanentError(`unknown template ${template}`);
  }
}

/** The catalogue keys of a template: the reinstatement is an approval told differently. */
function keyOf(template: string, payload: Payload) {
  if (template === "producer_approved" && payload.reinstated === true) return "producer_reinstated";
  // A Yape/Plin payment the market gives back by hand, and a card payment refunded, are told
  // in their own words.
  if ((template === "order_cancelled" || template === "order_expired") && payload.wallet === true) {
    return `${template}_wallet`;
  }
  if ((template === "order_cancelled" || template === "order_expired") && payload.refund === true) {
    return `${template}_refund`;
  }
  return template;
}

/**
 * For a reset code sent by email: the code page with the address and the code filled in, on
 * the site's public origin (queued only when it is known, see app/infra/public-origin.server.ts).
 */
function codeLink(payload: Payload, code: string): string | null {
  const to = payload.to as { kind?: unknown; value?: unknown } | undefined;
  if (typeof payload.origin !== "string" || to?.kind !== "email") return null;
  if (typeof to.value !== "string") return null;
  const query = new URLSearchParams({ contacto: to.value, codigo: code });
  return `${payload.origin}/recuperar/codigo?${query}`;
}

export function renderMessage({
  template,
  payload,
  locale,
  name,
}: {
  template: string;
  payload: Payload;
  locale: string;
  /** The recipient's full name; messages greet them by first name. */
  name: string;
}): RenderedMessage {
  const lng: Locale = isUiLanguage(locale) ? locale : "es";
  const t = instance.getFixedT(lng);
  // An answer to a text message was written in the sender's language when it was run: sent
  // as it is, with no greeting, so it stays one SMS.
  if (template === "command_reply") {
    const reply = str(payload, "text");
    return { subject: reply.split("\n")[0].slice(0, 80), text: reply, short: reply };
  }
  const values = { ...valuesFor(t, template, payload, lng), name: name.split(" ")[0] || name };
  const key = `notify.${keyOf(template, payload)}`;
  let text = t(`${key}.text`, values);
  const reason = typeof payload.reason === "string" ? payload.reason.trim() : "";
  if (template === "producer_suspended" && reason) {
    text += `\n\n${t("notify.reason", { reason })}`;
  }
  const link = template === "account_code_reset" ? codeLink(payload, String(values.code)) : null;
  if (link) text += `\n\n${t("notify.account_code_reset.link", { link })}`;
  return {
    subject: t(`${key}.subject`, values),
    text: `${t("notify.greeting", values)}\n\n${text}\n\n${t("notify.signature")}`,
    short: template === "producer_digest" ? digestShort(t, values) : t(`${key}.short`, values),
  };
}

/**
 * The digest as one text message (GSM-7, 160 characters): the first products and "+N más"
 * when they do not all fit; the whole list is in the email and on the pick list page.
 */
function digestShort(t: TFunction, values: Record<string, unknown>) {
  return fitList(
    values.shortLineList as string[],
    (shown, more) => t("notify.producer_digest.short", { ...values, shortLines: shown + more }),
    (count) => t("notify.producer_digest.more", { count }),
  );
}
