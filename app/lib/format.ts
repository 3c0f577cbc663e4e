/** Formatting for people: money, dates and numbers through Intl, always in Lima time. */
import { MARKET_TIME_ZONE } from "./time";

/** BCP 47 tag used with Intl for each UI language: Peruvian conventions for all three. */
export const INTL_LOCALE = { es: "es-PE", qu: "qu-PE", en: "en-PE" } as const;
type UiLocale = keyof typeof INTL_LOCALE;

function intlLocale(locale: string) {
  return INTL_LOCALE[locale as UiLocale] ?? INTL_LOCALE.es;
}

// Building an Intl formatter costs far more than using one: keep one per language and style.
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string, style: string, options: Intl.DateTimeFormatOptions) {
  const key = `${locale}|${style}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(intlLocale(locale), options);
    formatters.set(key, formatter);
  }
  return formatter;
}

// Money is shown as Peruvians write it ("S/ 1,234.50") whatever the UI language.
const moneyFormat = new Intl.NumberFormat("es-PE", { style: "currency", currency: "PEN" });

/** Céntimos to "S/ 12.50". */
export function formatMoney(cents: number): string {
  return moneyFormat.format(cents / 100);
}

/** "sábado, 5 de diciembre de 2026" for a local market date (YYYY-MM-DD). */
export function formatMarketDate(date: string, locale: string): string {
  // Noon UTC is the same calendar day in Lima, so the date never shifts.
  return dateFormat(locale, "date", { dateStyle: "full", timeZone: "UTC" }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

/** "viernes 4 de diciembre, 8:00 p. m." for an instant, in Lima time. */
export function formatDateTime(instant: Date, locale: string): string {
  return dateFormat(locale, "dateTime", {
    weekday: "long",
    day: "numeric",
    month: "long",
    hour: "numeric",
    minute: "2-digit",
    timeZone: MARKET_TIME_ZONE,
  }).format(instant);
}

/** "7:00 a. m." for an instant, in Lima time. */
export function formatTime(instant: Date, locale: string): string {
  return dateFormat(locale, "time", {
    hour: "numeric",
    minute: "2-digit",
    timeZone: MARKET_TIME_ZONE,
  }).format(instant);
}

/** "7:00 a. m. – 7:30 a. m.": a pickup slot or window, in Lima time. */
export function formatTimeRange(start: Date, end: Date, locale: string): string {
  return `${formatTime(start, locale)} – ${formatTime(end, locale)}`;
}

/** "en 3 días", "en 5 horas", "en 20 minutos": how far away an instant is, in words. */
export function formatTimeLeft(until: Date, now: Date, locale: string): string {
  const minutes = Math.max(0, Math.round((until.getTime() - now.getTime()) / 60_000));
  const format = new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: "always" });
  if (minutes >= 48 * 60) return format.format(Math.floor(minutes / (24 * 60)), "day");
  if (minutes >= 120) return format.format(Math.floor(minutes / 60), "hour");
  return format.format(minutes, "minute");
}
