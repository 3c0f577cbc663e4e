/** The SQL twin of offer-on-sale.ts. */
import { and, eq, type SQL } from "drizzle-orm";
import { memberships, offers } from "../../../db/schema";
import { ON_SALE } from "./offer-on-sale";

/** offerOnSale() as a condition, for a query that joins the offer's producer's membership. */
export const offerOnSaleSql: SQL = and(
  eq(offers.status, ON_SALE.offerStatus),
  eq(memberships.status, ON_SALE.producerStatus),
)!;
