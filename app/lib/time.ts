/**
 * Time in Qhatu: instants are UTC; market dates are local dates in America/Lima.
 * Peru has had no daylight-saving time since 1994, so Lima is UTC−5 all year and a fixed
 * offset converts exactly, without shipping a time-zone database to the browser.
 */
export const MARKET_TIME_ZONE = "America/Lima";
const LIMA_OFFSET_MS = -5 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The local date in Lima of an instant, as YYYY-MM-DD. */
export function limaDateOf(instant: Date): string {
  return new Date(instant.getTime() + LIMA_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant of a local Lima wall-clock time on a local date ("HH:MM"). */
export function limaInstant(date: string, time: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  return new Date(Date.UTC(y, m - 1, d, hh, mm) - LIMA_OFFSET_MS);
}

/** A local date moved by whole days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Day of week of a local date, 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** The first local date on or after `date` that falls on `weekday`. */
export function nextWeekday(date: string, weekday: number): string {
  return addDays(date, (weekday - weekdayOf(date) + 7) % 7);
}
