/**
 * What the coordinators changed for a producer, worded for the producer's page: the audit
 * rows of app/features/producers/assisted-producers.server.ts turned into "what, on which product and day,
 * which values before and after", with money and dates formatted in the page's language.
 */
import { formatDateTime, formatMarketDate, formatMoney } from "../../lib/format";

export const CHANGE_KINDS = {
  "offer.create": "offerCreate",
  "offer.update": "offerUpdate",
  "offer.pause": "offerPause",
  "offer.resume": "offerResume",
  "product.create": "productCreate",
} as const;

type Kind = (typeof CHANGE_KINDS)[keyof typeof CHANGE_KINDS];
const OFFER_FIELDS = ["priceCents", "quantity", "perCustomerLimit"] as const;
type Field = "price" | "quantity" | "perCustomerLimit" | "unit";

export type ChangeView = {
  id: number;
  kind: Kind;
  product: string;
  /** The market day of an offer, worded. */
  date: string | null;
  at: string;
  actor: string;
  /** `from` absent: the value set; `null`: no limit. */
  details: { field: Field; from?: string | null; to: string | null }[];
};

type Row = {
  id: number;
  action: string;
  at: Date;
  actor: string | null;
  productName: string;
  unit: string;
  date?: string;
  before?: Record<string, unknown>;
  after: Record<string, unknown>;
};

function shown(field: (typeof OFFER_FIELDS)[number], value: unknown): string | null {
  if (typeof value !== "number") return null;
  return field === "priceCents" ? formatMoney(value) : String(value);
}

const fieldName = (field: (typeof OFFER_FIELDS)[number]): Field =>
  field === "priceCents" ? "price" : field;

export function describeChanges(rows: Row[], locale: string): ChangeView[] {
  return rows.flatMap((row) => {
    const kind = CHANGE_KINDS[row.action as keyof typeof CHANGE_KINDS];
    if (!kind) return [];
    let details: ChangeView["details"] = [];
    if (kind === "offerCreate") {
      details = OFFER_FIELDS.filter((f) => f !== "perCustomerLimit" || row.after[f] != null).map(
        (f) => ({ field: fieldName(f), to: shown(f, row.after[f]) }),
      );
    } else if (kind === "offerUpdate") {
      details = OFFER_FIELDS.filter((f) => row.before?.[f] !== row.after[f]).map((f) => ({
        field: fieldName(f),
        from: shown(f, row.before?.[f]),
        to: shown(f, row.after[f]),
      }));
    } else if (kind === "productCreate") {
      details = [{ field: "unit", to: row.unit }];
    }
    return [
      {
        id: row.id,
        kind,
        product: row.productName,
        date: row.date ? formatMarketDate(row.date, locale) : null,
        at: formatDateTime(row.at, locale),
        actor: row.actor ?? "",
        details,
      },
    ];
  });
}
