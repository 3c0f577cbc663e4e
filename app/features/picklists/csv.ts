/**
 * CSV files for spreadsheets (RFC 4180), written by hand: quoting is a few lines, and the
 * formula neutralization below needs to know which cells are people's text and which are our
 * own numbers, which a general CSV library does not.
 *
 * - UTF-8 with a byte-order mark, so Excel set to Spanish opens "Quispe Huamán" with its
 *   accents instead of guessing a Windows code page;
 * - every text cell quoted, inner quotes doubled, CRLF line ends;
 * - text that starts with = + - @ (or a tab or carriage return) gets a leading apostrophe,
 *   so a name typed as `=HYPERLINK(...)` is shown as text and never run as a formula;
 * - money is a plain decimal in soles ("12.50"), which Excel in es-PE reads as a number.
 */

/** A number we produced ourselves: written as is, never neutralized (it may be negative). */
export type CsvNumber = { readonly numeric: string };
export type CsvCell = string | number | CsvNumber | null | undefined;

export const CSV_BOM = "\uFEFF";
const FORMULA_START = /^[=+\-@\t\r]/;

/** Céntimos as soles with two decimals: 1250 → "12.50", -300 → "-3.00". */
export function csvMoney(cents: number): CsvNumber {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return { numeric: `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}` };
}

/** One cell: numbers as they are, text quoted and defused. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "object") return value.numeric;
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The whole file: byte-order mark, header row, then the rows. */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(","));
  return CSV_BOM + lines.join("\r\n") + "\r\n";
}

/** A download response for a CSV file; `filename` must be plain ASCII (we build it). */
export function csvResponse(body: string, filename: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

const LIMA_OFFSET_MS = -5 * 60 * 60 * 1000;

/** "2026-12-05 07:30": an instant in Lima time, sortable, for a spreadsheet cell. */
export function csvDateTime(instant: Date | null): string {
  if (!instant) return "";
  return new Date(instant.getTime() + LIMA_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}

/** "07:30": the Lima wall-clock time of an instant. */
export function csvTime(instant: Date): string {
  return csvDateTime(instant).slice(11);
}
