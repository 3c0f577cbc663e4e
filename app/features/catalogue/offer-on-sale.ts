/**
 * When an offer is on sale: its producer has it active and the producer's membership is
 * approved (a pending or suspended producer sells nothing). The catalogue shows these offers,
 * the cart and the reservation accept them, a family basket may hold them. Every check goes
 * through offerOnSale() or its SQL twin (offer-on-sale.server.ts), so they always agree.
 */
export const ON_SALE = { offerStatus: "active", producerStatus: "approved" } as const;

export function offerOnSale(offerStatus: string, producerStatus: string): boolean {
  return offerStatus === ON_SALE.offerStatus && producerStatus === ON_SALE.producerStatus;
}
