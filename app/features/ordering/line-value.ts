/**
 * What an order line is worth, in céntimos. A line bought alone is worth unit price × quantity;
 * a line that went out inside a family basket is worth its share of the basket's price, which
 * need not be a whole number of céntimos per unit. Every total (order, pick list, sales,
 * settlement) goes through these two functions or their SQL twins in line-value.server.ts, so
 * the producers' shares always add up to what the consumers paid.
 */
export type PricedLine = { unitPriceCents: number; quantity: number; shareCents?: number | null };

/** The line as reserved. */
export function lineCents(line: PricedLine): number {
  return line.shareCents ?? line.unitPriceCents * line.quantity;
}

/**
 * The part of the line handed over: its worth × delivered / quantity, rounded half up to whole
 * céntimos (exact for a line bought alone: unit price × delivered).
 */
export function deliveredCents(line: PricedLine, delivered: number): number {
  if (delivered >= line.quantity) return lineCents(line);
  if (line.shareCents === null || line.shareCents === undefined)
    return line.unitPriceCents * delivered;
  return Math.floor((2 * line.shareCents * delivered + line.quantity) / (2 * line.quantity));
}
