/**
 * The pickup desk's copy of a market day for working without a signal: its shape (shared by the
 * server that makes it and the browser that keeps it), the actions queued offline, the sync's
 * answers, and the search over the copy. Browser-safe: no server imports.
 */
import type { PaymentMethod } from "../../../../db/schema-enums";
import { foldText } from "../../../lib/text";

export type DeskCopyItem = {
  id: number;
  productName: string;
  unit: string;
  quantity: number;
  unitPriceCents: number;
  shareCents: number | null;
  bundleName: string | null;
  bundleCount: number | null;
  producerId: number;
  farmName: string;
  deliveredQuantity: number | null;
  fulfilment: string;
};

export type DeskCopyOrder = {
  id: number;
  code: string;
  name: string;
  /** Only the last three digits: enough to tell two Rosas apart, little to lose with a device. */
  phoneEnd: string | null;
  slotStartsAt: string;
  slotEndsAt: string;
  status: string;
  paymentMethod: PaymentMethod;
  paymentStatus: string;
  totalCents: number;
  cashReceivedCents: number | null;
  items: DeskCopyItem[];
  /** What the order looked like when copied; the sync refuses an action if it changed since. */
  version: string;
};

export type DeskCopy = {
  marketId: number;
  dayId: number;
  date: string;
  /** When the server made the copy (ISO). */
  downloadedAt: string;
  orders: DeskCopyOrder[];
};

/** A handover or no-show recorded offline, waiting to be sent. */
export type QueuedDeskAction = {
  requestKey: string;
  orderId: number;
  version: string;
  intent: "pickup" | "noShow";
  /** Units handed over per item (pickup only). */
  items?: { id: number; delivered: number }[];
  cashReceivedCents?: number | null;
  /** When it was recorded at the desk (ISO), for the screen only. */
  recordedAt: string;
};

export const SYNC_CONFLICTS = [
  "notFound",
  "cancelled",
  "changed",
  "handedElsewhere",
  "noShowElsewhere",
  "notPending",
  "cardNotPaid",
  "paidByCard",
  "walletNotPaid",
  "paidByWallet",
  "cashShort",
  "slotNotOver",
  "nothingDelivered",
  "keyReused",
] as const;
export type SyncConflict = (typeof SYNC_CONFLICTS)[number];

/** The server's answer for one queued action. */
export type SyncResult = {
  requestKey: string;
  orderId: number;
  outcome: "done" | "repeated" | "conflict";
  reason?: SyncConflict;
  /** For cashShort: the total the cash had to cover. */
  totalCents?: number;
};

/** The most actions one sync request may carry; the desk sends a longer queue in turns. */
export const SYNC_BATCH = 50;

const CODE_CHARS = /^[A-Z0-9]{6}$/;

/**
 * Orders of the copy matching what the desk typed: a pickup code, the last phone digits (three
 * or more typed, compared with the three the copy keeps), or part of a name, accents and case
 * folded. The same reading as the online search (desk-search.server.ts), on less data.
 */
export function findInCopy(copy: DeskCopy, query: string): DeskCopyOrder[] {
  const compact = query.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const code = CODE_CHARS.test(compact) ? compact : null;
  const digits = query.replace(/\D/g, "");
  const name = foldText(query.trim());
  const byName = name.length >= 2 && /\p{L}/u.test(name) ? name : null;
  return copy.orders.filter(
    (o) =>
      (code !== null && o.code === code) ||
      (digits.length >= 3 && o.phoneEnd !== null && digits.endsWith(o.phoneEnd)) ||
      (byName !== null && foldText(o.name).includes(byName)),
  );
}
